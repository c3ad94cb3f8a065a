/**
 * Story grouping across instances on one Redis: each stage has its own grouper and connection, as separate
 * `lithium-wire start` processes would, with the production refresh. Reports of one event placed by two or three
 * instances at the same moment, or by one instance that loaded before another opened the story, must make one
 * story (one alert, then edits), not one per instance.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createStoriesStage, SHARED_REFRESH_MS, type StoriesStage } from '../../src/app/stories-stage.js';
import { loadConfig } from '../../src/config/load.js';
import { createMatcher } from '../../src/core/match/matcher.js';
import type { StoryStore } from '../../src/core/ports.js';
import type { Alert, Delivery, NewsItem } from '../../src/core/types.js';
import { CATL, CONFIG_DIR, OUTLETS } from '../stories-delivery/harness.js';
import { sharedRedisStores } from './redis-env.js';

const config = loadConfig({ dir: CONFIG_DIR, env: {} });
const matcher = createMatcher({ tickers: config.tickers, topics: config.topics });
const channel = { platform: 'discord', id: '1' };
const clock = { now: () => new Date() };

/** Outlet `n`'s report of the CATL story, as matched. */
function report(n: number): Alert {
  const r = CATL[n]!;
  const o = OUTLETS[n]!;
  const item: NewsItem = { id: r.guid, feedId: o.id, source: o.title, title: r.title, summary: r.description, link: r.link, published: new Date(Date.now() - r.minutesAgo * 60_000).toISOString() };
  return { id: `${o.id}|${r.guid}`, item, match: matcher.match(item), matchedAt: new Date().toISOString() };
}
const routed = (a: Alert): Delivery[] => [{ alert: a, channel, kind: 'supply', watched: [] }];

/** `n` instances' stores (one connection each) on a fresh shared prefix. */
const { instances } = sharedRedisStores('stories-shared');

const stage = (store: StoryStore, logger = createMemoryLogger(), claimWaitMs?: number): Promise<StoriesStage> =>
  createStoriesStage({ store, clock, logger, tickers: config.tickers, refreshMs: SHARED_REFRESH_MS, ...(claimWaitMs ? { claimWaitMs } : {}) });

/** Counts full re-reads of the stories. */
function counting(store: StoryStore): StoryStore & { reads: number } {
  const c = {
    reads: 0,
    recent: (since: Date) => { c.reads++; return store.recent(since); },
    put: store.put.bind(store),
    messageFor: store.messageFor.bind(store),
    setMessage: store.setMessage.bind(store),
    claimPlacement: store.claimPlacement.bind(store),
  };
  return c;
}

describe('story grouping shared by instances on one Redis', () => {
  it('two instances placing two outlets\' reports of one event at once: one new story, the other report an update of it', async () => {
    // Several rounds, each on a fresh store, so that either instance may win the race.
    for (let round = 0; round < 5; round++) {
      const [sa, sb] = await instances(2);
      const [a, b] = await Promise.all([stage(sa!.stories), stage(sb!.stories)]);
      const [ra, rb] = [report(0), report(1)];
      const [[da], [db]] = await Promise.all([a.place(ra, routed(ra)), b.place(rb, routed(rb))]);
      const placed = [da?.story, db?.story];
      expect(placed.filter((s) => s?.isUpdate === false), `round ${round}`).toHaveLength(1);
      expect(placed.filter((s) => s?.isUpdate === true), `round ${round}`).toHaveLength(1);
      expect(da?.story?.id).toBe(db?.story?.id);
      const lead = da?.story?.isUpdate ? db!.alert : da!.alert;
      expect(placed.find((s) => s?.isUpdate)?.lead?.id).toBe(lead.id);
      const saved = await sa!.stories.recent(new Date(Date.now() - 3_600_000));
      expect(saved.map((s) => [s.story.id, s.story.members.length, s.lead?.id])).toEqual([[da?.story?.id, 2, lead.id]]);
    }
  });

  it('three instances at once, three outlets: one story, two updates', async () => {
    const stores = await instances(3);
    const stages = await Promise.all(stores.map((s) => stage(s.stories)));
    const results = await Promise.all(stages.map((s, i) => s.place(report(i), routed(report(i)))));
    const placed = results.map(([d]) => d?.story);
    expect(placed.filter((s) => s?.isUpdate === false)).toHaveLength(1);
    expect(placed.filter((s) => s?.isUpdate === true)).toHaveLength(2);
    expect(new Set(placed.map((s) => s?.id)).size).toBe(1);
    const saved = await stores[0]!.stories.recent(new Date(Date.now() - 3_600_000));
    expect(saved.map((s) => s.story.members.length)).toEqual([3]);
  });

  it('one after the other, the second instance having loaded before the first placed: still one story', async () => {
    const [sa, sb] = await instances(2);
    const a = await stage(sa!.stories);
    const b = await stage(sb!.stories);
    const first = report(0);
    const [d1] = await a.place(first, routed(first));
    expect(d1?.story?.isUpdate).toBe(false);
    const second = report(1);
    const [d2] = await b.place(second, routed(second));
    expect(d2?.story).toMatchObject({ id: d1!.story!.id, isUpdate: true, lead: { id: first.id } });
  });

  it('re-reads the stories only when another instance saved one since', async () => {
    const [sa, sb] = await instances(2);
    const store = counting(sa!.stories);
    const a = await stage(store);
    const b = await stage(sb!.stories);
    expect(store.reads).toBe(1);
    const first = report(0);
    await a.place(first, routed(first));
    const readsAfterFirst = store.reads;
    // Its own save is no news to it: a repeat is answered from memory.
    expect(await a.place(first, routed(first))).toEqual([]);
    expect(store.reads).toBe(readsAfterFirst);
    const second = report(1);
    await b.place(second, routed(second));
    const third = report(2);
    const [d3] = await a.place(third, routed(third));
    expect(store.reads).toBe(readsAfterFirst + 1);
    // What b added came in with that read: the update lists b's outlet too.
    expect(d3?.story?.alsoReportedBy.map((o) => o.source).sort()).toEqual(['Battery Ledger', 'Pitwall Mining News']);
  });

  it('when the claim cannot be had in time, places without it and warns: no alert is held back', async () => {
    const [sa, sb] = await instances(2);
    const held = await sa!.stories.claimPlacement(1_000);
    expect(held).toBeDefined();
    try {
      const logger = createMemoryLogger();
      const b = await stage(sb!.stories, logger, 150);
      const r = report(0);
      const started = Date.now();
      const [d] = await b.place(r, routed(r));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(d?.story?.isUpdate).toBe(false);
      expect(logger.lines.join('\n')).toMatch(/could not claim story placement in time/);
    } finally {
      await held?.release();
    }
    // A store that does not answer at all (a command stuck on a slow Redis) holds a placement no longer either.
    const stuck = { ...counting(sb!.stories), claimPlacement: () => new Promise<undefined>(() => undefined) };
    const c = await stage(stuck, createMemoryLogger(), 100);
    const started = Date.now();
    const [d] = await c.place(report(1), routed(report(1)));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(d?.alert.id).toBe(report(1).id);
    // Released: the next placement takes the claim at once.
    const again = await sa!.stories.claimPlacement(0);
    expect(again).toBeDefined();
    await again?.release();
  });
});
