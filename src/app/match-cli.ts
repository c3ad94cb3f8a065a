/**
 * `lithium-wire match`: JSON Lines in, JSON Lines out. Each input line is a news item
 * ({"id","title","summary",...}); a first line {"universe_extra": [{"name","symbol"}]} adds companies for the run.
 * One output line per item, in input order: {"id","lithiumSupply","score","why","tickers","figures"}.
 * A bad line gets {"id": <id or null>, "error": "..."} and the run goes on.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createMatcher } from '../core/match/matcher.js';
import type { TopicRule } from '../core/match/topic-schema.js';
import type { MatchContext, TickerInfo } from '../core/types.js';

type Extra = NonNullable<MatchContext['extra']>;

export interface MatchCliOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  tickers: readonly TickerInfo[];
  topics: readonly TopicRule[];
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

function parseItem(o: Record<string, unknown>): { id: string; title: string; summary: string } {
  const id = o.id;
  if (typeof id !== 'string' || !id) throw new LineError('missing "id" (a non-empty string)', typeof id === 'number' ? id : null);
  if (o.title !== undefined && typeof o.title !== 'string') throw new LineError('"title" must be a string', id);
  if (o.summary !== undefined && o.summary !== null && typeof o.summary !== 'string') throw new LineError('"summary" must be a string', id);
  const title = (o.title as string | undefined) ?? '';
  const summary = (o.summary as string | null | undefined) ?? '';
  if (!title && !summary) throw new LineError('item has neither "title" nor "summary"', id);
  return { id, title, summary };
}

export async function runMatchCli(opts: MatchCliOptions): Promise<{ items: number; errors: number }> {
  const matcher = createMatcher({ tickers: opts.tickers, topics: opts.topics });
  const out = opts.output;
  let extra: Extra = [];
  let items = 0;
  let errors = 0;
  let first = true;

  const write = async (obj: unknown): Promise<void> => {
    if (!out.write(`${JSON.stringify(obj)}\n`)) await once(out, 'drain');
  };

  const rl = createInterface({ input: opts.input, crlfDelay: Infinity });
  for await (const raw of rl) {
    const line = raw.trim();
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
      await write({ id: item.id, lithiumSupply: r.lithiumSupply, score: r.score, why: r.why, tickers: r.tickers, figures: r.figures });
    } catch (e) {
      errors++;
      const id = e instanceof LineError && e.id !== null ? e.id : knownId;
      await write({ id: id ?? null, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { items, errors };
}
