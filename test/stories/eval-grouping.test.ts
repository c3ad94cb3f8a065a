import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEV_CORPUS, evalGrouping, loadRealMatcher, readCorpus, splitOf, type LabelledItem } from '../../scripts/eval-grouping.js';
import { loadTickers } from '../../src/config/load.js';
import type { MatchResult } from '../../src/core/types.js';

const hasCorpus = existsSync(DEV_CORPUS);
const CONFIG = fileURLToPath(new URL('../../config', import.meta.url));

function li(id: string, hours: number, title: string, summary: string, tickers: string[], event?: string): LabelledItem {
  return { id, title, summary, tickers, figures: [], published: new Date(Date.UTC(2026, 2, 2, 8) + hours * 3_600_000).toISOString(), ...(event ? { event } : {}) };
}

describe('evalGrouping arithmetic', () => {
  const halt = 'Norvik Lithium will suspend its Tallow Creek spodumene mine and place it on care and maintenance.';
  it('scores a perfect grouping 1/1/1 and counts pairs', () => {
    const items = [
      li('a', 0, 'Norvik halts Tallow Creek mine', halt, ['NVK.AX'], 'nvk'),
      li('b', 1, 'Norvik to mothball Tallow Creek mine', halt, ['NVK.AX'], 'nvk'),
      li('c', 2, 'Norvik suspends Tallow Creek mine', halt, ['NVK.AX'], 'nvk'),
      li('d', 3, 'Brolga posts quarterly loss', 'Brolga Spodumene reported a wider third-quarter net loss on lower prices.', ['BSQ.AX']),
    ];
    const s = evalGrouping(items);
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1, truePairs: 3, predictedPairs: 3, correctPairs: 3, items: 4, stories: 2, falsePairs: [], missedPairs: [] });
  });

  it('counts a pair put together that the labels keep apart as a false positive, and a split event as missed', () => {
    const items = [
      li('a', 0, 'Norvik halts Tallow Creek mine', halt, ['NVK.AX']),
      li('b', 1, 'Norvik halts Tallow Creek mine', halt, ['NVK.AX']),
      li('c', 2, 'Brolga posts quarterly loss', 'Brolga Spodumene reported a wider third-quarter net loss.', ['BSQ.AX'], 'q'),
      li('d', 3, 'Kestrel Ridge wins mine permit', 'Quebec approved the Kestrel Ridge project.', ['KRL.V'], 'q'),
    ];
    const s = evalGrouping(items);
    expect(s).toMatchObject({ precision: 0, recall: 0, f1: 0, truePairs: 1, predictedPairs: 1, correctPairs: 0 });
    expect(s.falsePairs).toEqual([['a', 'b']]);
    expect(s.missedPairs).toEqual([['c', 'd']]);
  });

  it('splits by a hash of the event id, the same on every run', () => {
    const x = li('x', 0, 't', 's', [], 'some-event');
    expect(splitOf(x)).toBe(splitOf({ ...x, id: 'other' }));
    expect(splitOf(li('y', 0, 't', 's', []))).toBe(splitOf(li('y', 5, 'u', 'v', [])));
  });
});

describe.skipIf(!hasCorpus)('grouping eval on ../shared/corpus/dev.jsonl', () => {
  it('reaches F1 >= 0.9 with the corpus labels as matcher output, on both splits', () => {
    const { items } = readCorpus(DEV_CORPUS);
    const s = evalGrouping(items, { tickers: loadTickers(CONFIG) });
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
    expect(s.splits.holdout.f1).toBeGreaterThanOrEqual(0.9);
    expect(s.splits.tune.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('reaches F1 >= 0.9 with the real matcher (when src/core/match/matcher.ts exists)', async () => {
    const matcher = await loadRealMatcher();
    if (!matcher) {
      console.warn('grouping eval: src/core/match/matcher.ts not present; real-matcher check not run');
      return;
    }
    const { items, extra } = readCorpus(DEV_CORPUS);
    const match = (it: LabelledItem): MatchResult => matcher.match({ id: it.id, feedId: 'corpus', title: it.title, summary: it.summary }, { extra });
    const s = evalGrouping(items, { tickers: loadTickers(CONFIG), match });
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
  });
});

if (!hasCorpus) {
  describe('grouping eval on ../shared/corpus/dev.jsonl', () => {
    it.skip(`skipped: ${DEV_CORPUS} not found (a clone without ../shared)`, () => {});
  });
}
