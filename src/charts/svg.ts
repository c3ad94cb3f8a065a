/**
 * A TickerChartSpec as plain SVG: a header, then one panel per period side by side, each with its price line, the
 * area under it, low/high/last labels, day ticks and the alert times as orange markers. Text is kept to a few
 * labels: the chart reads from its lines and markers even where no font is installed.
 */
import type { ChartPanel, TickerChartSpec } from '../core/ticker-chart.js';

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 380;

const HEADER = 44;
const GAP = 24;
const PAD = 16;
/** Room for the price labels right of each plot. */
const LABELS_RIGHT = 64;
const TICKS_BELOW = 26;
const PANEL_TITLE = 22;

const UP = '#1f8b4c';
const DOWN = '#c0392b';
const MARK = '#e67e22';
const INK = '#1f2933';
const MUTED = '#6b7785';
const GRID = '#e4e7eb';
export const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

/** Text from outside (a watchlist's company name) goes into the SVG as text, never as markup. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function fmt(n: number): string {
  const r = Math.abs(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: r >= 10 ? 2 : r >= 1 ? 3 : 4 });
}

function num(n: number): string {
  return n.toFixed(1);
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function text(x: number, y: number, s: string, attrs: string): string {
  return `<text x="${num(x)}" y="${num(y)}" font-family="${FONT_FAMILY}" ${attrs}>${escapeXml(s)}</text>`;
}

function panelSvg(p: ChartPanel, box: Box): string {
  const plot: Box = { x: box.x, y: box.y + PANEL_TITLE, w: box.w - LABELS_RIGHT, h: box.h - PANEL_TITLE - TICKS_BELOW };
  const lo = Math.min(...p.values);
  const hi = Math.max(...p.values);
  // A flat series sits mid-height instead of dividing by zero; a little headroom keeps the line off the frame.
  const span = hi - lo || Math.abs(hi) * 0.01 || 1;
  const min = lo - span * 0.08;
  const max = hi + span * 0.08;
  const n = p.values.length;
  const xAt = (i: number) => plot.x + (n <= 1 ? plot.w / 2 : (i / (n - 1)) * plot.w);
  const yAt = (v: number) => plot.y + plot.h - ((v - min) / (max - min)) * plot.h;
  const first = p.values[0] ?? 0;
  const last = p.values.at(-1) ?? 0;
  const colour = last >= first ? UP : DOWN;
  const pts = p.values.map((v, i) => `${num(xAt(i))},${num(yAt(v))}`);
  const bottom = num(plot.y + plot.h);
  const out: string[] = [];
  out.push(text(box.x, box.y + 15, p.label, `font-size="14" font-weight="bold" fill="${INK}"`));
  const pct = first === 0 ? 0 : ((last - first) / first) * 100;
  out.push(text(box.x + plot.w, box.y + 15, `${pct >= 0 ? '+' : '\u2212'}${Math.abs(pct).toFixed(2)}%`, `font-size="13" fill="${colour}" text-anchor="end"`));
  out.push(`<rect x="${num(plot.x)}" y="${num(plot.y)}" width="${num(plot.w)}" height="${num(plot.h)}" fill="none" stroke="${GRID}"/>`);
  for (const v of [hi, lo]) {
    const y = yAt(v);
    out.push(`<line x1="${num(plot.x)}" y1="${num(y)}" x2="${num(plot.x + plot.w)}" y2="${num(y)}" stroke="${GRID}" stroke-dasharray="3 3"/>`);
    out.push(text(plot.x + plot.w + 6, y + 4, fmt(v), `font-size="11" fill="${MUTED}"`));
  }
  for (const t of p.ticks) {
    const x = xAt(t.index);
    out.push(`<line x1="${num(x)}" y1="${num(plot.y)}" x2="${num(x)}" y2="${bottom}" stroke="${GRID}"/>`);
    out.push(text(x + 3, plot.y + plot.h + 16, t.text, `font-size="11" fill="${MUTED}"`));
  }
  out.push(`<polygon points="${num(xAt(0))},${bottom} ${pts.join(' ')} ${num(xAt(n - 1))},${bottom}" fill="${colour}" fill-opacity="0.10"/>`);
  out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`);
  for (const m of p.marks) {
    const x = xAt(m);
    const y = yAt(p.values[m] ?? last);
    out.push(`<line x1="${num(x)}" y1="${num(plot.y)}" x2="${num(x)}" y2="${bottom}" stroke="${MARK}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    out.push(`<circle cx="${num(x)}" cy="${num(y)}" r="5" fill="${MARK}" stroke="#ffffff" stroke-width="1.5"/>`);
  }
  // The last price, on the line's end and labelled at the right edge.
  const ly = yAt(last);
  out.push(`<circle cx="${num(xAt(n - 1))}" cy="${num(ly)}" r="3.5" fill="${colour}"/>`);
  out.push(`<rect x="${num(plot.x + plot.w + 2)}" y="${num(ly - 9)}" width="${LABELS_RIGHT - 4}" height="18" rx="3" fill="${colour}"/>`);
  out.push(text(plot.x + plot.w + 6, ly + 4, fmt(last), `font-size="11" font-weight="bold" fill="#ffffff"`));
  return out.join('');
}

export function chartSvg(spec: TickerChartSpec): string {
  const count = Math.max(1, spec.panels.length);
  const w = (CHART_WIDTH - 2 * PAD - GAP * (count - 1)) / count;
  const h = CHART_HEIGHT - HEADER - PAD;
  const panels = spec.panels.map((p, i) => panelSvg(p, { x: PAD + i * (w + GAP), y: HEADER, w, h }));
  const hasMarks = spec.panels.some((p) => p.marks.length > 0);
  const legend = hasMarks
    ? `<circle cx="${CHART_WIDTH - PAD - 90}" cy="22" r="5" fill="${MARK}"/>` +
      text(CHART_WIDTH - PAD - 80, 26, 'news alert', `font-size="12" fill="${MUTED}"`)
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(PAD, 28, spec.title, `font-size="17" font-weight="bold" fill="${INK}"`),
    text(CHART_WIDTH - PAD - (hasMarks ? 110 : 0), 26, spec.currency, `font-size="12" fill="${MUTED}" text-anchor="end"`),
    legend,
    ...panels,
    '</svg>',
  ].join('');
}
