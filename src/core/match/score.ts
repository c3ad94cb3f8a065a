/**
 * Scoring exactly as shared/corpus/README.md says: supply flag F1 over non-borderline items; ticker F1 over
 * (item, symbol) pairs after normalising; figure F1 with figures paired by kind and value (0.5% or 0.05), a move
 * also by symbol, a quantity by `per`, money and prices by currency.
 */
import type { Figure } from '../types.js';

export interface Labelled {
  id: string;
  lithium_supply: boolean;
  borderline?: boolean;
  tickers: string[];
  figures: Figure[];
}

export interface Predicted {
  lithiumSupply: boolean;
  tickers: readonly string[];
  figures: readonly Figure[];
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const r = (x: number): number => Math.round(x * 10000) / 10000;
  return { precision: r(precision), recall: r(recall), f1: r(f1), tp, fp, fn };
}

/** The README's normalisation for scoring: $ and .US dropped, .SH read as .SS, HK zeros dropped, PILBF = PLS.AX. */
export function scoringSymbol(raw: string): string {
  let s = raw.trim().toUpperCase().replace(/^\$/, '');
  s = s.replace(/\.US$/, '').replace(/\.SH$/, '.SS');
  const hk = /^0*(\d+)\.HK$/.exec(s);
  if (hk) s = `${hk[1]}.HK`;
  if (s === 'PILBF') s = 'PLS.AX';
  return s;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.05, Math.abs(b) * 0.005);
}

export function sameFigure(p: Figure, g: Figure): boolean {
  if (p.kind !== g.kind) return false;
  switch (g.kind) {
    case 'move':
      return p.kind === 'move' && scoringSymbol(p.symbol) === scoringSymbol(g.symbol) && close(p.pct, g.pct);
    case 'change':
      return p.kind === 'change' && close(p.pct, g.pct);
    case 'quantity':
      return p.kind === 'quantity' && (p.per ?? null) === (g.per ?? null) && close(p.value, g.value);
    case 'money':
      return p.kind === 'money' && p.currency === g.currency && close(p.value, g.value);
    case 'price':
      return p.kind === 'price' && p.currency === g.currency && close(p.value, g.value);
  }
}

export interface Scores {
  items: number;
  supply: Prf;
  tickers: Prf;
  figures: Prf;
}

/** Scores predictions against labels (pairs in the same order). */
export function scoreAll(pairs: ReadonlyArray<{ gold: Labelled; pred: Predicted }>): Scores {
  let stp = 0, sfp = 0, sfn = 0, ktp = 0, kfp = 0, kfn = 0, ftp = 0, ffp = 0, ffn = 0;
  for (const { gold, pred } of pairs) {
    if (!gold.borderline) {
      if (pred.lithiumSupply && gold.lithium_supply) stp++;
      else if (pred.lithiumSupply) sfp++;
      else if (gold.lithium_supply) sfn++;
    }
    const g = new Set(gold.tickers.map(scoringSymbol));
    const p = new Set(pred.tickers.map(scoringSymbol));
    for (const s of p) {
      if (g.has(s)) ktp++;
      else kfp++;
    }
    for (const s of g) if (!p.has(s)) kfn++;
    const used = new Set<number>();
    for (const pf of pred.figures) {
      const i = gold.figures.findIndex((gf, k) => !used.has(k) && sameFigure(pf, gf));
      if (i >= 0) {
        used.add(i);
        ftp++;
      } else ffp++;
    }
    ffn += gold.figures.length - used.size;
  }
  return { items: pairs.length, supply: prf(stp, sfp, sfn), tickers: prf(ktp, kfp, kfn), figures: prf(ftp, ffp, ffn) };
}

/** FNV-1a of the id: a fixed ~25% of items is held aside from tuning. */
export function isHeldAside(id: string): boolean {
  let h = 0x811c9dc5;
  for (const c of new TextEncoder().encode(id)) {
    h ^= c;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 4 === 0;
}
