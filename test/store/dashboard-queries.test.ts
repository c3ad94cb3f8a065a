/**
 * One contract for the dashboard's store reads, run on a real SQLite file and on the real Redis (a key prefix per
 * test): paging newest first, each filter, deliveries per alert in every state, a story by id, feed failures.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../src/store/open.js';
import { noticeDeliveries } from '../../src/core/feed-health.js';
import type { Alert, Delivery, FeedHealthNotice } from '../../src/core/types.js';
import type { Story } from '../../src/core/stories.js';
import { connectTestRedis, REDIS_URL, runPrefix, storeScratch } from '../redis/redis-env.js';

const { dir, prefixes } = storeScratch('lw-dashq-', 'dashq');

function alert(n: number, o: { tickers?: string[]; topics?: string[]; feed?: string } = {}): Alert {
  const id = `a${n}`;
  return {
    id,
    item: { id, feedId: o.feed ?? 'f1', title: `title ${n}`, summary: '', link: `https://x.example/${n}` },
    match: { lithiumSupply: true, score: 1, why: ['w'], tickers: o.tickers ?? [], figures: [], topics: o.topics ?? ['lithium-supply'] },
    matchedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  };
}
const chanA = { platform: 'discord', id: 'A' };
const chanB = { platform: 'slack', id: 'B' };
const delivery = (a: Alert, channel = chanA): Delivery => ({ alert: a, channel, kind: 'supply', watched: [] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function contract(name: string, open: () => Promise<Stores>) {
  describe(`dashboard queries: ${name}`, () => {
    it('pages the log newest first, and each filter narrows it', async () => {
      const s = await open();
      try {
        await s.subscriptions.put({ channel: chanA, want: 'all', watchlist: [], origin: 'command', updatedAt: 't' });
        await s.subscriptions.put({ channel: chanB, want: 'all', watchlist: [], origin: 'command', updatedAt: 't' });
        const alerts = [
          alert(1, { tickers: ['ALB'] }),
          alert(2, { tickers: ['SQM'], topics: ['nickel-supply'] }),
          alert(3, { tickers: ['ALB', 'SQM'], feed: 'f2' }),
          alert(4),
          alert(5, { tickers: ['ALB'] }),
        ];
        for (const a of alerts) {
          await s.alerts.record(a);
          // Distinct record times: the order under test is the recording order.
          await sleep(3);
        }
        await s.outbox.enqueue([delivery(alerts[0]!), delivery(alerts[2]!), delivery(alerts[2]!, chanB)], new Date());

        expect(await s.dashboard.alertCount()).toBe(5);
        const p1 = await s.dashboard.alertPage({ offset: 0, limit: 2 });
        expect(p1.alerts.map((a) => a.id)).toEqual(['a5', 'a4']);
        expect(p1.more).toBe(true);
        const p3 = await s.dashboard.alertPage({ offset: 4, limit: 2 });
        expect(p3.alerts.map((a) => a.id)).toEqual(['a1']);
        expect(p3.more).toBe(false);

        const ids = async (f: Parameters<Stores['dashboard']['alertPage']>[0]) => (await s.dashboard.alertPage(f)).alerts.map((a) => a.id);
        expect(await ids({ offset: 0, limit: 10, ticker: 'ALB' })).toEqual(['a5', 'a3', 'a1']);
        expect(await ids({ offset: 1, limit: 1, ticker: 'ALB' })).toEqual(['a3']);
        expect(await ids({ offset: 0, limit: 10, topic: 'nickel-supply' })).toEqual(['a2']);
        expect(await ids({ offset: 0, limit: 10, feed: 'f2' })).toEqual(['a3']);
        expect(await ids({ offset: 0, limit: 10, channel: chanA })).toEqual(['a3', 'a1']);
        expect(await ids({ offset: 0, limit: 10, channel: chanB })).toEqual(['a3']);
        expect(await ids({ offset: 0, limit: 10, channel: chanB, ticker: 'SQM', feed: 'f2' })).toEqual(['a3']);
        expect(await ids({ offset: 0, limit: 10, ticker: 'NOPE' })).toEqual([]);

        expect((await s.dashboard.alertById('a2'))?.item.title).toBe('title 2');
        expect(await s.dashboard.alertById('zzz')).toBeUndefined();
        expect((await s.dashboard.alertsSince(new Date(Date.now() - 60_000), 3)).map((a) => a.id)).toEqual(['a5', 'a4', 'a3']);
        expect(await s.dashboard.alertsSince(new Date(Date.now() + 60_000), 3)).toEqual([]);
        expect(await s.dashboard.alertTopicsSince(new Date(Date.now() - 60_000), 4)).toEqual([5, 4, 3, 2].map((k) => ({
          matchedAt: alerts[k - 1]!.matchedAt, topics: alerts[k - 1]!.match.topics,
        })));
      } finally {
        await s.close();
      }
    });

    it('lists an alert\'s deliveries in every state, with the last error', async () => {
      const s = await open();
      try {
        await s.subscriptions.put({ channel: chanA, want: 'all', watchlist: [], origin: 'command', updatedAt: 't' });
        await s.subscriptions.put({ channel: chanB, want: 'all', watchlist: [], origin: 'command', updatedAt: 't' });
        const a = alert(1);
        const other = alert(10);
        await s.alerts.record(a);
        const [ea, eb] = await s.outbox.enqueue([delivery(a), delivery(a, chanB), delivery(other)], new Date());
        await s.outbox.update({ ...ea!, state: 'sent', sentAt: new Date().toISOString(), messageId: 'm1' });
        await s.outbox.update({ ...eb!, state: 'dead', lastError: { at: 't', code: 'FORBIDDEN', message: 'missing access' } });
        const posts = await s.dashboard.postsSince(new Date(Date.now() - 60_000), 10);
        expect(posts.map((p) => [p.matchedAt, p.digest])).toEqual([[a.matchedAt, false]]);
        expect(await s.dashboard.postsSince(new Date(Date.now() + 60_000), 10)).toEqual([]);
        const got = await s.dashboard.deliveriesOf(['a1']);
        expect(got.map((e) => [e.delivery.channel.id, e.state, e.lastError?.code])).toEqual([['A', 'sent', undefined], ['B', 'dead', 'FORBIDDEN']]);
        expect(await s.dashboard.deliveriesOf(['nothing'])).toEqual([]);
        // An id that is a prefix of another alert's id does not pick up the other's rows.
        expect((await s.dashboard.deliveriesOf(['a'])).length).toBe(0);
      } finally {
        await s.close();
      }
    });

    it('leaves feed health notices in the outbox out of the alert log, its deliveries and the latency chart', async () => {
      const s = await open();
      try {
        await s.subscriptions.put({ channel: chanA, want: 'all', watchlist: [], origin: 'command', updatedAt: 't' });
        const a = alert(1);
        await s.alerts.record(a);
        const notice: FeedHealthNotice = { state: 'failing', feedId: 'f1', name: 'Feed one', host: 'x.example', failingSince: new Date().toISOString(), failures: 3 };
        const queued = await s.outbox.enqueue([delivery(a), ...noticeDeliveries(notice, [chanA], new Date())], new Date());
        for (const e of queued) await s.outbox.update({ ...e, state: 'sent', sentAt: new Date().toISOString() });
        expect(queued.some((e) => e.delivery.notice)).toBe(true);
        expect(await s.dashboard.alertCount()).toBe(1);
        expect((await s.dashboard.alertPage({ offset: 0, limit: 10, channel: chanA })).alerts.map((x) => x.id)).toEqual(['a1']);
        expect((await s.dashboard.alertPage({ offset: 0, limit: 10, feed: 'f1' })).alerts.map((x) => x.id)).toEqual(['a1']);
        expect((await s.dashboard.deliveriesOf(['a1'])).map((e) => e.delivery.alert.id)).toEqual(['a1']);
        // A notice is about the bot, not news: it has no fetch-to-post latency.
        expect((await s.dashboard.postsSince(new Date(Date.now() - 60_000), 10)).map((p) => p.matchedAt)).toEqual([a.matchedAt]);
      } finally {
        await s.close();
      }
    });

    it('finds a story by id, and records feed failures once per failed state', async () => {
      const s = await open();
      try {
        const now = new Date().toISOString();
        const story: Story = {
          id: 'st1', firstAt: now, lastAt: now, members: [], figures: [],
          signature: { tickers: [], eventTypes: [], regions: [], sites: [], minhash: [] },
        };
        await s.stories.put(story, alert(1));
        expect((await s.dashboard.story('st1'))?.lead?.id).toBe('a1');
        expect(await s.dashboard.story('st2')).toBeUndefined();

        const t1 = new Date(Date.now() - 5000).toISOString();
        const t2 = new Date(Date.now() - 1000).toISOString();
        const failed = { feedId: 'f1', primed: true, consecutiveFailures: 1, lastPollAt: t1, lastError: { at: t1, code: 'HTTP_STATUS', message: 'HTTP 500' } };
        await s.feedStates.put(failed);
        await s.feedStates.put(failed);
        await s.feedStates.put({ ...failed, consecutiveFailures: 2, lastPollAt: t2, lastError: { at: t2, code: 'NETWORK', message: 'reset' } });
        // A later success keeps the old error in the state but is no new failure.
        await s.feedStates.put({ ...failed, consecutiveFailures: 0, lastPollAt: now });
        const events = await s.dashboard.feedFailures(new Date(Date.now() - 60_000), 10);
        expect(events.map((e) => [e.feedId, e.code, e.at])).toEqual([['f1', 'HTTP_STATUS', t1], ['f1', 'NETWORK', t2]]);
        expect(await s.dashboard.feedFailures(new Date(Date.now() + 60_000), 10)).toEqual([]);
      } finally {
        await s.close();
      }
    });
  });
}

let n = 0;
contract('SQLite (real file)', () => openStores(`sqlite://${join(dir, `d${++n}.sqlite`)}`));
contract('Redis (real server)', () => {
  const prefix = runPrefix('dashq');
  prefixes.push(prefix);
  return openStores(REDIS_URL, { redisPrefix: prefix });
});

describe('dashboard queries: Redis store written before the alert log index', () => {
  it('indexes the alerts it finds once, at their match time', async () => {
    const prefix = runPrefix('dashq-old');
    prefixes.push(prefix);
    const admin = await connectTestRedis();
    // What an older RedisAlertLog.record wrote: the alert's key, no log entry.
    for (const n of [1, 2]) await admin.set(`${prefix}alert:a${n}`, JSON.stringify(alert(n)));
    await admin.close();
    const s = await openStores(REDIS_URL, { redisPrefix: prefix });
    try {
      await s.alerts.record(alert(3));
      // a3 was recorded now; a1 and a2 keep their (older) match times.
      expect((await s.dashboard.alertPage({ offset: 0, limit: 10 })).alerts.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
      expect(await s.dashboard.alertCount()).toBe(3);
    } finally {
      await s.close();
    }
  });
});
