/**
 * Percentages with a direction: a stock move of a company ("Albemarle (ALB.US) up 13.6%", "$SQM +10%",
 * "shares slumped 8%", "US$6.12 (-8.0%)") or a change of a quantity ("output has decreased by 14%",
 * "futures rose 9%"). A percentage without a direction ("rates to 60%", "a 20% stake") is a level, not a figure.
 */
import type { Figure } from '../types.js';
import type { Mention } from './companies.js';
import type { Doc, Token } from './text.js';

const UP = new Set(
  `up rose rise rises rising risen gained gain gains gaining jumped jump jumps jumping surged surge surges surging
  soared soar soars soaring climbed climb climbs climbing advanced advance advances rallied rally rallies increased
  increase increases increasing grew grow grows growing higher added adds lifted lift lifts raised raise raises
  boosted boost boosts spiked spike spikes rebounded rebound rebounds leapt leaped leap firmed firm expanded
  expand expands expanding lifting raising boosting popped pop pops skyrocketed rocketed edged accelerated`
    .split(/\s+/)
    .filter(Boolean),
);
const DOWN = new Set(
  `down fell fall falls falling fallen dropped drop drops dropping slid slide slides sliding slipped slip slips
  slumped slump slumps slumping plunged plunge plunges plunging plummeted plummet tumbled tumble tumbles sank sink
  sinks declined decline declines declining decreased decrease decreases decreasing lost lose loses losing shed
  sheds eased ease eases cut cuts cutting reduced reduce reduces reducing lower lowered lowers retreated retreat
  shrank shrink shrinks shrunk contracted contract tanked crashed dipped dip dips sagged trimmed trim curtailed
  slashed slash slashing weakened lowering trimming shedding`
    .split(/\s+/)
    .filter(Boolean),
);
const UP_NOUN = new Set('growth increase increases rise rises gain gains jump surge rally advance rebound'.split(' '));
const DOWN_NOUN = new Set('decline declines decrease decreases drop drops fall falls cut cuts reduction slump plunge loss contraction'.split(' '));
/** A word saying something went up or down ("rose", "slumped", "higher"). */
export function isDirectionWord(w: string): boolean {
  return UP.has(w) || DOWN.has(w);
}

// Words that may sit between a direction word and its number ("fell about 7%", "down by 8%").
const FILLER = new Set('about roughly nearly almost some around approximately another just only as much more than over close to a an by'.split(' '));
// A number after these is a level or a reference point, not a change.
const LEVEL = new Set('to from of at above below under beyond within stake own owns owned holds hold range'.split(' '));
const SHARE_WORDS = new Set('shares share stock stocks gainers gainer losers loser adr adrs equity equities'.split(' '));
const QUANTITY_NOUNS = new Set(
  `output production prices price futures contract contracts index sales revenue revenues profit profits earnings
  income exports imports shipments supply demand capacity quota quotas inventories volumes volume deliveries
  rates rate yields yield consumption costs cost spending orders reserves resources margin margins imports
  registrations spot benchmark premium premiums`
    .split(/\s+/)
    .filter(Boolean),
);
// Between a company and its direction word only these may appear for the move to be the company's.
const LINK = new Set(
  `shares share stock stocks was were is are has have had been closed ended finished traded trading its the h intraday
  premarket pre-market briefly initially once also further sharply today yesterday on monday tuesday wednesday
  thursday friday then later earlier`
    .split(/\s+/)
    .filter(Boolean),
);
const CLAUSE = new Set('while whereas after as but although though because since amid and when before'.split(' '));

const PCT = /(?<![\w.])([+-])?(\d+(?:\.\d+)?)\s?(%|per ?cent\b|pct\b)/g;

function tokenAt(doc: Doc, pos: number): number {
  const t = doc.tokens;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t[mid] as Token).start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when punctuation that ends a clause lies between two tokens. */
function gapBreaks(doc: Doc, a: Token, b: Token): boolean {
  return /[,;:]|\s-\s/.test(doc.text.slice(a.end, b.start));
}

interface Direction {
  sign: 1 | -1;
  /** Token where the subject scan starts (the direction word, or the number). */
  at: number;
  /** Words between a transitive verb and "by" ("cuts potash output by 15%"): the thing that changed. */
  object?: string[];
}

function direction(doc: Doc, numIdx: number, explicit: string | undefined, pctEnd: number): Direction | undefined {
  if (explicit) return { sign: explicit === '-' ? -1 : 1, at: numIdx };
  const toks = doc.tokens;
  const num = toks[numIdx] as Token;
  let byMode = false;
  const object: string[] = [];
  for (let k = 1, i = numIdx - 1; i >= 0 && k <= (byMode ? 9 : 5); k++, i--) {
    const t = toks[i] as Token;
    if (t.sentence !== num.sentence) break;
    const obj = object.length ? { object: object.slice().reverse() } : {};
    if (UP.has(t.norm)) return { sign: 1, at: i, ...obj };
    if (DOWN.has(t.norm)) return { sign: -1, at: i, ...obj };
    if (t.norm === 'by') {
      byMode = true;
      continue;
    }
    // "growth of 12%", "a decline of 8%": the noun before "of" carries the direction.
    if (!byMode && t.norm === 'of' && i > 0) {
      const noun = (toks[i - 1] as Token).norm;
      if (UP_NOUN.has(noun)) return { sign: 1, at: i - 1 };
      if (DOWN_NOUN.has(noun)) return { sign: -1, at: i - 1 };
    }
    if (!byMode && LEVEL.has(t.norm)) break;
    if (FILLER.has(t.norm)) continue;
    if (byMode) {
      if (!LINK.has(t.norm)) object.push(t.norm);
      continue;
    }
    break;
  }
  // "a 13.6% increase", "6% higher".
  const after = /^\s*([a-z]+)/i.exec(doc.text.slice(pctEnd, pctEnd + 20));
  const w = after?.[1]?.toLowerCase();
  if (w && /^(increase|rise|gain|jump|surge|climb|growth|higher|advance|rally)$/.test(w)) return { sign: 1, at: numIdx };
  if (w && /^(decrease|decline|drop|fall|slump|cut|reduction|lower|loss|plunge|slide|contraction)$/.test(w)) return { sign: -1, at: numIdx };
  return undefined;
}

export interface PctContext {
  doc: Doc;
  mentions: readonly Mention[];
  /** The story's main company, for "Shares rose 5%" with no company in the sentence. */
  main: string | undefined;
  /** Other listings of a symbol (002460.SZ → 1772.HK), for "its Hong Kong shares fell 3%". */
  listings?: (symbol: string) => readonly string[];
}

const VENUE: Array<[RegExp, string]> = [
  [/\b(hong kong|h shares|h-shares|hk-listed|hong kong-listed)\b/i, '.HK'],
  [/\b(shenzhen|a shares|a-shares)\b/i, '.SZ'],
  [/\b(shanghai)\b/i, '.SS'],
  [/\b(sydney|asx)\b/i, '.AX'],
  [/\b(new york|nyse|nasdaq|wall street|u\.s\.-listed|us-listed|otc)\b/i, ''],
];

/** "Its Hong Kong shares": the company's listing on that venue, when it has one. */
function venueListing(ctx: PctContext, symbol: string, clause: string): string {
  const others = ctx.listings?.(symbol) ?? [];
  if (!others.length) return symbol;
  for (const [re, suffix] of VENUE) {
    if (!re.test(clause)) continue;
    const all = [symbol, ...others];
    const hit = all.find((s) => (suffix ? s.endsWith(suffix) : !s.includes('.')));
    return hit ?? symbol;
  }
  return symbol;
}

function clauseWords(doc: Doc, from: number, stop: number): { words: string[]; first: number } {
  const toks = doc.tokens;
  const words: string[] = [];
  let i = from - 1;
  let first = from;
  for (; i >= 0 && words.length < 12; i--) {
    const t = toks[i] as Token;
    const next = toks[i + 1] as Token;
    if (t.sentence !== (toks[stop] as Token).sentence || gapBreaks(doc, t, next) || CLAUSE.has(t.norm)) break;
    words.push(t.norm);
    first = i;
  }
  return { words, first };
}

function stockWord(words: readonly string[]): boolean {
  return words.some((w, i) => SHARE_WORDS.has(w) || (w === 'price' && (words[i + 1] === 'stock' || words[i + 1] === 'share')));
}

const STOP = new Set('that the a an its their his her this these those has have had is are was were be been will would could may might recent recently also which said says in on'.split(' '));

/** A few words naming what changed: the clause before the verb, or "in X" after "a 6% increase". */
function changeWhat(doc: Doc, backWords: readonly string[], forwardFrom: number): string {
  if (forwardFrom >= 0) {
    const m = /^\s*\w+\s+(?:in|of)\s+([a-z][\w -]{0,40}?)(?=[,.;\n]|\s(?:from|to|by|at|as|and|over|this|last|next|year)\b|$)/i.exec(doc.text.slice(forwardFrom, forwardFrom + 60));
    if (m?.[1]) return m[1].trim();
  }
  return backWords
    .slice()
    .reverse()
    .filter((w) => !FILLER.has(w) && !LINK.has(w) && !UP.has(w) && !DOWN.has(w) && !STOP.has(w))
    .slice(-3)
    .join(' ');
}

/** Moves and changes in the document, in text order. */
export function percentFigures(ctx: PctContext): Figure[] {
  const { doc, mentions } = ctx;
  const toks = doc.tokens;
  const out: Figure[] = [];
  for (const m of doc.text.matchAll(PCT)) {
    const numStart = m.index + (m[1] ? 1 : 0);
    const numIdx = tokenAt(doc, numStart);
    if (numIdx >= toks.length) continue;
    const dir = direction(doc, numIdx, m[1], m.index + m[0].length);
    if (!dir) continue;
    const pct = dir.sign * Number.parseFloat(m[2] ?? '0');
    const sentence = (toks[numIdx] as Token).sentence;
    // A company right before the direction word, with only linking words between, owns the move.
    let adjacent: Mention | undefined;
    const before = mentions.filter((x) => x.to <= dir.at && (toks[x.from] as Token).sentence === sentence);
    const last = before[before.length - 1];
    if (last) {
      let ok = true;
      for (let i = last.to; i < dir.at; i++) {
        const t = toks[i] as Token;
        if (!LINK.has(t.norm) && !mentions.some((x) => x.from <= i && x.to > i)) ok = false;
      }
      if (ok) adjacent = last;
    }
    const { words, first } = clauseWords(doc, dir.at, numIdx);
    const sentenceStart = toks.findIndex((t) => t.sentence === sentence);
    const earlier = toks.slice(sentenceStart, dir.at).map((t) => t.norm);
    let symbol: string | undefined;
    let isMove = false;
    // "US$4.10 (-8.0%)": the change of a price just quoted; a share price unless a commodity is being priced.
    const quotedPrice = !!m[1] && /(?:[$€£¥]\s?[\d.,]+|\d\s(?:yuan|dollars|euros))\s*\($/i.test(doc.text.slice(Math.max(0, m.index - 25), m.index));
    if (dir.object && !dir.object.some((w) => SHARE_WORDS.has(w))) {
      out.push({ kind: 'change', pct, what: dir.object.filter((w) => !STOP.has(w)).slice(-3).join(' ') });
      continue;
    } else if (quotedPrice && !words.some((w) => QUANTITY_NOUNS.has(w))) {
      isMove = true;
    } else if (adjacent) {
      isMove = true;
      symbol = adjacent.symbol;
    } else if (stockWord(words)) {
      isMove = true;
    } else if (words.some((w) => QUANTITY_NOUNS.has(w))) {
      isMove = false;
    } else if (stockWord(earlier)) {
      isMove = true;
    }
    if (isMove) {
      symbol ??= last?.symbol ?? ctx.main;
      const clause = doc.text.slice((toks[first] as Token).start, m.index);
      if (symbol) out.push({ kind: 'move', symbol: venueListing(ctx, symbol, clause), pct });
      continue;
    }
    out.push({ kind: 'change', pct, what: changeWhat(doc, words, dir.at === numIdx ? m.index + m[0].length : -1) });
  }
  return out;
}
