/**
 * Writes test/fixtures/store/keyv-layout.sqlite with the keyv layout the store used up to 0.1.0 (every list one
 * JSON value), holding some of each kind of data, so the migration to tables is tested on a file made by that code.
 * It needs the old keyv stores: run it at the commit that adds it (`git log -- scripts/make-keyv-fixture.ts`).
 */
import { rmSync } from 'node:fs';
import { openStores } from '../src/store/open.js';
import type { Alert, Delivery, Subscription } from '../src/core/types.js';
import type { Story } from '../src/core/stories.js';

const file = 'test/fixtures/store/keyv-layout.sqlite';
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
const s = await openStores(`sqlite://${file}`);
const alert = (id: string, tickers: string[]): Alert => ({
  id,
  item: { id: `i-${id}`, feedId: 'mining-weekly', title: `CATL halts Jianxiawo mine ${id}`, summary: 's', link: `https://example.com/${id}` },
  match: { lithiumSupply: true, score: 0.9, why: ['supply: halt'], tickers, figures: [{ kind: 'move', symbol: 'ALB', pct: 13.6 }], topics: ['lithium-supply'] },
  matchedAt: '2026-11-30T08:00:00.000Z',
});
const subA: Subscription = {
  channel: { platform: 'discord', id: '111' }, want: 'lithium-supply', watchlist: [{ symbol: 'ALB' }, { symbol: 'ACME', name: 'Acme Lithium' }],
  origin: 'command', updatedAt: '2026-11-01T00:00:00.000Z', digest: { mode: 'daily', at: '07:30', tz: 'Australia/Perth' },
};
const subB: Subscription = {
  channel: { platform: 'slack', id: 'C222' }, want: null, watchlist: [{ symbol: 'PLS.AX' }], origin: 'command', updatedAt: '2026-11-02T00:00:00.000Z',
  digest: { mode: 'realtime', quiet: { from: '22:00', to: '06:00' } },
};
await s.subscriptions.put(subA);
await s.subscriptions.put(subB);
await s.seen.markSeen('mining-weekly', ['a1', 'a2', 'a3'], new Date('2026-11-30T08:00:00Z'));
await s.seen.markSeen('sample-wire', ['b1'], new Date('2026-11-29T08:00:00Z'));
await s.feedStates.put({ feedId: 'mining-weekly', primed: true, consecutiveFailures: 0, etag: '"abc"', lastModified: 'Mon, 30 Nov 2026 08:00:00 GMT', lastPollAt: '2026-11-30T08:00:00.000Z' });
await s.feedStates.put({ feedId: 'sample-wire', primed: true, consecutiveFailures: 3, failingSince: '2026-11-29T09:00:00.000Z', lastError: { at: '2026-11-30T08:00:00.000Z', code: 'HTTP_503', message: 'Service Unavailable' }, nextAttemptAt: '2026-11-30T09:00:00.000Z' });
const d = (a: Alert, ch: Subscription['channel']): Delivery => ({ alert: a, channel: ch, kind: 'supply', watched: [] });
const a1 = alert('al-1', ['300750.SZ', 'ALB']);
const a2 = alert('al-2', ['ALB']);
const a3 = alert('al-3', ['PLS.AX']);
for (const a of [a1, a2, a3]) await s.alerts.record(a);
await s.alerts.markDelivered(subA.channel, '2026-11-30T08:01:00.000Z');
const [e1, e2, e3] = await s.outbox.enqueue([d(a1, subA.channel), d(a2, subA.channel), d(a3, subB.channel)], new Date('2026-11-30T08:00:00Z'));
await s.outbox.update({ ...e1!, state: 'sent', messageId: 'm-1', sentAt: '2026-11-30T08:01:00.000Z', attempts: 1 });
await s.outbox.update({ ...e2!, state: 'dead', attempts: 5, lastError: { at: '2026-11-30T08:05:00.000Z', code: 'DISCORD_403', message: 'Missing Access' } });
await s.outbox.update({ ...e3!, attempts: 2, nextAttemptAt: '2026-11-30T08:10:00.000Z', lastError: { at: '2026-11-30T08:06:00.000Z', code: 'HTTP_502', message: 'Bad Gateway' } });
const story: Story = {
  id: 'st-1', firstAt: '2026-11-30T07:55:00.000Z', lastAt: '2026-11-30T08:00:00.000Z',
  members: [{ alertId: 'al-1', itemId: 'i-al-1', source: 'Mining Weekly', title: 'CATL halts Jianxiawo mine', at: '2026-11-30T07:55:00.000Z' }] as unknown as Story['members'],
  figures: [], signature: { tickers: ['300750.SZ'], eventTypes: ['halt'], regions: ['CN'] } as unknown as Story['signature'],
};
await s.stories.put(story, a1);
await s.stories.setMessage('st-1', subA.channel, 'msg-st-1');
await s.digests.hold([d(a3, subA.channel)]);
await s.digests.setLastDigestAt(subA.channel, '2026-11-30T07:30:00.000Z');
await s.close();
console.log(`wrote ${file}`);
