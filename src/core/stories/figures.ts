/**
 * Key figures as evidence: the same number reported twice ties two reports together; a different number for the
 * same quantity (a larger cut, a stock that fell where it had risen) marks a new development.
 */
import type { Figure } from '../types.js';

/** Significant digits a figure was written with: 74500 → 3, 6000 → 1, 13.6 → 3. */
function precision(x: number): number {
  for (let k = 1; k < 15; k++) if (Number(x.toPrecision(k)) === x) return k;
  return 15;
}

/**
 * Outlets round: "6k t/month" and "6,000 tons", "A$1.2bn" and "A$1.19 billion", "13.6%" and "13.55%". Two values
 * agree when the more precise one, rounded to the other's precision, gives the other (and they are within 5%):
 * so 181,000 is 180,000 written finer, but 73,800 is not 74,500.
 */
function close(a: number, b: number): boolean {
  if (a === b || Math.abs(a - b) <= 0.05) return true;
  if (Math.abs(a - b) > 0.05 * Math.max(Math.abs(a), Math.abs(b))) return false;
  const k = Math.min(precision(a), precision(b));
  return Number(a.toPrecision(k)) === Number(b.toPrecision(k));
}

const PER_YEAR: Record<string, number> = { year: 1, month: 12, week: 52, day: 365 };
const perYear = (f: { value: number; per: string | null }): number | undefined => (f.per && PER_YEAR[f.per] ? f.value * (PER_YEAR[f.per] as number) : undefined);
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 0.05 * Math.max(Math.abs(a), Math.abs(b));

const SAME_LISTING: Record<string, string> = { PILBF: 'PLS.AX' };
const listing = (s: string): string => SAME_LISTING[s] ?? s;

/** Two figures state the same fact (kind, value and unit agree; `what` is free text and ignored). */
export function sameFigure(a: Figure, b: Figure): boolean {
  switch (a.kind) {
    case 'move':
      return b.kind === 'move' && listing(a.symbol) === listing(b.symbol) && close(a.pct, b.pct);
    case 'change':
      return b.kind === 'change' && close(a.pct, b.pct);
    case 'quantity':
      if (b.kind !== 'quantity') return false;
      if (close(a.value, b.value) && (a.per === b.per || a.per === null || b.per === null)) return true;
      // "20,000 t a year" and "1,700 t a month": one rate written over two periods (within 5%, rounding aside).
      return a.per !== b.per && perYear(a) !== undefined && perYear(b) !== undefined && near(perYear(a) as number, perYear(b) as number);
    case 'money':
      return b.kind === 'money' && a.currency === b.currency && close(a.value, b.value);
    case 'price':
      return b.kind === 'price' && a.currency === b.currency && close(a.value, b.value);
  }
}

/** Figures of `incoming` that `known` does not already hold. */
export function figuresNotIn(incoming: readonly Figure[], known: readonly Figure[]): Figure[] {
  const out: Figure[] = [];
  for (const f of incoming) if (!known.some((k) => sameFigure(f, k)) && !out.some((o) => sameFigure(f, o))) out.push(f);
  return out;
}

/** Figures both sides state. Moves count half: many stories quote the same index or peer moves in passing. */
export function sharedFigureWeight(a: readonly Figure[], b: readonly Figure[]): number {
  let w = 0;
  for (const f of a) if (b.some((g) => sameFigure(f, g))) w += f.kind === 'move' ? 0.5 : 1;
  return w;
}

function words(what: string): Set<string> {
  return new Set(what.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 3));
}

function sameQuantityOf(a: Figure, b: Figure): boolean {
  if (a.kind === 'quantity' && b.kind === 'quantity') {
    if (a.per !== b.per || (a.basis ?? '') !== (b.basis ?? '')) return false;
  } else if (a.kind === 'price' && b.kind === 'price') {
    if (a.currency !== b.currency || a.per !== b.per) return false;
  } else return false;
  const wa = words(a.what);
  const wb = words(b.what);
  const common = [...wa].filter((w) => wb.has(w)).length;
  return common > 0 && common / Math.min(wa.size, wb.size) >= 0.99;
}

/**
 * A stated fact that contradicts one already in the story: a move of the same stock with the other sign, or a
 * quantity or price described in the same words with a different value (and no agreeing figure beside it).
 */
export function conflictingFigure(incoming: readonly Figure[], known: readonly Figure[]): Figure | undefined {
  for (const f of incoming) {
    if (known.some((k) => sameFigure(f, k))) continue;
    for (const k of known) {
      // The report also states the story's figure: it elaborates ("6,000 t now, 10,000 t later"), not contradicts.
      if (incoming.some((g) => sameFigure(g, k))) continue;
      if (f.kind === 'move' && k.kind === 'move' && listing(f.symbol) === listing(k.symbol) && Math.sign(f.pct) !== Math.sign(k.pct)) return f;
      if (sameQuantityOf(f, k)) return f;
    }
  }
  return undefined;
}
