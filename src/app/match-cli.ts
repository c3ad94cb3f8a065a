/**
 * `lithium-wire match`: JSON Lines in, JSON Lines out. Each input line is a news item
 * ({"id","title","summary",...}); a first line {"universe_extra": [{"name","symbol"}]} adds companies for the run.
 * One output line per item, in input order: {"id","lithiumSupply","score","why","tickers","figures"}.
 * A bad line gets {"id": <id or null>, "error": "..."} and the run goes on; a line over the cap (`maxLineBytes`)
 * gets {"id": <its line number>, "error"} and is never held in memory whole.
 *
 * With `stories`, every item (newsworthy or not) is also placed by the bot's story grouper, in `published` order
 * (input order for ties; an undated item keeps the time of the dated line before it), and each line gains
 * "story" (equal for reports of one event) and "relatedTo" (the story it develops, or null). The output is still
 * in input order, so this mode writes once the input has ended.
 */
import { once } from 'node:events';
import { UserError } from '../core/errors.js';
import { createMatcher } from '../core/match/matcher.js';
import type { TopicRule } from '../core/match/topic-schema.js';
import { createStoryGrouper } from '../core/stories.js';
import type { MatchContext, MatchResult, NewsItem, TickerInfo } from '../core/types.js';
import { cappedLines, DEFAULT_MAX_LINE_BYTES } from './capped-lines.js';

type Extra = NonNullable<MatchContext['extra']>;

export interface MatchCliOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  tickers: readonly TickerInfo[];
  topics: readonly TopicRule[];
  /** Group the items into stories and add "story" and "relatedTo" to each line. */
  stories?: boolean;
  /** Lines longer than this (bytes, without the newline) get an error line. Default 1 MiB. */
  maxLineBytes?: number;
}

/** `--max-line-bytes N`: a positive whole number of bytes (undefined: the default). */
export function parseMaxLineBytes(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UserError('BAD_ARGS', `--max-line-bytes needs a positive whole number of bytes, not "${raw}"`);
  return n;
}

class LineError extends Error {
  constructor(
    message: string,
    readonly id: unknown,
  ) {
    super(message);
  }
}

function parseExtra(raw: unknown): Extra {
  if (!Array.isArray(raw)) throw new LineError('universe_extra must be an array of {"name", "symbol"}', null);
  return raw.map((e, i) => {
    const o = e as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || typeof o.symbol !== 'string' || !o.symbol.trim() || typeof o.name !== 'string' || !o.name.trim()) {
      throw new LineError(`universe_extra[${i}] needs string "name" and "symbol"`, null);
    }
    return { symbol: o.symbol.trim(), name: o.name.trim() };
  });
}

interface ParsedItem {
  id: string;
  title: string;
  summary: string;
  source?: string | undefined;
  link?: string | undefined;
  published?: string | undefined;
}

const optString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function parseItem(o: Record<string, unknown>): ParsedItem {
  const id = o.id;
  if (typeof id !== 'string' || !id) throw new LineError('missing "id" (a non-empty string)', typeof id === 'number' ? id : null);
  if (o.title !== undefined && typeof o.title !== 'string') throw new LineError('"title" must be a string', id);
  if (o.summary !== undefined && o.summary !== null && typeof o.summary !== 'string') throw new LineError('"summary" must be a string', id);
  const title = (o.title as string | undefined) ?? '';
  const summary = (o.summary as string | null | undefined) ?? '';
  if (!title && !summary) throw new LineError('item has neither "title" nor "summary"', id);
  return { id, title, summary, source: optString(o.source), link: optString(o.link), published: optString(o.published) };
}

/** One output line; for an item, also what the grouper needs to place it. */
interface Entry {
  out: Record<string, unknown>;
  placed?: { item: ParsedItem; match: MatchResult };
}
type Pending = Entry & Required<Pick<Entry, 'placed'>>;

/** Places the items by the story grouper in time order and adds "story" and "relatedTo" to their lines. */
function groupStories(entries: readonly Entry[], tickers: readonly TickerInfo[], extra: Extra): void {
  const pending = entries.filter((e): e is Pending => e.placed !== undefined);
  const dated = pending.map((p) => {
    const t = p.placed.item.published ? Date.parse(p.placed.item.published) : Number.NaN;
    return Number.isFinite(t) ? t : undefined;
  });
  // Undated items keep their place in the input: the time of the dated item before them (or after, at the start).
  const firstKnown = dated.find((t) => t !== undefined) ?? Date.now();
  let last = firstKnown;
  const times = dated.map((t) => (last = t ?? last));
  const order = pending.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  let now = new Date(firstKnown);
  const universe = [...tickers, ...extra.map((e) => ({ symbol: e.symbol, name: e.name, aliases: [] }))];
  const grouper = createStoryGrouper({ tickers: universe, clock: { now: () => now } });
  for (const i of order) {
    const p = pending[i] as Pending;
    now = new Date(times[i] as number);
    const news: NewsItem = { id: p.placed.item.id, feedId: p.placed.item.source ?? 'match', title: p.placed.item.title, summary: p.placed.item.summary, link: p.placed.item.link,
      source: p.placed.item.source, published: now.toISOString() };
    const a = grouper.assign(news, p.placed.match);
    p.out.story = a.storyId;
    p.out.relatedTo = a.relatedTo ?? null;
  }
}

export async function runMatchCli(opts: MatchCliOptions): Promise<{ items: number; errors: number }> {
  const matcher = createMatcher({ tickers: opts.tickers, topics: opts.topics });
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const out = opts.output;
  let extra: Extra = [];
  let items = 0;
  let errors = 0;
  let first = true;
  // --stories: every line's output waits for the grouper, in input order.
  const held: Entry[] = [];

  const write = async (obj: unknown): Promise<void> => {
    if (!out.write(`${JSON.stringify(obj)}\n`)) await once(out, 'drain');
  };
  const emit = async (entry: Entry): Promise<void> => {
    if (opts.stories) held.push(entry);
    else await write(entry.out);
  };

  for await (const got of cappedLines(opts.input as AsyncIterable<Buffer | string>, maxLineBytes)) {
    if (got.kind === 'over') {
      first = false;
      errors++;
      // The id is the line number: the line was never parsed, so its own id is unknown.
      await emit({ out: { id: got.line, error: `line ${got.line} is ${got.bytes} bytes, over the ${maxLineBytes}-byte limit (--max-line-bytes); skipped` } });
      continue;
    }
    const line = got.text.trim();
    if (!line) continue;
    const isFirst = first;
    first = false;
    let knownId: unknown = null;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (cause) {
        throw new LineError(`not valid JSON: ${(cause as Error).message}`, null);
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new LineError('a line must be a JSON object', null);
      const o = parsed as Record<string, unknown>;
      if (typeof o.id === 'string' || typeof o.id === 'number') knownId = o.id;
      if ('universe_extra' in o) {
        if (!isFirst) throw new LineError('universe_extra is only read on the first line', null);
        extra = parseExtra(o.universe_extra);
        continue;
      }
      const item = parseItem(o);
      const r = matcher.match({ title: item.title, summary: item.summary }, { extra });
      items++;
      const result = { id: item.id, lithiumSupply: r.lithiumSupply, score: r.score, why: r.why, tickers: r.tickers, figures: r.figures };
      // Only what the grouper reads is kept for --stories, not the parsed line.
      await emit({ out: result, placed: { item, match: r } });
    } catch (e) {
      errors++;
      const id = e instanceof LineError && e.id !== null ? e.id : knownId;
      await emit({ out: { id: id ?? null, error: e instanceof Error ? e.message : String(e) } });
    }
  }
  if (opts.stories) {
    groupStories(held, [...opts.tickers], extra);
    for (const e of held) await write(e.out);
  }
  return { items, errors };
}
