/**
 * Story grouping across every labelled set that has `event` fields (the dev corpus and test/fixtures/match/*.jsonl),
 * with the real matcher, each set fed as its own stream. Prints each set's pairwise scores and the pooled score,
 * then a leave-one-set-out check of the one tuned number, the join threshold: for each set the threshold is chosen
 * on the OTHER sets (best pooled F1 with precision >= 0.95 in the window, joining no more general-news pairs than
 * the default threshold does), and that set is scored with it.
 *
 * Stress: the labelled sets have few look-alike reports inside one 48 h window, so a low threshold costs them
 * nothing. The stress runs group each set with no window (every pair of its reports competes: same company, other
 * year), and the real general-news items of ../shared/feeds/real on their own, with no window: each is its own
 * story, so every pair they form counts as false (a few are true duplicates across outlets; --explain lists them).
 *
 *   npx tsx scripts/eval-grouping-sets.ts [--explain] [--json]
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadTickers, loadTopics } from '../src/config/load.js';
import { createMatcher } from '../src/core/match/matcher.js';
import { DEFAULT_THRESHOLD } from '../src/core/stories.js';
import type { MatchResult } from '../src/core/types.js';
import { DEV_CORPUS, evalGrouping, readCorpus, type Corpus, type GroupingScore, type LabelledItem } from './eval-grouping.js';
import { readRealFeedItems } from './real-feeds.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'match');

export interface NamedSet {
  name: string;
  corpus: Corpus;
}

/** The dev corpus (when present) and every fixture set with at least one `event` label. */
export function labelledSets(): NamedSet[] {
  const files = [...(existsSync(DEV_CORPUS) ? [DEV_CORPUS] : []), ...readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(FIXTURES, f))];
  return files
    .map((f) => ({ name: f === DEV_CORPUS ? 'dev' : (f.split('/').pop() ?? f).replace(/\.jsonl$/, ''), corpus: readCorpus(f) }))
    .filter((s) => s.corpus.items.some((i) => i.event));
}

const pooled = (scores: readonly GroupingScore[]): { precision: number; recall: number; f1: number; t: number; p: number; c: number } => {
  const t = scores.reduce((a, s) => a + s.truePairs, 0);
  const p = scores.reduce((a, s) => a + s.predictedPairs, 0);
  const c = scores.reduce((a, s) => a + s.correctPairs, 0);
  const precision = p ? c / p : 1;
  const recall = t ? c / t : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, t, p, c };
};

const THRESHOLDS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75];

async function main(argv: readonly string[]): Promise<void> {
  const tickers = loadTickers(join(ROOT, 'config'));
  const matcher = createMatcher({ tickers, topics: loadTopics(join(ROOT, 'config')) });
  const sets = labelledSets();
  // Minutes apart in feed order: with no window the dates only order them.
  const real: LabelledItem[] = (await readRealFeedItems()).map((r, k) => ({ id: `real-${k}`, title: r.title, summary: r.summary, source: r.source ?? r.feedId,
    published: new Date(Date.UTC(2025, 0, 1) + k * 60_000).toISOString() }));
  const realSet: NamedSet = { name: 'real', corpus: { items: real, extra: [] } };
  // One verdict per item: the threshold sweep re-groups the same items many times.
  const cache = new Map<string, MatchResult>();
  const matchOf = (name: string, extra: Corpus['extra']) => (it: LabelledItem): MatchResult => {
    const key = `${it.id.startsWith('real-') ? '' : name}\u0000${it.id}`;
    let r = cache.get(key);
    if (!r) cache.set(key, (r = matcher.match({ title: it.title, summary: it.summary }, { extra })));
    return r;
  };
  const run = (s: NamedSet, threshold?: number): GroupingScore => evalGrouping(s.corpus.items, { tickers, match: matchOf(s.name, s.corpus.extra), threshold });
  const stress = (s: NamedSet, threshold?: number): GroupingScore =>
    evalGrouping(s.corpus.items, { tickers, match: matchOf(s.name, s.corpus.extra), threshold, windowMs: Number.POSITIVE_INFINITY });
  const f = (x: number): string => x.toFixed(3);

  const base = sets.map((s) => ({ s, score: run(s), stress: stress(s) }));
  const realBase = stress(realSet);
  const byThreshold = new Map(THRESHOLDS.map((th) => [th, sets.map((s) => ({ win: run(s, th), stress: stress(s, th) }))]));
  const realByThreshold = new Map(THRESHOLDS.map((th) => [th, real.length ? stress(realSet, th) : undefined]));
  const loso = sets.map((held, i) => {
    let best = { th: DEFAULT_THRESHOLD, f1: -1 };
    for (const [th, scores] of byThreshold) {
      const others = scores.filter((_, j) => j !== i);
      const q = pooled(others.map((o) => o.win));
      const joinsNews = (realByThreshold.get(th)?.predictedPairs ?? 0) > realBase.predictedPairs;
      if (q.precision >= 0.95 && !joinsNews && q.f1 > best.f1) best = { th, f1: q.f1 };
    }
    return { name: held.name, threshold: best.th, score: run(held, best.th), stress: stress(held, best.th) };
  });
  const all = pooled(base.map((b) => b.score));
  const allStress = pooled([...base.map((b) => b.stress), ...(real.length ? [realBase] : [])]);
  const losoAll = pooled(loso.map((l) => l.score));
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ threshold: DEFAULT_THRESHOLD, sets: base.map((b) => ({ name: b.s.name, ...b.score })), pooled: all, stressPooled: allStress, loso, losoPooled: losoAll }, null, 2));
    return;
  }
  console.log(`story grouping with the real matcher, threshold ${DEFAULT_THRESHOLD}, window 48 h; stress: no window + ${real.length} real general-news items`);
  for (const { s, score, stress: st } of base) {
    console.log(`  ${s.name.padEnd(9)} P ${f(score.precision)} R ${f(score.recall)} F1 ${f(score.f1)} (${score.correctPairs}/${score.predictedPairs} said, ${score.truePairs} true)   stress P ${f(st.precision)} (${st.falsePairs.length} false pairs)`);
    if (argv.includes('--explain')) {
      const item = new Map(s.corpus.items.map((it) => [it.id, it]));
      const show = (id: string): string => `${id} [${item.get(id)?.source ?? ''}] ${item.get(id)?.title ?? ''}`;
      for (const [a, b] of score.missedPairs) console.log(`      missed: ${show(a)}\n            + ${show(b)}`);
      for (const [a, b] of score.falsePairs) console.log(`      FALSE:  ${show(a)}\n            + ${show(b)}`);
      for (const [a, b] of st.falsePairs) console.log(`      STRESS FALSE: ${show(a)}\n                  + ${show(b)}`);
    }
  }
  if (real.length) {
    console.log(`  real      ${real.length} general-news items, no window: ${realBase.falsePairs.length} pairs joined`);
    if (argv.includes('--explain')) {
      const item = new Map(real.map((it) => [it.id, it]));
      for (const [a, b] of realBase.falsePairs) console.log(`      JOINED: [${item.get(a)?.source ?? ''}] ${item.get(a)?.title ?? ''}\n            + [${item.get(b)?.source ?? ''}] ${item.get(b)?.title ?? ''}`);
    }
  }
  console.log('threshold sweep (pooled): window P/R; stress P (sets with no window + real news); real-news pairs joined');
  for (const [th, scores] of byThreshold) {
    const w = pooled(scores.map((x) => x.win));
    const r = realByThreshold.get(th);
    const st = pooled([...scores.map((x) => x.stress), ...(r ? [r] : [])]);
    console.log(`  ${th.toFixed(2)}  P ${f(w.precision)} R ${f(w.recall)} F1 ${f(w.f1)}   stress P ${f(st.precision)} (${st.p - st.c} false pairs)   real news ${r?.predictedPairs ?? 0}`);
  }
  console.log(`  pooled    P ${f(all.precision)} R ${f(all.recall)} F1 ${f(all.f1)} (${all.c}/${all.p} said, ${all.t} true)   stress P ${f(allStress.precision)} (${allStress.p - allStress.c} false pairs)`);
  console.log('leave-one-set-out (threshold chosen on the other sets):');
  for (const l of loso) console.log(`  ${l.name.padEnd(9)} threshold ${l.threshold.toFixed(2)}  P ${f(l.score.precision)} R ${f(l.score.recall)} F1 ${f(l.score.f1)}   stress P ${f(l.stress.precision)}`);
  console.log(`  pooled    P ${f(losoAll.precision)} R ${f(losoAll.recall)} F1 ${f(losoAll.f1)} (${losoAll.c}/${losoAll.p} said, ${losoAll.t} true)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main(process.argv.slice(2));
