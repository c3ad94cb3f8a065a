/**
 * A subscription's filters and mention condition, evaluated against an alert. Phrases are compiled with the
 * matcher's own phrase automaton (the topic files' syntax: whole words, a trailing `*` for any word it starts), so a
 * filter costs one linear pass over the story's words, whatever anyone types: no regular expression is built from
 * user input. Compiled filters and tokenised stories are cached per object, as routing asks again for every channel.
 */
import { PhraseTrie } from './match/phrase-trie.js';
import { buildDoc, phraseTokens, type Token } from './match/text.js';
import { addAll } from './match/topics.js';
import type { Alert, MentionSetting, SubscriptionFilter } from './types.js';

/** A phrase list: its automaton, and the first words that any hit must start with (null: one starts with a `*`). */
interface CompiledPhrases {
  trie: PhraseTrie<string>;
  heads: string[] | null;
}

interface CompiledFilter {
  include?: CompiledPhrases | undefined;
  exclude?: CompiledPhrases | undefined;
  sources?: { words: string[]; raw: string }[] | undefined;
}

const compiled = new WeakMap<SubscriptionFilter, CompiledFilter>();
const stories = new WeakMap<Alert, { tokens: Token[]; words: Set<string> }>();

function trieOf(phrases: readonly string[] | undefined): CompiledPhrases | undefined {
  if (!phrases?.length) return undefined;
  const trie = new PhraseTrie<string>();
  addAll(trie, phrases, (p) => p);
  const firsts = phrases.map((p) => (phraseTokens(p).length === 1 && p.endsWith('*') ? null : (phraseTokens(p)[0] ?? '')));
  return { trie: trie.build(), heads: firsts.includes(null) ? null : (firsts as string[]) };
}

function compile(f: SubscriptionFilter): CompiledFilter {
  let c = compiled.get(f);
  if (!c) {
    c = {
      include: trieOf(f.include),
      exclude: trieOf(f.exclude),
      sources: f.sources?.map((raw) => ({ raw, words: phraseTokens(raw) })),
    };
    compiled.set(f, c);
  }
  return c;
}

function storyOf(alert: Alert): { tokens: Token[]; words: Set<string> } {
  let st = stories.get(alert);
  if (!st) {
    const tokens = buildDoc(alert.item.title, alert.item.summary).tokens;
    st = { tokens, words: new Set(tokens.map((t) => t.norm)) };
    stories.set(alert, st);
  }
  return st;
}

/** The first phrase found in the story. Most stories hold none of a list's first words: a few set lookups say so. */
function firstHit(alert: Alert, c: CompiledPhrases): string | undefined {
  const st = storyOf(alert);
  if (c.heads && !c.heads.some((h) => st.words.has(h))) return undefined;
  return c.trie.findFirst(st.tokens);
}

/** The largest share-price move among the alert's figures, in absolute percent (0 when it has none). */
export function largestMove(alert: Alert): number {
  let max = 0;
  for (const f of alert.match.figures) if (f.kind === 'move') max = Math.max(max, Math.abs(f.pct));
  return max;
}

/** "5%", "2.5%": the way a threshold reads in replies and why lines. */
export function pctLabel(n: number): string {
  return `${Number(n.toFixed(2))}%`;
}

/** Whether `words` occur in order, whole, inside `hay` (the source "Thomson Reuters" holds "reuters"). */
function holdsWords(hay: readonly string[], words: readonly string[]): boolean {
  if (words.length === 0) return false;
  for (let i = 0; i + words.length <= hay.length; i++) if (words.every((w, k) => hay[i + k] === w)) return true;
  return false;
}

const sourcesOf = new WeakMap<Alert, { words: string[]; tags: string[] }>();

function sourceHit(alert: Alert, c: CompiledFilter): string | undefined {
  const { item } = alert;
  let known = sourcesOf.get(alert);
  if (!known) {
    known = { words: item.source ? phraseTokens(item.source) : [], tags: (item.tags ?? []).map((t) => t.toLowerCase()) };
    sourcesOf.set(alert, known);
  }
  const { words: sourceWords, tags } = known;
  for (const s of c.sources ?? []) {
    const raw = s.raw.toLowerCase();
    if (item.feedId.toLowerCase() === raw || tags.includes(raw) || holdsWords(sourceWords, s.words)) return s.raw;
  }
  return undefined;
}

/**
 * Whether a feed's stories can pass the filter's sources (its id, a tag, or words of its outlet name): the health
 * notices of a feed go only to channels that could get its stories. True when no source filter is set.
 */
export function feedPassesSources(filter: SubscriptionFilter | undefined, feed: { id: string; source?: string | undefined; tags?: readonly string[] | undefined }): boolean {
  const sources = compile(filter ?? {}).sources;
  if (!sources?.length) return true;
  const words = feed.source ? phraseTokens(feed.source) : [];
  const tags = (feed.tags ?? []).map((t) => t.toLowerCase());
  return sources.some((s) => {
    const raw = s.raw.toLowerCase();
    return feed.id.toLowerCase() === raw || tags.includes(raw) || holdsWords(words, s.words);
  });
}

export interface FilterVerdict {
  pass: boolean;
  /** What let the alert through, in words ("ticker ALB; move ≥ 5%"); absent when no filter is set. */
  why?: string | undefined;
}

/**
 * Every set kind must pass (AND); within a kind one value is enough (OR). `listings` gives other listings of a
 * symbol, so a filter on PLS.AX keeps a story naming PILBF.
 */
export function evaluateFilter(
  alert: Alert,
  filter: SubscriptionFilter | undefined,
  listings: (symbol: string) => readonly string[] = () => [],
): FilterVerdict {
  if (!filter) return { pass: true };
  const c = compile(filter);
  const why: string[] = [];
  if (filter.tickers?.length) {
    const hit = filter.tickers.find((t) => [t, ...listings(t)].some((f) => alert.match.tickers.includes(f)));
    if (!hit) return { pass: false };
    why.push(`ticker ${hit}`);
  }
  if (filter.minMovePct !== undefined) {
    if (largestMove(alert) < filter.minMovePct) return { pass: false };
    why.push(`move \u2265 ${pctLabel(filter.minMovePct)}`);
  }
  if (filter.topics?.length) {
    const hit = filter.topics.find((t) => alert.match.topics.includes(t));
    if (!hit) return { pass: false };
    why.push(`topic ${hit}`);
  }
  if (c.sources?.length) {
    const hit = sourceHit(alert, c);
    if (hit === undefined) return { pass: false };
    why.push(`source ${hit}`);
  }
  if (c.include) {
    const hit = firstHit(alert, c.include);
    if (hit === undefined) return { pass: false };
    why.push(`"${hit}"`);
  }
  if (c.exclude) {
    if (firstHit(alert, c.exclude) !== undefined) return { pass: false };
    why.push('no excluded phrase');
  }
  return { pass: true, ...(why.length ? { why: `filter: ${why.join('; ')}` } : {}) };
}

/** Whether an alert meets a mention's condition (supply stories only, a minimum move). */
export function mentionApplies(alert: Alert, m: MentionSetting | undefined): boolean {
  if (!m) return false;
  if (m.onlySupply && !alert.match.lithiumSupply) return false;
  if (m.minMovePct !== undefined && largestMove(alert) < m.minMovePct) return false;
  return true;
}

/** True when no kind is set (an empty filter is stored as none). */
export function filterIsEmpty(f: SubscriptionFilter | undefined): boolean {
  if (!f) return true;
  return !f.tickers?.length && f.minMovePct === undefined && !f.topics?.length && !f.sources?.length && !f.include?.length && !f.exclude?.length;
}
