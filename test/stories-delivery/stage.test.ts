/**
 * The pipeline's story stage on a real SQLite StoryStore and the real matcher: what each report turns into
 * (a new story, an update with the other outlets, a follow-up from the same outlet, nothing for a repeat), and
 * two stages sharing a store (two instances) joining each other's stories when they reload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createStoriesStage } from '../../src/app/stories-stage.js';
import { loadConfig } from '../../src/config/load.js';
import { createMatcher } from '../../src/core/match/matcher.js';
import type { Alert, Delivery, NewsItem } from '../../src/core/types.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { CATL, CONFIG_DIR, OUTLETS, type Report } from './harness.js';

const config = loadConfig({ dir: CONFIG_DIR, env: {} });
const matcher = createMatcher({ tickers: config.tickers, topics: config.topics });
const channel = { platform: 'discord', id: '1' };

function alertOf(r: Report, outlet: number, id = r.guid): Alert {
  const o = OUTLETS[outlet]!;
  const item: NewsItem = { id, feedId: o.id, source: o.title, title: r.title, summary: r.description, link: id === r.guid ? r.link : `${r.link}?v=${id}`, published: new Date(Date.now() - r.minutesAgo * 60_000).toISOString() };
  return { id: `${o.id}|${id}`, item, match: matcher.match(item), matchedAt: new Date().toISOString() };
}
const routed = (a: Alert): Delivery[] => [{ alert: a, channel, kind: 'supply', watched: [] }];

describe('stories stage', () => {
  let dir: string;
  let stores: Stores;
  const clock = { now: () => new Date() };
  const logger = createMemoryLogger();
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-stage-'));
    stores = await openStores(`sqlite://${join(dir, 's.sqlite')}`);
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('new story, then an update carrying the lead, the other outlet and the merged figures; a repeat adds nothing', async () => {
    const stage = await createStoriesStage({ store: stores.stories, clock, logger, tickers: config.tickers });
    const first = alertOf(CATL[0]!, 0);
    const [d1] = await stage.place(first, routed(first));
    expect(d1?.story).toEqual({ id: expect.stringMatching(/^st-[0-9a-f]{16}$/), isUpdate: false, alsoReportedBy: [], relatedTo: undefined });
    const second = alertOf(CATL[1]!, 1);
    const [d2] = await stage.place(second, routed(second));
    expect(d2?.alert.id).toBe(second.id);
    expect(d2?.story?.id).toBe(d1?.story?.id);
    expect(d2?.story?.isUpdate).toBe(true);
    expect(d2?.story?.lead?.id).toBe(first.id);
    expect(d2?.story?.alsoReportedBy).toEqual([{ source: 'Battery Ledger', link: CATL[1]!.link }]);
    expect(d2?.story?.figures?.map((f) => f.kind)).toEqual(['move', 'quantity', 'change']);
    expect(await stage.place(second, routed(second))).toEqual([]);
    const saved = await stores.stories.recent(new Date(Date.now() - 3_600_000));
    expect(saved.map((s) => [s.story.members.length, s.lead?.id])).toEqual([[2, first.id]]);
  });

  it('the same outlet writing again is a follow-up of its own, linked to the story, and leaves the story message alone', async () => {
    const stage = await createStoriesStage({ store: stores.stories, clock, logger, tickers: config.tickers });
    const first = alertOf(CATL[0]!, 0);
    const [d1] = await stage.place(first, routed(first));
    const again = alertOf(CATL[2]!, 0, 'zt-catl-again');
    const [d2] = await stage.place(again, routed(again));
    expect(d2?.story).toEqual({ id: `${d1!.story!.id}~${again.id}`, isUpdate: false, alsoReportedBy: [], relatedTo: { id: d1!.story!.id, title: CATL[0]!.title, link: CATL[0]!.link } });
  });

  it('two instances on one store: the second joins the story the first opened once it reloads', async () => {
    const a = await createStoriesStage({ store: stores.stories, clock, logger, tickers: config.tickers });
    const b = await createStoriesStage({ store: stores.stories, clock, logger, tickers: config.tickers, refreshMs: 0 });
    const first = alertOf(CATL[0]!, 0);
    const [d1] = await a.place(first, routed(first));
    const second = alertOf(CATL[1]!, 1);
    const [d2] = await b.place(second, routed(second));
    expect(d2?.story).toMatchObject({ id: d1!.story!.id, isUpdate: true, lead: { id: first.id } });
  });
});
