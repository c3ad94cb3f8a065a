/**
 * Percentages with a direction: a stock move of a company ("Albemarle (ALB.US) up 13.6%", "$SQM +10%",
 * "shares slumped 8%", "US$6.12 (-8.0%)") or a change of a quantity ("output has decreased by 14%",
 * "futures rose 9%"). A percentage without a direction ("rates to 60%", "a 20% stake") is a level, not a figure.
 */
import type { Figure } from '../types.js';
import type { Mention } from './companies.js';
import type { Doc, Token } from './text.js';
import { asideAfter, describedSubject, RELATIVE } from './move-aside.js';
import { coordinated, gappedOwner, ownerAfter, respectively, venueListing } from './move-owner.js';
import {
  CLAUSE,
  COMMODITY_WORDS,
  DOWN,
  DOWN_NOUN,
  FILLER,
  LEVEL,
  LIMIT_AFTER,
  LIMIT_FILLER,
  LIMIT_HIT,
  LINK,
  PCT,
  QUANTITY_NOUNS,
  BY_WORDS,
  SESSION_AFTER,
  SHARE_WORDS,
  UP,
  UP_NOUN,
  VENUE_HEAD,
  VERSUS,
  objectAfter,
} from './pct-lexicon.js';

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

// How far back from "by X%" the verb of a changed thing may be ("reduce production at its ... mine by 25%").
const BY_REACH = 14;

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
  const tail = doc.text.slice(pctEnd, pctEnd + 40);
  let limit = LIMIT_AFTER.exec(tail);
  let from = numIdx - 1;
  // "rose by the daily limit of 10%": the limit is named before its size.
  if (!limit && toks[numIdx - 1]?.norm === 'of' && toks[numIdx - 2]?.norm === 'limit') {
    limit = LIMIT_AFTER.exec('limit');
    from = numIdx - 3;
    const edge = toks[from]?.norm;
    if (edge === 'down' || edge === 'lower') return { sign: -1, at: numIdx };
    if (edge === 'up' || edge === 'upper') from--;
  }
  if (limit) {
    // A price limit is hit going up unless the text says down ("limit-down", "fell by the daily limit").
    const down = limit[1]?.toLowerCase() === 'down' || /\blower\b/i.test(limit[0]);
    for (let k = 1, i = from; i >= 0 && k <= 6; k++, i--) {
      const t = toks[i] as Token;
      if (t.sentence !== num.sentence) break;
      if (UP.has(t.norm)) return { sign: down ? -1 : 1, at: i };
      if (DOWN.has(t.norm)) return { sign: -1, at: i };
      if (LIMIT_HIT.has(t.norm)) return { sign: down ? -1 : 1, at: i };
      if (!LIMIT_FILLER.has(t.norm) && !FILLER.has(t.norm)) break;
    }
  }
  const versus = VERSUS.exec(tail);
  if (versus) return { sign: /^(below|under|lower)/i.test(versus[1] ?? '') ? -1 : 1, at: numIdx };
  let byMode = false;
  const object: string[] = [];
  for (let k = 1, i = numIdx - 1; i >= 0 && k <= (byMode ? BY_REACH : 5); k++, i--) {
    const t = toks[i] as Token;
    if (t.sentence !== num.sentence) break;
    // "will cut production at its Vametco plant in South Africa by 33%": the verb may sit far back, but not
    // across a clause break.
    if (byMode && k > 9 && gapBreaks(doc, t, toks[i + 1] as Token)) break;
    const obj = object.length ? { object: object.slice().reverse() } : {};
    // "gave up 2.4%", "giving up early gains": a loss, though written with "up".
    if (t.norm === 'up' && /^(gave|give|gives|giving|given)$/.test(toks[i - 1]?.norm ?? '')) return { sign: -1, at: i - 1, ...obj };
    if (UP.has(t.norm) || DOWN.has(t.norm)) {
      // "stieg in Sydney um 8,7 %", "rose on Monday by 3%": a place or a time between verb and "by" is no object.
      const sign = UP.has(t.norm) ? 1 : -1;
      return { sign, at: i, ...(object.length && !VENUE_HEAD.has(object[object.length - 1] ?? '') ? obj : {}) };
    }
    if (BY_WORDS.has(t.norm)) {
      // "ein Rückgang um 10 %", "Anstieg um 4 %": a noun of change right before "um"/"by".
      const noun = toks[i - 1]?.norm ?? '';
      if (!byMode && UP_NOUN.has(noun)) return { sign: 1, at: i - 1 };
      if (!byMode && DOWN_NOUN.has(noun)) return { sign: -1, at: i - 1 };
      byMode = true;
      continue;
    }
    // "growth of 12%", "a decline of 8%": the noun before "of" carries the direction.
    // Spanish and Portuguese write it with "de": "queda de 20%", "caida de 40%", "aumento de 12%".
    if (!byMode && (t.norm === 'of' || t.norm === 'de' || t.norm === 'von') && i > 0) {
      const noun = (toks[i - 1] as Token).norm;
      if (UP_NOUN.has(noun)) return { sign: 1, at: i - 1 };
      if (DOWN_NOUN.has(noun)) return { sign: -1, at: i - 1 };
      // French "a reculé de 6,5 %", "réduire de 15 % la production": a verb, then "de", then its change.
      if (t.norm === 'de' && (UP.has(noun) || DOWN.has(noun))) {
        const obj = objectAfter(doc.text.slice(pctEnd, pctEnd + 40));
        return { sign: UP.has(noun) ? 1 : -1, at: i - 1, ...(obj ? { object: [obj] } : {}) };
      }
    }
    if (!byMode && LEVEL.has(t.norm)) break;
    if (FILLER.has(t.norm)) continue;
    if (byMode) {
      // "legten um 12,3 % zu, Albemarle um 6,8 %": another percentage is another clause's figure.
      if (/^\d/.test(t.norm) && /^\s?%/.test(doc.text.slice(t.end, t.end + 2))) break;
      if (!LINK.has(t.norm)) object.push(t.norm);
      continue;
    }
    break;
  }
  // "a 13.6% increase", "6% higher".
  const after = /^\s*(\p{L}+)/iu.exec(doc.text.slice(pctEnd, pctEnd + 20));
  const w = after?.[1]?.toLowerCase();
  // "un 7 % más que hace un año", "un 40% menos que": Spanish and Portuguese put the comparison after.
  if (w && /^(increase|rise|gain|jump|surge|climb|growth|higher|advance|rally|m[aá]s|mais)$/.test(w)) return { sign: 1, at: numIdx };
  if (w && /^(decrease|decline|drop|fall|slump|cut|reduction|lower|loss|plunge|slide|contraction|menos)$/.test(w)) return { sign: -1, at: numIdx };
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

// "carbonate stocks held by smelters fell 2.1%", "LME stocks": a stock of material, not shares.
const MATERIAL = new Set('carbonate hydroxide spodumene concentrate lepidolite ore metal warehouse warehouses port ports exchange lme shfe gfex comex social bonded cathode'.split(' '));

function physicalStock(toks: readonly Token[], i: number): boolean {
  const t = toks[i];
  if (!t || (t.norm !== 'stocks' && t.norm !== 'stock')) return false;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  return (!!prev && prev.sentence === t.sentence && MATERIAL.has(prev.norm)) || (!!next && next.sentence === t.sentence && (next.norm === 'held' || next.norm === 'levels'));
}

function stockWord(words: readonly string[]): boolean {
  return words.some((w, i) => SHARE_WORDS.has(w) || (w === 'price' && (words[i + 1] === 'stock' || words[i + 1] === 'share')));
}

/** Words before "volume" that make it trading volume ("on heavy volume"). */
const TAPE = new Set('on heavy big light thin huge massive strong'.split(' '));

/** The sentence opens with a written ticker ("$LAC breaking out ...", "ALB.N slips ..."). */
function ledBy(mentions: readonly Mention[], sentenceStart: number): boolean {
  return mentions.some((x) => x.from === sentenceStart && x.kind === 'ticker');
}

/** The direction word follows a comma (", up 8% today"). */
function setOff(doc: Doc, at: number): boolean {
  const t = doc.tokens[at];
  const prev = doc.tokens[at - 1];
  return !!t && !!prev && prev.sentence === t.sentence && doc.text.slice(prev.end, t.start).includes(',');
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

/** The low end of a range right before a percentage: "10-", "10 to ", "10%-" (not "10% to": from one to another). */
const RANGE_LOW = /(?<![\w.])(\d+(?:\.\d+)?)(?:\s?[-\u2013]\s?|\sto\s|%\s?[-\u2013]\s?)$/;

/** Moves and changes in the document, in text order. */
export function percentFigures(ctx: PctContext): Figure[] {
  const { doc, mentions } = ctx;
  const toks = doc.tokens;
  const out: Figure[] = [];
  let lastMove: { sentence: number; sign: 1 | -1 } | undefined;
  for (const m of doc.text.matchAll(PCT)) {
    // "output up 10-15%", "rose 5 to 7 per cent": a range is two figures, read from where its low end stands.
    const range = m[1] ? null : RANGE_LOW.exec(doc.text.slice(Math.max(0, m.index - 14), m.index));
    const low = range ? Number.parseFloat(range[1] ?? '') : undefined;
    const numStart = range ? m.index - range[0].length : m.index + (m[1] ? 1 : 0);
    const numIdx = tokenAt(doc, numStart);
    if (numIdx >= toks.length) continue;
    const dir = direction(doc, numIdx, m[1], m.index + m[0].length);
    if (!dir) {
      // "Pilbara rose 12.3%, Albemarle 6.8%", "legten um 12,3 % zu, Albemarle um 6,8 %": the verb is left out
      // of the second clause; its company moved the same way.
      const gapped = lastMove ? gappedOwner(doc, mentions, numIdx, lastMove.sentence) : undefined;
      if (gapped && lastMove) out.push({ kind: 'move', symbol: gapped, pct: lastMove.sign * Number.parseFloat(m[2] ?? '0') });
      continue;
    }
    const pct = dir.sign * Number.parseFloat(m[2] ?? '0');
    const emit = (f: Figure): void => {
      if (low !== undefined && (f.kind === 'move' || f.kind === 'change')) out.push({ ...f, pct: dir.sign * low });
      out.push(f);
      if (f.kind === 'move') lastMove = { sentence: (toks[numIdx] as Token).sentence, sign: dir.sign };
    };
    const sentence = (toks[numIdx] as Token).sentence;
    // A company right before the direction word, with only linking words between, owns the move.
    let adjacent: Mention | undefined;
    const before = mentions.filter((x) => x.to <= dir.at && (toks[x.from] as Token).sentence === sentence);
    const last = before[before.length - 1];
    if (last) {
      let ok = true;
      const aside = asideAfter(doc, last, dir.at);
      for (let i = last.to; i < dir.at; i++) {
        const t = toks[i] as Token;
        if (t.start >= aside.from && t.end <= aside.to) continue;
        if (i === last.to && (t.norm === 'which' || t.norm === 'who') && RELATIVE.test(doc.text.slice(last.end, t.start))) continue;
        if (!LINK.has(t.norm) && !mentions.some((x) => x.from <= i && x.to > i)) ok = false;
      }
      if (ok) adjacent = last;
    }
    // "Zangge Mining, a supplier to CATL, fell 6%": a company named inside the description of the subject is not
    // the one that moved; the subject is (nothing, when the subject is a company outside the universe).
    const described = last ? describedSubject(doc, mentions, last, dir.at) : undefined;
    if (described === null) continue;
    if (described) adjacent = described;
    const clause = clauseWords(doc, dir.at, numIdx);
    const { first } = clause;
    const words = clause.words.map((w, k) => (physicalStock(toks, dir.at - 1 - k) ? 'inventories' : w));
    const sentenceStart = toks.findIndex((t) => t.sentence === sentence);
    const earlier = toks.slice(sentenceStart, dir.at).map((t, k) => (physicalStock(toks, sentenceStart + k) ? 'inventories' : t.norm));
    let symbol: string | undefined;
    let isMove = false;
    // "US$4.10 (-8.0%)": the change of a price just quoted; a share price unless a commodity is being priced.
    const quotedPrice = !!m[1] && /(?:[$€£¥]\s?[\d.,]+|\d\s(?:yuan|dollars|euros))\s*\($/i.test(doc.text.slice(Math.max(0, m.index - 25), m.index));
    // Words of the clause that are not part of a company name ("LME copper", not "Lithium Americas").
    const inName = (i: number): boolean => mentions.some((x) => x.from <= i && x.to > i);
    const ownWords = words.filter((_, k) => !inName(dir.at - 1 - k));
    const commodity = ownWords.some((w) => COMMODITY_WORDS.has(w)) && !stockWord(words);
    // "$MDLX ... +8.4%" in a headline: a signed percentage beside a written ticker is the ticker's move.
    const tickerSign = !!m[1] && sentence === 0 && !words.some((w) => QUANTITY_NOUNS.has(w)) && before.some((x) => x.kind === 'ticker');
    const pctEnd = m.index + m[0].length;
    // "a 15% jump in shares of Piedmont Lithium", "a 9% fall in Liontown shares": the owner follows the noun.
    const owner = dir.at === numIdx && !m[1] ? ownerAfter(doc, mentions, pctEnd) : undefined;
    const list = adjacent ? respectively(doc, mentions, adjacent, pctEnd) : undefined;
    if (list) {
      list.symbols.forEach((sym, k) => emit({ kind: 'move', symbol: sym, pct: dir.sign * (list.values[k] ?? 0) }));
      continue;
    }
    if (owner) {
      emit({ kind: 'move', symbol: owner, pct });
      continue;
    }
    if (dir.object && !dir.object.some((w) => SHARE_WORDS.has(w))) {
      emit({ kind: 'change', pct, what: dir.object.filter((w) => !STOP.has(w)).slice(-3).join(' ') });
      continue;
    } else if (quotedPrice && !words.some((w) => QUANTITY_NOUNS.has(w))) {
      isMove = true;
    } else if (adjacent) {
      isMove = true;
      symbol = adjacent.symbol;
    } else if (tickerSign) {
      isMove = true;
    } else if (stockWord(words)) {
      isMove = true;
    } else if (!words.some((w) => QUANTITY_NOUNS.has(w) || COMMODITY_WORDS.has(w)) && SESSION_AFTER.test(doc.text.slice(pctEnd, pctEnd + 30))) {
      isMove = true;
    } else if (commodity || words.some((w) => QUANTITY_NOUNS.has(w))) {
      isMove = false;
    } else if (stockWord(earlier)) {
      isMove = true;
    } else if (!words.length && setOff(doc, dir.at) && ledBy(mentions, sentenceStart) && !earlier.some((w, k) => COMMODITY_WORDS.has(w) || (QUANTITY_NOUNS.has(w) && !TAPE.has(earlier[k - 1] ?? '')))) {
      // "$LAC breaking out of the wedge on heavy volume, up 8% today": a bare "up 8%" set off after a sentence
      // led by a company, with no quantity named, is that company's move (trading volume is not a quantity).
      isMove = true;
    }
    if (isMove) {
      symbol ??= last?.symbol ?? ctx.main;
      // The venue may follow the number: "rose 16.4% on their first day of trading in Hong Kong".
      const rest = /^[^,;.]*?(?=[,;.]|\s(?:while|whereas|but|and|although)\s|$)/.exec(doc.text.slice(m.index + m[0].length, m.index + m[0].length + 80))?.[0] ?? '';
      const clause = `${doc.text.slice((toks[first] as Token).start, m.index)} ${rest}`;
      if (symbol) emit({ kind: 'move', symbol: venueListing(ctx.listings, symbol, clause), pct });
      // "Tianqi (002466.SZ) and Ganfeng (002460.SZ) both hit the limit": each company of the subject moved.
      if (adjacent && toks.slice(adjacent.to, dir.at).some((t) => t.norm === 'both' || t.norm === 'each' || t.norm === 'all')) {
        for (const other of coordinated(doc, mentions, adjacent)) emit({ kind: 'move', symbol: venueListing(ctx.listings, other, clause), pct });
      }
      continue;
    }
    emit({ kind: 'change', pct, what: changeWhat(doc, words, dir.at === numIdx ? m.index + m[0].length : -1) });
  }
  return out;
}
