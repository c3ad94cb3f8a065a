/**
 * Plain SVG charts rendered on the server: stacked bars (alerts per day by topic, failures per day by feed) and a
 * histogram (fetch-to-post latency). Labels go through the escaping template; numbers are numbers.
 */
import { html, type Html } from './html.js';

const PALETTE = ['#0b6e4f', '#3d5a80', '#e07a5f', '#9c6644', '#6a4c93', '#c9a227', '#2a9d8f', '#8d99ae'];
export const colorOf = (i: number): string => PALETTE[i % PALETTE.length]!;

export interface Series {
  name: string;
  values: number[];
}

const W = 760;
const H = 240;
const PAD = { l: 40, r: 10, t: 10, b: 46 };

function niceMax(n: number): number {
  if (n <= 5) return Math.max(1, n);
  const p = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / p) * p;
}

/** Bars per label, each split by series; a legend under it. */
export function stackedBars(title: string, labels: readonly string[], series: readonly Series[]): Html {
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD.l - PAD.r;
  const plotH = H - PAD.t - PAD.b;
  const slot = plotW / Math.max(1, labels.length);
  const bw = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.t + plotH - (v / max) * plotH;
  const bars: Html[] = [];
  labels.forEach((label, i) => {
    let acc = 0;
    const x = PAD.l + i * slot + (slot - bw) / 2;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      const top = y(acc + v);
      bars.push(html`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${(y(acc) - top).toFixed(1)}" fill="${colorOf(k)}"><title>${label} ${s.name}: ${v}</title></rect>`);
      acc += v;
    });
    // Every label when they fit, else every few.
    if (labels.length <= 16 || i % Math.ceil(labels.length / 16) === 0) {
      bars.push(html`<text x="${(x + bw / 2).toFixed(1)}" y="${H - PAD.b + 14}" font-size="10" text-anchor="middle" fill="#5d6873">${label}</text>`);
    }
  });
  const legend = series.map((s, k) => html`<rect x="${PAD.l + k * 150}" y="${H - 18}" width="10" height="10" fill="${colorOf(k)}"/><text x="${PAD.l + k * 150 + 14}" y="${H - 9}" font-size="11">${s.name.slice(0, 22)}</text>`);
  return frame(title, max, html`${bars}${legend}`);
}

function frame(title: string, max: number, inner: Html): Html {
  const plotH = H - PAD.t - PAD.b;
  const ticks = [0, 0.5, 1].map((f) => {
    const yy = PAD.t + plotH - f * plotH;
    return html`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${yy}" y2="${yy}" stroke="#e6e9ec"/><text x="${PAD.l - 6}" y="${yy + 4}" font-size="10" text-anchor="end" fill="#5d6873">${Math.round(max * f)}</text>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${title}">${ticks}${inner}</svg>`;
}

/** A one-series bar chart over buckets (e.g. latency ranges). */
export function histogram(title: string, labels: readonly string[], counts: readonly number[]): Html {
  return stackedBars(title, labels, [{ name: title, values: [...counts] }]);
}
