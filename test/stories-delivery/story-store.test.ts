/**
 * The StoryStore contract on both engines (SQLite through keyv, Redis primitives): stories come back after a
 * reopen with their lead, a later put without a lead keeps it, recent() filters by the latest report, and the
 * (story, channel) → message map is per channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Story } from '../../src/core/stories.js';
import type { Alert } from '../../src/core/types.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { openRedisStores } from '../../src/store/redis/open.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from '../redis/redis-env.js';

function story(id: string, lastAt: string, titles: string[] = ['first']): Story {
  return {
    id, firstAt: '2026-03-01T08:00:00.000Z', lastAt, relatedTo: undefined,
    members: titles.map((title, i) => ({ itemId: `${id}-${i}`, feedId: `f${i}`, title, at: lastAt, signature: { tickers: ['ALB'] } as unknown as Story['members'][number]['signature'] })),
    figures: [{ kind: 'move', symbol: 'ALB', pct: 13.6 }],
    signature: { tickers: ['ALB'], eventTypes: [], regions: [], sites: [], minhash: [1, 2, 3] },
  };
}

const lead = (id: string): Alert => ({
  id, item: { id, feedId: 'f0', title: `lead ${id}`, summary: 's' },
  match: { lithiumSupply: true, score: 1, why: ['w'], tickers: ['ALB'], figures: [], topics: [] }, matchedAt: '2026-03-01T08:00:00.000Z',
});

const redisUp = await connectTestRedis().then(async (c) => { await c.close(); return true; }, () => false);
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const engines: { name: string; skip: boolean; fresh: () => string; open: (loc: string) => Promise<Stores>; drop?: (loc: string) => Promise<void> }[] = [
  {
    name: 'sqlite', skip: false,
    fresh: () => { const d = mkdtempSync(join(tmpdir(), 'lw-story-store-')); dirs.push(d); return `sqlite://${join(d, 's.sqlite')}`; },
    open: (loc) => openStores(loc),
  },
  {
    name: 'redis', skip: !redisUp,
    fresh: () => runPrefix('stories'),
    open: (prefix) => openRedisStores(REDIS_URL, { prefix }),
    drop: async (prefix) => { const c = await connectTestRedis(); await dropPrefix(c, prefix); await c.close(); },
  },
];

for (const engine of engines) {
  describe.skipIf(engine.skip)(`story store on ${engine.name}${engine.skip ? ` (skipped: no Redis at ${REDIS_URL})` : ''}`, () => {
    it('keeps stories and their lead across a reopen; a put without a lead keeps the old one', async () => {
      const loc = engine.fresh();
      let s = await engine.open(loc);
      await s.stories.put(story('st-a', '2026-03-01T08:00:00.000Z'), lead('a1'));
      await s.stories.put(story('st-b', '2026-03-01T09:00:00.000Z'), lead('b1'));
      await s.stories.put(story('st-a', '2026-03-01T10:00:00.000Z', ['first', 'second']));
      await s.close();
      s = await engine.open(loc);
      try {
        const all = await s.stories.recent(new Date('2026-03-01T00:00:00.000Z'));
        const byId = new Map(all.map((x) => [x.story.id, x]));
        expect([...byId.keys()].sort()).toEqual(['st-a', 'st-b']);
        expect(byId.get('st-a')?.story.members.map((m) => m.title)).toEqual(['first', 'second']);
        expect(byId.get('st-a')?.lead?.id).toBe('a1');
        expect(byId.get('st-b')?.lead?.item.title).toBe('lead b1');
        const late = await s.stories.recent(new Date('2026-03-01T09:30:00.000Z'));
        expect(late.map((x) => x.story.id)).toEqual(['st-a']);
      } finally {
        await s.close();
        await engine.drop?.(loc);
      }
    });

    it('remembers one message per (story, channel)', async () => {
      const loc = engine.fresh();
      const s = await engine.open(loc);
      try {
        const d1 = { platform: 'discord', id: '1' };
        const sl = { platform: 'slack', id: '1' };
        expect(await s.stories.messageFor('st-a', d1)).toBeUndefined();
        await s.stories.setMessage('st-a', d1, 'm-100');
        await s.stories.setMessage('st-a', sl, '1700000000.000100');
        expect(await s.stories.messageFor('st-a', d1)).toBe('m-100');
        expect(await s.stories.messageFor('st-a', sl)).toBe('1700000000.000100');
        expect(await s.stories.messageFor('st-b', d1)).toBeUndefined();
        await s.stories.setMessage('st-a', d1, 'm-200');
        expect(await s.stories.messageFor('st-a', d1)).toBe('m-200');
      } finally {
        await s.close();
        await engine.drop?.(loc);
      }
    });
  });
}
