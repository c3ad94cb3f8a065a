/**
 * /ticker: what a trader wants at a glance about one symbol: the market quote with a 5-day trend, the moves seen
 * in the news, and the company's other listings. A failing quote provider never hides the news part.
 */
import { describeError, WireError } from '../errors.js';
import { figureLabel } from '../alert-view.js';
import type { Alert, Figure, TickerInfo } from '../types.js';
import { entryLabel, formatTime as formatSeen, reply, spellOf } from './describe.js';
import { chartImage, fetchHistory } from './ticker-image.js';
import type { CommandContext, CommandDeps, Quote, Reply, ReplyField } from './types.js';

/** The whole reply must be out well under 2 s; the provider's own timeout (1.5 s) should fire first. */
export const QUOTE_DEADLINE_MS = 1800;
const MOVES_SHOWN = 3;
/** Alerts read to find MOVES_SHOWN that carry a move for the symbol (some name it without a figure). */
const ALERTS_SCANNED = 10;
const MINUS = '\u2212';
/** A lookup reply stays compact: long or hostile headlines are cut here, before the adapters' own limits. */
const HEADLINE_MAX = 160;
const BARS = '▁▂▃▄▅▆▇█';

/**
 * The text trend is always in the reply: it renders the same in a Discord embed, a Slack block and the console,
 * and it stands in for the chart image whenever that cannot be drawn or attached.
 */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const top = BARS.length - 1;
  return values
    .map((v) => BARS[hi === lo ? Math.floor(top / 2) : Math.round(((v - lo) / (hi - lo)) * top)] ?? '')
    .join('');
}

/**
 * Unsigned, with as many decimals as the price level needs: 104.5 → "104.50", 2.615 → "2.615" (ASX ticks in
 * half cents), 0.0345 → "0.0345". `ref` is the price a change belongs to, so a change reads like its price.
 */
export function formatPrice(n: number, ref = n): string {
  const r = Math.abs(ref);
  const max = r >= 10 ? 2 : r >= 1 ? 3 : 4;
  return Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: max });
}

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

function signed(n: number, text: string): string {
  return `${n < 0 ? MINUS : '+'}${text}`;
}

export function formatChange(q: Pick<Quote, 'change' | 'changePct' | 'price'>): string {
  const pct = Math.abs(q.changePct).toFixed(2);
  return `${signed(q.change, formatPrice(q.change, q.price))} (${signed(q.changePct, pct)}%)`;
}

/** "2026-11-19 15:59 UTC (3 min ago)", as every command shows a time; a date alone (Alpha Vantage) stays a date. */
export function formatTime(iso: string, now: Date): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : formatSeen(iso, now);
}

/** Why the quote is missing, in words for the channel; the detail goes to the log. */
function unavailableReason(e: unknown, symbol: string): string {
  const code = e instanceof WireError ? e.code : '';
  switch (code) {
    case 'QUOTE_RATE_LIMITED': {
      const wait = (e as { retryAfterMs?: unknown }).retryAfterMs;
      return typeof wait === 'number' && wait > 0
        ? `the quote provider is rate-limiting us, retry in ${Math.ceil(wait / 1000)} s`
        : 'the quote provider is rate-limiting us';
    }
    case 'QUOTE_TIMEOUT':
      return 'the quote provider did not answer in time';
    case 'QUOTE_BAD_RESPONSE':
      return 'the quote provider sent an unreadable answer';
    case 'QUOTE_UNAVAILABLE':
      return 'the quote provider is unreachable';
    case 'QUOTE_UNKNOWN_SYMBOL':
      return `the quote provider has no data for ${symbol}`;
    default:
      return 'unexpected error';
  }
}

type QuoteOutcome = { ok: true; quote: Quote } | { ok: false; reason: string };

async function fetchQuote(symbol: string, deps: CommandDeps): Promise<QuoteOutcome> {
  if (!deps.quotes) return { ok: false, reason: 'no quote provider configured' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WireError('QUOTE_TIMEOUT', `no quote within ${QUOTE_DEADLINE_MS} ms`)), QUOTE_DEADLINE_MS);
  });
  try {
    return { ok: true, quote: await Promise.race([deps.quotes.quote(symbol), deadline]) };
  } catch (e) {
    // Provider trouble is expected now and then; anything else is a bug worth an error line.
    const ctx = { symbol, error: describeError(e) };
    if (e instanceof WireError && e.code.startsWith('QUOTE_')) deps.logger.warn('ticker quote unavailable', ctx);
    else deps.logger.error('ticker quote failed', ctx);
    return { ok: false, reason: unavailableReason(e, symbol) };
  } finally {
    clearTimeout(timer);
  }
}

interface Move {
  figures: string[];
  headline: string;
  url?: string | undefined;
  when: string;
}

/** The alerts naming the symbol, newest first; empty (logged) when the log cannot be read. */
async function readAlerts(symbol: string, deps: CommandDeps): Promise<Alert[]> {
  try {
    return await deps.alerts.latestFor(symbol, ALERTS_SCANNED);
  } catch (e) {
    deps.logger.error('ticker news lookup failed', { symbol, error: describeError(e) });
    return [];
  }
}

function newsMoves(symbol: string, alerts: readonly Alert[]): Move[] {
  const moves: Move[] = [];
  for (const a of alerts) {
    const figures = a.match.figures.filter((f): f is Extract<Figure, { kind: 'move' }> => f.kind === 'move' && f.symbol === symbol);
    if (figures.length === 0) continue;
    moves.push({
      figures: figures.map(figureLabel),
      headline: clip(a.item.title || '(untitled)', HEADLINE_MAX),
      url: a.item.link,
      when: a.item.published ?? a.matchedAt,
    });
    if (moves.length === MOVES_SHOWN) break;
  }
  return moves;
}

function listingsField(info: TickerInfo, deps: CommandDeps): ReplyField[] {
  const others = info.listings ?? [];
  if (others.length === 0) return [];
  const value = others
    .map((s) => {
      const ex = deps.universe.get(s)?.exchange;
      return ex ? `${s} (${ex})` : s;
    })
    .join(', ');
  return [{ label: 'Other listings', value }];
}

function quoteFields(q: Quote, info: TickerInfo, now: Date): ReplyField[] {
  const fields: ReplyField[] = [
    { label: 'Last price', value: `${q.currency} ${formatPrice(q.price)}` },
    { label: 'Change', value: formatChange(q) },
    { label: 'Previous close', value: `${q.currency} ${formatPrice(q.previousClose)}` },
    { label: 'Market', value: `${info.exchange ?? q.exchange ?? 'exchange unknown'}, ${q.marketOpen ? 'open' : 'closed'}` },
    { label: 'Price time', value: formatTime(q.asOf, now) },
  ];
  if (q.closes.length >= 2) {
    const first = q.closes[0] ?? 0;
    const last = q.closes.at(-1) ?? 0;
    const trend = `${sparkline(q.closes)} ${formatPrice(first, q.price)} → ${formatPrice(last, q.price)}`;
    fields.push({ label: `${q.closes.length}-day trend`, value: trend });
  }
  return fields;
}

function moveLines(symbol: string, moves: Move[], now: Date): string[] {
  if (moves.length === 0) return [`No moves for ${symbol} seen in the news yet.`];
  return ['Moves seen in the news:', ...moves.map((m) => `${m.figures.join(', ')} · ${m.headline} · ${formatTime(m.when, now)}`)];
}

function moveLinks(moves: Move[]): Reply['links'] {
  return moves.flatMap((m) => (m.url ? [{ label: m.headline, url: m.url }] : []));
}

function title(info: TickerInfo): string {
  return `${info.symbol} · ${info.name}${info.exchange ? ` · ${info.exchange}` : ''}`;
}

/** Worded like the watchlist's refusal, so an unknown symbol reads the same in every command. */
function unknownReply(input: string, deps: CommandDeps): Reply {
  const shown = input.trim().slice(0, 24);
  const near = deps.universe.suggest(input, 3).map((s) => entryLabel({ symbol: s }, deps.universe));
  const list = near.length <= 1 ? (near[0] ?? '') : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`;
  return reply('refused', 'Unknown ticker', [
    near.length ? `Unknown ticker "${shown}". Did you mean ${list}?` : `Unknown ticker "${shown}", and no known ticker is close.`,
  ]);
}

async function delistedReply(info: TickerInfo, d: NonNullable<TickerInfo['delisted']>, deps: CommandDeps): Promise<Reply> {
  const lines = [`${info.name} (${info.symbol}) was delisted on ${d.since}${d.note ? `: ${d.note}` : ''}.`];
  if (d.successor) {
    const successor = entryLabel({ symbol: d.successor }, deps.universe);
    lines.push(`Its successor is ${successor}: try ${spellOf(deps)(`ticker ${d.successor}`)}.`);
  }
  const moves = newsMoves(info.symbol, await readAlerts(info.symbol, deps));
  if (moves.length) lines.push(...moveLines(info.symbol, moves, deps.clock.now()));
  return reply('ok', title(info), lines, { ephemeral: false, links: moveLinks(moves) });
}

/**
 * A company outside the universe that this channel watches by name (`/watchlist add QZLI name:"Quartzline
 * Lithium"`) is known here too. Read only when the universe misses, so a usual lookup costs no store read.
 */
async function channelCompany(input: string, ctx: CommandContext, deps: CommandDeps): Promise<TickerInfo | undefined> {
  try {
    const list = (await deps.subscriptions.get(ctx.channel))?.watchlist ?? [];
    const custom = list.filter((e) => !deps.universe.get(e.symbol)).map((e) => ({ symbol: e.symbol, name: e.name ?? e.symbol }));
    return custom.length ? deps.universe.with(custom).resolve(input) : undefined;
  } catch (e) {
    deps.logger.warn('ticker watchlist lookup failed', { error: describeError(e) });
    return undefined;
  }
}

export async function handleTicker(
  req: { verb: 'ticker'; symbol: string },
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const info = deps.universe.resolve(req.symbol) ?? (await channelCompany(req.symbol, ctx, deps));
  if (!info) return unknownReply(req.symbol, deps);
  if (info.delisted) return delistedReply(info, info.delisted, deps);

  // Quote, news and chart history in parallel: the reply waits only for the slowest.
  const [quote, alerts, history] = await Promise.all([
    fetchQuote(info.symbol, deps),
    readAlerts(info.symbol, deps),
    fetchHistory(info.symbol, deps),
  ]);
  const moves = newsMoves(info.symbol, alerts);
  // No chart without a quote: the image would show a price the reply cannot vouch for.
  const chart = quote.ok ? await chartImage(history, title(info), alerts, deps) : undefined;
  const now = deps.clock.now();
  const lines = quote.ok ? [] : [`Quote unavailable right now (${quote.reason}).`];
  lines.push(...moveLines(info.symbol, moves, now));
  return reply('ok', title(info), lines, {
    ephemeral: false,
    fields: [...(quote.ok ? quoteFields(quote.quote, info, now) : []), ...listingsField(info, deps)],
    links: moveLinks(moves),
    ...(chart ? { chart } : {}),
  });
}
