/**
 * Health notice state on both engines (a real SQLite file, a real Redis under its own prefix): the run notified is
 * kept in the feed's state across a restart, so a feed that keeps failing is not notified again by the next
 * process; and two instances deciding the same notice at once queue it once per channel (the outbox id).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHealthNotices, healthNoticeSettings } from '../../src/app/health-notices.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { Subscription } from '../../src/core/types.js';
import { FeedError } from '../../src/feeds/errors.js';
import { createPoller } from '../../src/feeds/poller.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { REDIS_URL, storeScratch } from '../redis/redis-env.js';

const { dir, prefix } = storeScratch('lw-health-state-', 'health');

const FEED = { id: 'wire', url: 'https://feeds.example/rss?token=abc' };
const SUBS: Subscription[] = [
  { channel: { platform: 'discord', id: '111' }, want: 'all', watchlist: [], origin: 'command', updatedAt: '2026-01-01T00:00:00Z' },
  { channel: { platform: 'slack', id: 'C1' }, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: '2026-01-01T00:00:00Z' },
];

/** One process's poll loop for the always-failing feed: poll, plan, queue, mark (what the pipeline's settle does). */
function instance(stores: Stores, clock: { now(): Date }, feed = { failing: true }) {
  const logger = createMemoryLogger();
  const poller = createPoller({
    feedStates: stores.feedStates, seen: stores.seen, clock, logger,
    fetch: async () => {
      if (!feed.failing) return { status: 'ok', body: '' };
      throw new FeedError('NETWORK', 'request to https://feeds.example/rss?token=abc failed: ECONNREFUSED');
    },
    parse: async () => ({ items: [] }),
    backoffBaseMs: 1, backoffMaxMs: 1, newItemWindowHours: 6, seenRetentionDays: 30,
  });
  const health = createHealthNotices({
    settings: healthNoticeSettings({ enabled: true, after: 2, channels: [] }), feedStates: stores.feedStates,
    platforms: new Set(['discord', 'slack']), clock, logger,
  });
  return {
    /** Polls once and returns the outbox entries the notices created. */
    async poll() {
      const r = await poller.pollFeed(FEED);
      const plan = health.plan([r], new Map([[FEED.id, FEED]]), SUBS);
      const created = await stores.outbox.enqueue(plan.deliveries, clock.now());
      await r.commit?.();
      await plan.mark();
      return created;
    },
    /** Plans without queueing or marking yet (two instances deciding at once). */
    async decide() {
      return health.plan([await poller.pollFeed(FEED)], new Map([[FEED.id, FEED]]), SUBS);
    },
  };
}

const engines: [string, () => string][] = [
  ['SQLite', () => `sqlite://${join(dir, `h-${Math.random().toString(36).slice(2)}.sqlite`)}`],
  ['Redis', () => REDIS_URL],
];

for (const [name, location] of engines) {
  describe(`feed health state on ${name}`, () => {
    it('a restarted process does not notify a run already notified, and a recovery clears the mark', async () => {
      const loc = location();
      const redisPrefix = `${prefix}${Math.random().toString(36).slice(2)}:`;
      let t = Date.parse('2026-03-01T10:00:00Z');
      const clock = { now: () => new Date((t += 1000)) };
      const first = await openStores(loc, { redisPrefix });
      const a = instance(first, clock);
      expect(await a.poll()).toEqual([]);
      const created = await a.poll();
      const since = (await first.feedStates.get('wire'))!.failingSince!;
      expect(created.map((e) => e.id)).toEqual([`health|failing|wire|${since}|discord:111`, `health|failing|wire|${since}|slack:C1`]);
      await first.close();

      const second = await openStores(loc, { redisPrefix });
      const state = await second.feedStates.get('wire');
      expect(state?.healthNotice).toEqual({
        failingSince: since, sentAt: expect.any(String) as string, channels: [{ platform: 'discord', id: '111' }, { platform: 'slack', id: 'C1' }],
      });
      const feed = { failing: true };
      const b = instance(second, clock, feed);
      for (let i = 0; i < 3; i++) expect(await b.poll()).toEqual([]);
      expect((await second.outbox.pending(100)).filter((e) => e.id.startsWith('health|'))).toHaveLength(2);

      feed.failing = false;
      expect((await b.poll()).map((e) => e.id)).toEqual([`health|recovered|wire|${since}|discord:111`, `health|recovered|wire|${since}|slack:C1`]);
      await second.close();
      const third = await openStores(loc, { redisPrefix });
      expect((await third.feedStates.get('wire'))?.healthNotice).toBeUndefined();
      expect(await instance(third, clock, feed).poll()).toEqual([]);
      await third.close();
    });

    it('two instances deciding the same notice at once queue it once per channel', async () => {
      const loc = location();
      const redisPrefix = `${prefix}${Math.random().toString(36).slice(2)}:`;
      let t = Date.parse('2026-03-01T10:00:00Z');
      const clock = { now: () => new Date((t += 1000)) };
      const s1 = await openStores(loc, { redisPrefix });
      const s2 = await openStores(loc, { redisPrefix });
      const i1 = instance(s1, clock);
      const i2 = instance(s2, clock);
      await i1.poll();
      // Both read the state at two failures, unmarked (e.g. a feed claim that expired mid-poll): both decide.
      const [p1, p2] = [await i1.decide(), await i2.decide()];
      expect(p1.deliveries).toHaveLength(2);
      expect(p2.deliveries.map((d) => d.alert.id)).toEqual(p1.deliveries.map((d) => d.alert.id));
      const [c1, c2] = await Promise.all([s1.outbox.enqueue(p1.deliveries, clock.now()), s2.outbox.enqueue(p2.deliveries, clock.now())]);
      expect(c1.length + c2.length).toBe(2);
      await Promise.all([p1.mark(), p2.mark()]);
      expect(await i1.poll()).toEqual([]);
      await s1.close();
      await s2.close();
    });
  });
}
