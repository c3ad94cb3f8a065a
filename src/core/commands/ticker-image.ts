/**
 * The /ticker chart image: price history from the quote provider, drawn by the renderer passed in
 * (CommandDeps.charts). Any failure (no history, a slow or failing provider, a renderer error) means no image,
 * never a failed reply: the text trend in the reply stands on its own.
 */
import { describeError, WireError } from '../errors.js';
import { buildChartSpec, chartAltText, chartFilename, type PriceHistory, type ReplyImage } from '../ticker-chart.js';
import type { Alert } from '../types.js';
import type { CommandDeps } from './types.js';

/** History shares the quote's budget: the reply must be out well under 2 s. */
export const HISTORY_DEADLINE_MS = 1800;
/** A render that takes longer than this is dropped (a resvg render of our SVG takes a few ms). */
export const RENDER_DEADLINE_MS = 1000;

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WireError('QUOTE_TIMEOUT', `no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** The history for the chart, or undefined (logged) when there is none to be had. */
export async function fetchHistory(symbol: string, deps: CommandDeps): Promise<PriceHistory | undefined> {
  const quotes = deps.quotes;
  if (!deps.charts || !quotes?.history) return undefined;
  try {
    return await withDeadline(quotes.history(symbol), HISTORY_DEADLINE_MS, 'price history');
  } catch (e) {
    deps.logger.warn('ticker chart: no price history', { symbol, error: describeError(e) });
    return undefined;
  }
}

/** When an alert happened for the chart: the item's publication time when it has one, else when we matched it. */
function alertTime(a: Alert): number | undefined {
  const t = Date.parse(a.item.published ?? a.matchedAt);
  return Number.isNaN(t) ? undefined : t;
}

/** The chart PNG for a reply, or undefined when it cannot be drawn. Never throws. */
export async function chartImage(
  history: PriceHistory | undefined,
  title: string,
  alerts: readonly Alert[],
  deps: CommandDeps,
): Promise<ReplyImage | undefined> {
  if (!history || !deps.charts) return undefined;
  const alertTimes = alerts.flatMap((a) => {
    const t = alertTime(a);
    return t === undefined ? [] : [t];
  });
  const spec = buildChartSpec(history, { title, alertTimes, now: deps.clock.now().getTime() });
  if (!spec) {
    deps.logger.info('ticker chart: too little history to draw', { symbol: history.symbol, points: history.points.length });
    return undefined;
  }
  try {
    const out = await withDeadline(deps.charts.render(spec), RENDER_DEADLINE_MS, 'chart render');
    return { ...out, alt: chartAltText(spec), filename: chartFilename(spec.symbol) };
  } catch (e) {
    deps.logger.warn('ticker chart: render failed', { symbol: history.symbol, error: describeError(e) });
    return undefined;
  }
}
