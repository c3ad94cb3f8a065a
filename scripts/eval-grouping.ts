/**
 * Story-grouping evaluation: feeds the labelled corpus through the grouper in `published` order, as a feed stream
 * would, and scores pairwise precision/recall/F1 against the `event` labels (an item without `event` is its own
 * story, so any pair that puts it with another is a false positive).
 *
 *   npx tsx scripts/eval-grouping.ts [path/to/dev.jsonl] [--json]
 *
 * Runs twice when src/core/match/matcher.ts exists: once with the corpus labels standing in for the matcher, once
 * with the real matcher. Events are split by a hash of their id into a tuning part and a held-out part.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadTickers, loadTopics } from '../src/config/load.js';
import { createStoryGrouper, DEFAULT_WINDOW_MS } from '../src/core/stories.js';
import type { Figure, MatchContext, Matcher, MatchResult, NewsItem, TickerInfo } from '../src/core/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEV_CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'dev.jsonl');

export interface LabelledItem {
  id: string;
  title: string;
  summary: string;
  source?: string;
  published: string;
  link?: string;
  event?: string;
  lithium_supply?: boolean;
  tickers?: string[];
  figures?: Figure[];
}

export interface Corpus {
  items: LabelledItem[];
  extra: NonNullable<MatchContext['extra']>;
}

export function readCorpus(file: string): Corpus {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const items: LabelledItem[] = [];
  let extra: NonNullable<MatchContext['extra']> = [];
  for (const line of lines) {
    const o = JSON.parse(line) as Record<string, unknown>;
    if (Array.isArray(o.universe_extra)) extra = o.universe_extra as NonNullable<MatchContext['extra']>;
    else items.push(o as unknown as LabelledItem);
  }
  return { items, extra };
}

/** The corpus labels in the shape the matcher returns. */
export function labelsAsMatch(item: LabelledItem): MatchResult {
  return { lithiumSupply: item.lithium_supply ?? false, score: 1, why: [], tickers: item.tickers ?? [], figures: item.figures ?? [], topics: [] };
}

export type Split = 'tune' | 'holdout';
/** About a third of the events (and of the lone items) are held out of tuning, chosen by a hash of the id. */
export function splitOf(item: LabelledItem): Split {
  const key = item.event ?? `item:${item.id}`;
  return (createHash('sha1').update(key).digest()[0] ?? 0) < 86 ? 'holdout' : 'tune';
}

export interface PairScore {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

export interface GroupingScore extends PairScore {
  items: number;
  stories: number;
  /** Pairs put together that are not one labelled event. */
  falsePairs: Array<[string, string]>;
  /** Pairs of one labelled event left apart. */
  missedPairs: Array<[string, string]>;
  /** Items that started a story linked to an earlier one (`relatedTo`), with that story's first item. */
  related: Array<[string, string]>;
  splits: Record<Split, PairScore>;
}

export interface EvalOptions {
  /** Produces the MatchResult for an item; default: the corpus labels. */
  match?: (item: LabelledItem) => MatchResult;
  windowMs?: number;
  threshold?: number;
  tickers?: readonly TickerInfo[];
}

function score(truePairs: number, predictedPairs: number, correctPairs: number): PairScore {
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}

export function evalGrouping(items: readonly LabelledItem[], opts: EvalOptions = {}): GroupingScore {
  const match = opts.match ?? labelsAsMatch;
  const ordered = [...items].sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || a.id.localeCompare(b.id));
  let now = new Date(0);
  const grouper = createStoryGrouper({
    windowMs: opts.windowMs ?? DEFAULT_WINDOW_MS,
    threshold: opts.threshold,
    tickers: opts.tickers,
    clock: { now: () => now },
  });
  const storyOf = new Map<string, string>();
  const firstOf = new Map<string, string>();
  const related: Array<[string, string]> = [];
  for (const it of ordered) {
    now = new Date(it.published);
    const news: NewsItem = { id: it.id, feedId: it.source ?? 'corpus', title: it.title, summary: it.summary, link: it.link, published: it.published, source: it.source };
    const a = grouper.assign(news, match(it));
    storyOf.set(it.id, a.storyId);
    if (a.isNew) firstOf.set(a.storyId, it.id);
    if (a.isNew && a.relatedTo) related.push([it.id, firstOf.get(a.relatedTo) ?? a.relatedTo]);
  }

  const falsePairs: Array<[string, string]> = [];
  const missedPairs: Array<[string, string]> = [];
  const counts: Record<Split, { t: number; p: number; c: number }> = { tune: { t: 0, p: 0, c: 0 }, holdout: { t: 0, p: 0, c: 0 } };
  let t = 0;
  let p = 0;
  let c = 0;
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const a = ordered[i] as LabelledItem;
      const b = ordered[j] as LabelledItem;
      const truth = a.event !== undefined && a.event === b.event;
      const said = storyOf.get(a.id) === storyOf.get(b.id);
      // A wrong pair counts against every split either item belongs to; a true pair lies inside one split.
      for (const s of new Set([splitOf(a), splitOf(b)])) {
        counts[s].t += truth ? 1 : 0;
        counts[s].p += said ? 1 : 0;
        counts[s].c += truth && said ? 1 : 0;
      }
      t += truth ? 1 : 0;
      p += said ? 1 : 0;
      c += truth && said ? 1 : 0;
      if (said && !truth) falsePairs.push([a.id, b.id]);
      if (truth && !said) missedPairs.push([a.id, b.id]);
    }
  }
  return {
    ...score(t, p, c),
    items: ordered.length,
    stories: new Set(storyOf.values()).size,
    falsePairs,
    missedPairs,
    related,
    splits: { tune: score(counts.tune.t, counts.tune.p, counts.tune.c), holdout: score(counts.holdout.t, counts.holdout.p, counts.holdout.c) },
  };
}

/** The real matcher, when src/core/match/matcher.ts exists and exports `createMatcher`; undefined otherwise. */
export async function loadRealMatcher(configDir = join(ROOT, 'config')): Promise<Matcher | undefined> {
  const file = join(ROOT, 'src', 'core', 'match', 'matcher.ts');
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { createMatcher?: (o: { tickers: unknown; topics: unknown }) => Matcher };
  if (typeof mod.createMatcher !== 'function') return undefined;
  return mod.createMatcher({ tickers: loadTickers(configDir), topics: loadTopics(configDir) });
}

function line(label: string, s: GroupingScore): string {
  const f = (x: number): string => x.toFixed(3);
  const part = (name: string, q: PairScore): string => `${name} P ${f(q.precision)} R ${f(q.recall)} F1 ${f(q.f1)} (${q.correctPairs}/${q.predictedPairs} said, ${q.truePairs} true)`;
  return [
    `${label}: ${part('all', s)}; ${s.items} items -> ${s.stories} stories`,
    `  ${part('tune   ', s.splits.tune)}`,
    `  ${part('holdout', s.splits.holdout)}`,
    ...(s.falsePairs.length ? [`  false pairs: ${s.falsePairs.map((x) => x.join('+')).join(' ')}`] : []),
    ...(s.missedPairs.length ? [`  missed pairs: ${s.missedPairs.map((x) => x.join('+')).join(' ')}`] : []),
    ...(s.related.length ? [`  related (new story -> earlier story): ${s.related.map((x) => x.join('->')).join(' ')}`] : []),
  ].join('\n');
}

/**
 * Every grouping number the eval reports, keyed by run: "labels" and "labels, no window" always; "matcher" and
 * "matcher, no window" when a matcher is given. For `npm run eval` to call beside the matcher scores.
 */
export function groupingResults(corpus: Corpus, tickers: readonly TickerInfo[], matcher?: Matcher): Record<string, GroupingScore> {
  const { items, extra } = corpus;
  const results: Record<string, GroupingScore> = {};
  results['labels'] = evalGrouping(items, { tickers });
  // No window: every pair of reports competes, so same-company stories years apart must still be told apart.
  results['labels, no window'] = evalGrouping(items, { tickers, windowMs: Number.POSITIVE_INFINITY });
  if (matcher) {
    const real = (it: LabelledItem): MatchResult => matcher.match({ id: it.id, feedId: 'corpus', title: it.title, summary: it.summary }, { extra });
    results['matcher'] = evalGrouping(items, { tickers, match: real });
    results['matcher, no window'] = evalGrouping(items, { tickers, match: real, windowMs: Number.POSITIVE_INFINITY });
  }
  return results;
}

export function formatGroupingResults(results: Record<string, GroupingScore>): string {
  return Object.entries(results).map(([k, v]) => line(k, v)).join('\n');
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--')) ?? DEV_CORPUS;
  if (!existsSync(file)) {
    console.error(`eval-grouping: ${file} not found (the labelled corpus lives in ../shared/corpus)`);
    return 2;
  }
  const matcher = await loadRealMatcher();
  const results = groupingResults(readCorpus(file), loadTickers(join(ROOT, 'config')), matcher);
  if (argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
  else {
    console.log(`grouping eval on ${file} (window ${DEFAULT_WINDOW_MS / 3_600_000} h unless said)`);
    console.log(formatGroupingResults(results));
    if (!matcher) console.log('matcher: src/core/match/matcher.ts not there yet; labels only');
  }
  const headline = results['matcher'] ?? results['labels'];
  return headline && headline.f1 >= 0.9 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then((code) => process.exit(code), (e: unknown) => {
    console.error(e);
    process.exit(2);
  });
}
