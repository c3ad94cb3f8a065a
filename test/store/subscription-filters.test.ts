/**
 * Contract on both engines (a real SQLite file, a real Redis under its own prefix): a subscription's filters and
 * mention survive put/get/list and a reopen, and a queued delivery keeps the mention and the filter's why words,
 * so what the deliverer sends after a restart is what routing decided.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';
import type { Delivery, Subscription } from '../../src/core/types.js';
import { connectTestRedis, REDIS_URL, storeScratch } from '../redis/redis-env.js';

const { dir, prefix } = storeScratch('lw-sub-filters-', 'sub-filters');

const engines: [string, () => string][] = [
  ['sqlite', () => `sqlite://${join(dir, 'wire.sqlite')}`],
  ['redis', () => REDIS_URL],
];

for (const [name, url] of engines) {
  describe(`subscription filters and mention on ${name}`, () => {
    it('round-trip through put, get, list and a reopen; an update that clears them leaves no trace', async () => {
      if (name === 'redis') await (await connectTestRedis()).close();
      const channel = { platform: 'slack', id: `C-${name}`, workspace: 'T0TEAM' };
      const sub: Subscription = {
        channel,
        want: 'all',
        watchlist: [{ symbol: 'ALB' }],
        origin: 'command',
        updatedAt: '2026-12-07T00:00:00.000Z',
        filter: { tickers: ['ALB', 'PLS.AX'], minMovePct: 2.5, topics: ['lithium-supply'], sources: ['reuters', 'mining weekly'], include: ['mine closure', 'suspen*'], exclude: ['price target'] },
        mention: { kind: 'usergroup', id: 'S0614TZR7', label: 'lithium-desk', onlySupply: true, minMovePct: 5 },
      };
      const s1 = await openStores(url(), { redisPrefix: prefix });
      await s1.subscriptions.put(sub);
      expect(await s1.subscriptions.get(channel)).toEqual(sub);
      await s1.close();

      const s2 = await openStores(url(), { redisPrefix: prefix });
      expect(await s2.subscriptions.list()).toEqual([sub]);
      const { filter: _f, mention: _m, ...plain } = sub;
      await s2.subscriptions.put(plain);
      const back = await s2.subscriptions.get(channel);
      expect(back).toEqual(plain);
      expect(back).not.toHaveProperty('filter');
      expect(back).not.toHaveProperty('mention');
      await s2.close();
    });

    it('a queued delivery keeps its mention and filter words', async () => {
      const s = await openStores(url(), { redisPrefix: prefix });
      const tag = `${name}-${Date.now()}`;
      const d: Delivery = {
        alert: {
          id: `${tag}-1`,
          item: { id: '1', feedId: 'wire', title: 'Albemarle halts a line', summary: '' },
          match: { lithiumSupply: true, score: 1, why: ['supply: halt'], tickers: ['ALB'], figures: [{ kind: 'move', symbol: 'ALB', pct: -6 }], topics: ['lithium-supply'] },
          matchedAt: '2026-12-07T00:00:00.000Z',
        },
        channel: { platform: 'discord', id: '900000000000000001' },
        kind: 'supply',
        watched: [],
        filterWhy: 'filter: move \u2265 5%',
        mention: { kind: 'role', id: '123456789012345678' },
      };
      await s.outbox.enqueue([d], new Date());
      const mine = (await s.outbox.pending(10_000)).filter((e) => e.delivery.alert.id === d.alert.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.delivery).toEqual(d);
      await s.close();
    });
  });
}
