/**
 * One of the processes in the two-process SQLite test (`node --import tsx test/store/sqlite-worker.ts <json>`):
 * writes to the shared file as `start` and the `outbox` CLI do at once. Prints `DONE <json>` with what it won.
 */
import type { Delivery } from '../../src/core/types.js';
import { openStores } from '../../src/store/open.js';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { url: string; name: string; rounds: number; startAt: number };
const delivery = (id: string, ch: string): Delivery => ({
  alert: { id, item: { id, feedId: 'f', title: `t ${id}`, summary: '' }, matchedAt: '2026-01-01T00:00:00.000Z',
    match: { lithiumSupply: true, score: 1, why: ['w'], tickers: ['ALB'], figures: [], topics: ['lithium-supply'] } },
  channel: { platform: 'discord', id: ch }, kind: 'supply', watched: [],
});

const s = await openStores(cfg.url, { instanceId: cfg.name });
// Both start together, so their writes interleave.
while (Date.now() < cfg.startAt) await new Promise((r) => setTimeout(r, 1));
const created: string[] = [];
const leases: string[] = [];
for (let i = 0; i < cfg.rounds; i++) {
  // Half the ids are shared with the other process: each must be queued once in all.
  const own = `${cfg.name}-${i}`;
  const shared = `shared-${i}`;
  const at = new Date();
  const made = await s.committer.commit([delivery(own, `c${i % 5}`), delivery(shared, `c${i % 5}`)], at, [
    { feedId: `feed-${cfg.name}`, seenIds: [own], at, pruneBefore: new Date(0), state: { feedId: `feed-${cfg.name}`, primed: true, consecutiveFailures: 0, etag: `"${i}"` } },
  ]);
  created.push(...made.created.map((e) => e.id));
  if (await s.coordinator.claimDelivery(`k${i}`, 60_000)) leases.push(`k${i}`);
  await s.subscriptions.put({ channel: { platform: 'slack', id: `${cfg.name}-${i}` }, want: 'all', watchlist: [{ symbol: 'ALB' }], origin: 'command', updatedAt: at.toISOString() });
  // Like `outbox retry` beside the deliverer: one process updates entries the other queued.
  const pending = await s.outbox.pending(3);
  for (const e of pending) if (e.id.startsWith('shared-')) await s.outbox.update({ ...e, attempts: e.attempts + 1 });
}
await s.close();
process.stdout.write(`DONE ${JSON.stringify({ created, leases })}\n`);
