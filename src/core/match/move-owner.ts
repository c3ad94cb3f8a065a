/**
 * Whose move a percentage is when the company is not simply written before the verb: the venue of a listing
 * ("its Hong Kong shares"), companies joined by "and" ("X and Y both hit the limit"), "4% and 6% respectively",
 * the owner after the noun ("a 15% jump in shares of Piedmont Lithium") and a clause with its verb left out
 * ("Pilbara rose 12%, Albemarle 7%").
 */
import type { Mention } from './companies.js';
import type { Doc, Token } from './text.js';

/** Other listings of a symbol (002460.SZ → 1772.HK). */
export type Listings = (symbol: string) => readonly string[];

const VENUE: Array<[RegExp, string]> = [
  [/\b(hong kong|h shares|h-shares|hk-listed|hong kong-listed)\b/i, '.HK'],
  [/\b(shenzhen|a shares|a-shares)\b/i, '.SZ'],
  [/\b(shanghai)\b/i, '.SS'],
  [/\b(sydney|asx)\b/i, '.AX'],
  [/\b(new york|nyse|nasdaq|wall street|u\.s\.-listed|us-listed|otc)\b/i, ''],
];

/** "Its Hong Kong shares": the company's listing on that venue, when it has one. */
export function venueListing(listings: Listings | undefined, symbol: string, clause: string): string {
  const others = listings?.(symbol) ?? [];
  if (!others.length) return symbol;
  for (const [re, suffix] of VENUE) {
    if (!re.test(clause)) continue;
    const all = [symbol, ...others];
    const hit = all.find((s) => (suffix ? s.endsWith(suffix) : !s.includes('.')));
    return hit ?? symbol;
  }
  return symbol;
}

/** Companies joined to `head` by "and" or commas just before it ("X (X.SZ) and Y (Y.SZ)"), other than its own. */
export function coordinated(doc: Doc, mentions: readonly Mention[], head: Mention): string[] {
  const out: string[] = [];
  let cur = head;
  for (let k = mentions.indexOf(head) - 1; k >= 0; k--) {
    const prev = mentions[k] as Mention;
    const gap = doc.text.slice(prev.end, cur.start);
    if (prev.symbol === cur.symbol && /^[\s(]*$/.test(gap)) {
      cur = prev;
      continue;
    }
    if (!/^\)?\s*(?:,|and|,\s*and)\s*$/i.test(gap)) break;
    if (prev.symbol !== head.symbol && !out.includes(prev.symbol)) out.push(prev.symbol);
    cur = prev;
  }
  return out;
}

const OWNER = /^\s*(?:jump|rise|gain|surge|rally|climb|increase|advance|fall|drop|decline|slump|plunge|slide|decrease|loss)\s+in\s+(?:the\s+)?(?:(?:shares?|stock|ADRs?)\s+(?:of|in)\s+)?/i;

export function ownerAfter(doc: Doc, mentions: readonly Mention[], pctEnd: number): string | undefined {
  const m = OWNER.exec(doc.text.slice(pctEnd, pctEnd + 40));
  if (!m) return undefined;
  const at = pctEnd + m[0].length;
  const who = mentions.find((x) => x.start === at);
  if (!who) return undefined;
  // Without "shares of", the company must be followed by its shares: "a 9% fall in Liontown shares".
  if (/(?:shares?|stock|ADRs?)\s+(?:of|in)\s+$/i.test(m[0])) return who.symbol;
  return /^\s*(?:\([^)]{1,20}\)\s*)?(?:'s\s+)?(?:shares?|stock|ADRs?)\b/i.test(doc.text.slice(who.end, who.end + 30)) ? who.symbol : undefined;
}

const LIST_TAIL = /^((?:\s*(?:,\s*and|,|and)\s*[+-]?\d+(?:\.\d+)?\s?(?:%|per ?cent\b|pct\b|pc\b))+)\s*,?\s*respectively\b/i;

/** "Albemarle and SQM rose 4% and 6% respectively": one move per company, in order. */
export function respectively(doc: Doc, mentions: readonly Mention[], head: Mention, pctEnd: number): { symbols: string[]; values: number[] } | undefined {
  const tail = LIST_TAIL.exec(doc.text.slice(pctEnd, pctEnd + 120));
  if (!tail?.[1]) return undefined;
  const first = /(\d+(?:\.\d+)?)\s?(?:%|per ?cent|pct|pc)$/i.exec(doc.text.slice(Math.max(0, pctEnd - 16), pctEnd));
  const values = [first?.[1], ...[...tail[1].matchAll(/(\d+(?:\.\d+)?)/g)].map((x) => x[1])].map((v) => Number.parseFloat(v ?? 'NaN'));
  const symbols = [...coordinated(doc, mentions, head).reverse(), head.symbol];
  return symbols.length === values.length && values.every((v) => Number.isFinite(v)) ? { symbols, values } : undefined;
}

// Words that may sit between a gapped clause's company and its number ("Albemarle vorbörslich um 6,8 %").
const GAP_WORDS = new Set('um by de en em premarket pre-market vorborslich nachborslich intraday'.split(' '));

/** The company of a clause without a verb right after a move in the same sentence, or undefined. */
export function gappedOwner(doc: Doc, mentions: readonly Mention[], numIdx: number, sentence: number): string | undefined {
  const toks = doc.tokens;
  if ((toks[numIdx] as Token).sentence !== sentence) return undefined;
  const owner = mentions.filter((x) => x.to <= numIdx && (toks[x.from] as Token).sentence === sentence).pop();
  if (!owner) return undefined;
  for (let i = owner.to; i < numIdx; i++) if (!GAP_WORDS.has((toks[i] as Token).norm)) return undefined;
  // The clause opens after a comma or a conjunction, right before the company.
  return /(?:,|\b(?:and|und|et|y|e))\s*$/.test(doc.text.slice(Math.max(0, owner.start - 6), owner.start)) ? owner.symbol : undefined;
}
