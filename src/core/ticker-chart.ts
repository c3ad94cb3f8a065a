/**
 * The /ticker chart as neutral data: the price history a provider gives (PriceHistory), the two panels drawn from
 * it (the last 5 trading days bar by bar, the last month as daily closes) with the alert times marked, and the
 * port that turns such a spec into a PNG (ChartRenderer). The core builds the spec; drawing lives outside it
 * (src/charts/), so the core imports no renderer.
 */

/** One bar's close: `t` in ms since epoch. */
export interface PricePoint {
  t: number;
  close: number;
}

/** Intraday bars covering about a month, oldest first (Yahoo: range=1mo, interval=30m). */
export interface PriceHistory {
  symbol: string;
  currency: string;
  /** The exchange's offset from UTC in seconds (Yahoo's gmtoffset), so bars group into the exchange's own days. */
  utcOffsetS: number;
  points: PricePoint[];
}

/** An x-axis label under point `index`. */
export interface ChartTick {
  index: number;
  text: string;
}

/** One panel: values are drawn evenly spaced by index (trading time, no overnight or weekend gaps). */
export interface ChartPanel {
  label: string;
  values: number[];
  ticks: ChartTick[];
  /** Indexes into `values` where an alert came (the bar it fell in, or the last bar before it). */
  marks: number[];
}

export interface TickerChartSpec {
  symbol: string;
  title: string;
  currency: string;
  panels: ChartPanel[];
}

/** The PNG attached to a reply: bytes, what it shows in words (alt text), and the file name it travels under. */
export interface ReplyImage {
  png: Uint8Array;
  alt: string;
  filename: string;
  width: number;
  height: number;
}

/** Turns a spec into a PNG. Implemented outside the core (src/charts/render.ts, with resvg). */
export interface ChartRenderer {
  render(spec: TickerChartSpec): Promise<{ png: Uint8Array; width: number; height: number }>;
}

/** Trading days in the short panel. */
export const SHORT_DAYS = 5;
/** Daily closes in the long panel: about a month of sessions. */
export const LONG_DAYS = 23;

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The exchange-local calendar day number of a time. */
function localDay(t: number, offsetS: number): number {
  return Math.floor((t + offsetS * 1000) / DAY_MS);
}

function dayLabel(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
}

/** Bars grouped by exchange-local day, oldest first. */
function sessions(h: PriceHistory): { day: number; points: PricePoint[] }[] {
  const out: { day: number; points: PricePoint[] }[] = [];
  for (const p of h.points) {
    const day = localDay(p.t, h.utcOffsetS);
    const last = out.at(-1);
    if (last && last.day === day) last.points.push(p);
    else out.push({ day, points: [p] });
  }
  return out;
}

/** Index of the last point at or before `t`; undefined when `t` is before the first point or after `until`. */
function markIndex(times: readonly number[], t: number, until: number): number | undefined {
  const first = times[0];
  if (first === undefined || t < first || t > until) return undefined;
  let idx = 0;
  for (const [i, x] of times.entries()) if (x <= t) idx = i;
  return idx;
}

function marksFor(times: readonly number[], alertTimes: readonly number[], until: number): number[] {
  const set = new Set<number>();
  for (const a of alertTimes) {
    const i = markIndex(times, a, until);
    if (i !== undefined) set.add(i);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * The chart of a history, or undefined when there is too little to draw (under two bars). `alertTimes` are the
 * times (ms) of alerts naming the symbol; those inside a panel's span are marked on it.
 */
export function buildChartSpec(
  h: PriceHistory,
  opts: { title: string; alertTimes: readonly number[]; now: number },
): TickerChartSpec | undefined {
  const days = sessions(h);
  const short = days.slice(-SHORT_DAYS);
  const shortPoints = short.flatMap((d) => d.points);
  if (shortPoints.length < 2) return undefined;
  const shortTimes = shortPoints.map((p) => p.t);
  let at = 0;
  const shortTicks: ChartTick[] = short.map((d) => {
    const tick = { index: at, text: dayLabel(d.day) };
    at += d.points.length;
    return tick;
  });
  const panels: ChartPanel[] = [
    { label: `${short.length} days`, values: shortPoints.map((p) => p.close), ticks: shortTicks, marks: marksFor(shortTimes, opts.alertTimes, opts.now) },
  ];

  const long = days.slice(-LONG_DAYS);
  if (long.length >= 2) {
    // A day's close is its last bar; an alert on a day marks that day, so its start counts, not its last bar.
    const starts = long.map((d) => d.points[0]?.t ?? 0);
    const step = Math.max(1, Math.ceil(long.length / 5));
    const longTicks = long.flatMap((d, i) => (i % step === 0 ? [{ index: i, text: dayLabel(d.day) }] : []));
    panels.push({
      label: '1 month',
      values: long.map((d) => d.points.at(-1)?.close ?? 0),
      ticks: longTicks,
      marks: marksFor(starts, opts.alertTimes, opts.now),
    });
  }
  return { symbol: h.symbol, title: opts.title, currency: h.currency, panels };
}

function fmt(n: number): string {
  const r = Math.abs(n);
  const digits = r >= 10 ? 2 : r >= 1 ? 3 : 4;
  return n.toFixed(digits);
}

/** What the image shows, in words: for screen readers, and for anyone whose client does not load images. */
export function chartAltText(spec: TickerChartSpec): string {
  const parts = spec.panels.map((p) => {
    const first = p.values[0] ?? 0;
    const last = p.values.at(-1) ?? 0;
    const marks = p.marks.length ? `, ${p.marks.length} alert${p.marks.length === 1 ? '' : 's'} marked` : '';
    return `${p.label} ${fmt(first)} to ${fmt(last)} (low ${fmt(Math.min(...p.values))}, high ${fmt(Math.max(...p.values))})${marks}`;
  });
  return `${spec.symbol} price chart in ${spec.currency}: ${parts.join('; ')}.`;
}

/** "ticker-ALB.png", "ticker-PLS.AX.png": a file name any platform accepts. */
export function chartFilename(symbol: string): string {
  return `ticker-${symbol.replace(/[^A-Za-z0-9.-]/g, '_')}.png`;
}
