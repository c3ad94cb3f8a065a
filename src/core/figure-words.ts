/**
 * Short, readable names for key figures in alerts. The matcher's `what` is the text just before a figure
 * ("Supply may reduce", "lithium mining output already"); a reader wants "Supply" and "Lithium mining output".
 * We keep the measured thing (output, supply, price…) with up to two words that qualify it, else the commodity,
 * else a plain word for the kind of figure; a reduction in a tonnage's wording becomes its sign.
 */
import type { Figure } from './types.js';

const MEASURES = [
  'net income', 'net loss', 'net profit', 'price target', 'market value', 'operating rates', 'operating rate',
  'output', 'production', 'supply', 'capacity', 'exports', 'imports', 'inventories', 'inventory', 'stocks',
  'stockpiles', 'sales', 'shipments', 'deliveries', 'demand', 'deficit', 'surplus', 'quota', 'quotas', 'price',
  'prices', 'futures', 'cost', 'costs', 'capex', 'revenue', 'income', 'loss', 'profit', 'earnings', 'deal',
  'merger', 'contract', 'investment', 'budget', 'target', 'dividend', 'consideration', 'offer', 'valuation',
  'funding', 'placement', 'royalty', 'resource', 'reserves', 'guidance', 'volumes', 'index',
];

const COMMODITIES = [
  'lithium carbonate', 'lithium hydroxide', 'spodumene concentrate', 'lepidolite concentrate', 'soda ash',
  'iron ore', 'rare earths', 'carbonate', 'hydroxide', 'spodumene', 'lepidolite', 'concentrate', 'lce', 'ore',
  'brine', 'lithium', 'copper', 'nickel', 'cobalt', 'graphite', 'potash', 'manganese',
];

/** Words that never name what was measured: modal verbs, articles, hedges, time words. */
const FILLER = new Set([
  'a', 'an', 'the', 'its', 'their', 'his', 'her', 'our', 'this', 'that', 'these', 'those', 'which', 'who', 'and',
  'or', 'of', 'to', 'for', 'from', 'in', 'on', 'at', 'by', 'with', 'as', 'after', 'over', 'than', 'about',
  'around', 'up', 'some', 'may', 'might', 'could', 'would', 'will', 'can', 'should', 'has', 'have', 'had', 'is',
  'are', 'was', 'were', 'be', 'been', 'already', 'also', 'still', 'now', 'recently', 'reportedly', 'currently',
  'potential', 'possible', 'expected', 'estimated', 'seen', 'total', 'new', 'last', 'next', 'year', 'month',
  'week', 'day', 'recent', 'weeks',
]);

const REDUCTION = /\b(reduc\w*|cut\w*|remov\w*|less|lower\w*|curtail\w*|idl\w*|halt\w*|suspen\w*|shut\w*|los[est]\w*)\b/;

function words(text: string): string[] {
  return text.toLowerCase().replace(/\([^)]*\)/g, ' ').split(/[^a-z0-9&'-]+/).filter(Boolean);
}

/** The last occurrence of any phrase of `list` in `ws`, as [start, end). */
function lastPhrase(ws: readonly string[], list: readonly string[]): [number, number] | undefined {
  for (let end = ws.length; end > 0; end--) {
    for (const p of list) {
      const parts = p.split(' ');
      const start = end - parts.length;
      if (start >= 0 && parts.every((w, i) => ws[start + i] === w)) return [start, end];
    }
  }
  return undefined;
}

function qualified(ws: readonly string[], [start, end]: [number, number], maxBefore: number): string[] {
  const out = ws.slice(start, end);
  for (let i = start - 1; i >= 0 && start - i <= maxBefore; i--) {
    const w = ws[i] ?? '';
    if (FILLER.has(w) || !/^[a-z][a-z&'-]*$/.test(w) || REDUCTION.test(w)) break;
    out.unshift(w);
  }
  return out;
}

const DEFAULT_NAME: Record<Exclude<Figure['kind'], 'move'>, string> = {
  change: 'Change', quantity: 'Volume', money: 'Amount', price: 'Price',
};

function display(ws: string[]): string {
  const text = ws.join(' ').replace(/\blce\b/g, 'LCE').replace(/\bev\b/g, 'EV');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The name to show before a figure's number, and whether its wording says it is a reduction. */
export function figureName(f: Exclude<Figure, { kind: 'move' }>): { name: string; reduction: boolean } {
  const ws = words(f.what);
  const reduction = f.kind === 'quantity' && REDUCTION.test(f.what.toLowerCase());
  const measure = lastPhrase(ws, MEASURES);
  if (measure) return { name: display(qualified(ws, measure, 2)), reduction };
  // A sum of money is never named by a commodity ("Lake Lithium plans CNY 1.2B" is not "Lithium").
  const commodity = f.kind === 'money' ? undefined : lastPhrase(ws, COMMODITIES);
  if (commodity) return { name: display(qualified(ws, commodity, 1)), reduction };
  return { name: DEFAULT_NAME[f.kind], reduction };
}
