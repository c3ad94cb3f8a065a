/**
 * Finds companies in a document: by name or alias (one Aho–Corasick pass over words) and by the written ticker
 * forms of financial news: "(NYSE: ALB)", "ALB.N", "SQM.US", "(01772)", "(600512.SH)", "$SGML", "WRY: ...".
 */
import { normalizeSymbol } from '../symbols.js';
import type { TickerInfo } from '../types.js';
import { PhraseTrie, type PhraseHit } from './phrase-trie.js';
import { phraseTokens, tokenSpan, type Doc, type Token } from './text.js';
import { caseRule, CORPORATE_SUFFIX, derivedAliases, shortForm, type CaseRule } from './company-names.js';

export interface Mention {
  symbol: string;
  /** Character range in doc.text. */
  start: number;
  end: number;
  /** Token range. */
  from: number;
  to: number;
  kind: 'name' | 'ticker';
  /** Text as written, for `why`. */
  surface: string;
}

interface NameEntry {
  symbol: string;
  rule: CaseRule;
  /** A short form ("Piedmont" for Piedmont Lithium): counts only where the company is also fully named. */
  short?: true;
}

// "(NYSE: ALB)", "NYSE American: SLI", "(ASX:PLS)", "TSXV: KLL", "(SZSE: 300750)", "OTCQX: PILBF".
const PREFIXED =
  /\b(NYSE American|NYSE Arca|NYSE|NASDAQ|Nasdaq|AMEX|OTCQX|OTCQB|OTC Pink|OTC|ASX|TSX-V|TSXV|TSX Venture|TSX|CVE|HKEX|SEHK|HKSE|HKG|HK|SZSE|SZ|SHSE|SSE|SHE|SHA|SH|LSE|AIM|KRX|KOSDAQ|TYO|JSE|BMV|BVL|NSE|BSE|FRA|ETR|XETRA)\s?:\s?([A-Z0-9][A-Z0-9.-]{0,9})\b/g;
// Suffix forms: ALB.N, SQM.US, LTR.AX, 603799.SH, 01772.HK, 373220.KS.
const SUFFIXED = /(?<![\w$.-])([A-Z][A-Z0-9]{0,5}|\d{4,6})\.(US|N|O|OQ|AX|SZ|SH|SS|HK|TO|V|CN|KS|KQ|T|L|DE|F|PA|SA|NS|BO|NZ|JK|MX|SI|BR|AS|MI|ST|OL|HE|SW|VI|MC|JO|SN|BA)(?![\w])/g;
// Chinese market-prefixed A-share codes: "SH600111", "SZ002460", "sh603799" (quote sites and brokers write them so).
const MARKET_PREFIXED = /(?<![\w$.])(SH|SZ|sh|sz)(\d{6})(?![\w.])|(?<![\w$.])(HK|hk)(\d{4,5})(?![\w.])/g;
// Bloomberg-style codes: "002460 CH", "(1772 HK)", "PLS AU Equity" (a letter code only with "Equity"; a bare
// "2024 HK" is a year before a place).
const BLOOMBERG = /(?<![\w.])(\d{6}) (CH|C1|C2)(?: Equity)?(?![\w])|(?<=\()(\d{4,5}) HK(?=\))|(?<![\w.])(\d{4,5}) HK Equity(?![\w])|(?<![\w.])([A-Z][A-Z0-9]{0,5}) (AU|US|CN|HK) Equity(?![\w])/g;
const BLOOMBERG_SUFFIX: Record<string, string> = { AU: '.AX', US: '', CN: '.TO', HK: '.HK' };
// Chinese filings name the code with its label: "股票代码：002460", "证券代码:600111".
const CODE_LABEL = /(?:股票代码|证券代码|股份代码|證券代碼|股票代碼)\s?[:：]?\s?(\d{6})/gu;
const CASHTAG = /(?<![\w$])\$([A-Z]{1,6}(?:\.[A-Z]{1,2})?)(?![\w])/g;
// Hong Kong codes are written with their leading zero ("(09696)"); a bare "(2023)" is a year, not a code. A code
// may also follow another listing in the same brackets: "(002466.SZ; 09696)", "(SZ: 002460, HK: 01772)".
const PAREN_CODE = /(?<=\((?:[^()]{0,30}[A-Z]{2}[^()]{0,10}[;,]\s?)?)(0\d{4}|\d{6})(?=\)|\s?[;,]\s?[^()]{0,30}[A-Z]{2}[^()]{0,10}\))/g;
// "Liontown (LTR)": a bare code in brackets counts only when it is a known listing's code.
const PAREN_BARE = /\(([A-Z]{2,5})\)/g;
// A quote line in a market wrap: a capitalised word right before a signed move ("Pilbara +7.2%, IGO −1.1%").
const TAPE = /(?<![\w.-])(\p{Lu}[\p{Ll}\p{Lu}-]{2,})(?= [+\u2212\u2013-]\d+(?:\.\d+)?\s?%)/gu;
const SIGNED_PCT = /[+\u2212\u2013-]\d/;
const DOT_CODE = /\.[A-Z]/;
// ASX announcement feeds lead with the code: "WRY: Mt Yarrabee to transition ...".
const LEADING_CODE = /^([A-Z][A-Z0-9]{1,4}):\s/;

// Words that make a name before them a street or square.
const STREET = new Set('st street rd road ave avenue lane ln square sq drive dr boulevard blvd terrace crescent'.split(' '));
// Words that make a name before them a place or its government ("Nasarawa State", "Albemarle City Council").
const PLACE = new Set('state city county shire province region municipality council district'.split(' '));
// A dateline's US state after the name ("ALBEMARLE, N.C. —"): the town, not the company.
const DATELINE_STATE = /^,\s(?:[A-Z]\.){2}\s/;
// "IRS.O valor": a full stop with its space lost before a one-letter word ("O", "A"), not a listing suffix.
const RUN_ON = /^\s\p{Ll}/u;

const EXCHANGE_WORDS: Record<string, string> = {
  LSE: 'LSE', AIM: 'LSE', KRX: 'KRX', KOSDAQ: 'KOSDAQ', TYO: 'TYO', JSE: 'JSE', BMV: 'BMV', BVL: 'BVL',
  NSE: 'NSE', BSE: 'BSE', FRA: 'FRA', ETR: 'ETR', XETRA: 'ETR',
};
const FOREIGN_SUFFIX: Record<string, string> = { LSE: '.L', KRX: '.KS', KOSDAQ: '.KQ', TYO: '.T', JSE: '.JO', BMV: '.MX', NSE: '.NS', BSE: '.BO', FRA: '.F', ETR: '.DE', BVL: '.LM' };

/** Canonical symbol of a prefixed form, working around normalizeSymbol's "NaN.HK" for letter codes. */
function prefixedSymbol(exchange: string, code: string): string | undefined {
  const ex = exchange.toUpperCase().replace(/\s+/g, ' ');
  const foreign = EXCHANGE_WORDS[ex];
  if (foreign) return `${code}${FOREIGN_SUFFIX[foreign] ?? ''}`;
  if (/^(HKEX|SEHK|HKSE|HKG|HK)$/.test(ex) && !/^\d+$/.test(code)) return undefined;
  const exKey = ex === 'TSX VENTURE' ? 'TSXV' : ex === 'NYSE ARCA' ? 'NYSE' : ex === 'HKG' ? 'HKEX' : ex;
  return normalizeSymbol(`${exKey}: ${code}`);
}

// Heads of official names that can end in a company's name: "Ministry of Energy and Mineral Resources".
const INSTITUTION_HEAD = new Set('ministry minister department directorate bureau office agency commission authority council institute secretariat'.split(' '));
const NAME_GLUE = new Set(['of', 'and', 'for', 'the', '&']);
// Words a ministry's portfolio is named with: a company named only with them ("Mineral Resources") can be the
// end of an official name; a distinctive one ("Ministry of Mines and Vexa Lithium") is the company.
const PORTFOLIO = new Set(
  'mineral minerals resources resource energy mines mining natural industry industries environment water lands land petroleum trade economy development planning science'.split(' '),
);

/** A name that continues a capitalised official name ("Ministry of Energy and Mineral Resources") is not a company. */
function insideInstitution(toks: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!PORTFOLIO.has((toks[i] as Token).norm)) return false;
  const sentence = toks[from]?.sentence;
  for (let i = from - 1, k = 0; i >= 0 && k < 6; i--, k++) {
    const t = toks[i] as Token;
    if (t.sentence !== sentence || !(t.cap || NAME_GLUE.has(t.norm))) return false;
    if (t.cap && INSTITUTION_HEAD.has(t.norm)) return true;
  }
  return false;
}

export class CompanyIndex {
  private readonly names = new PhraseTrie<NameEntry>();
  private readonly bases = new Map<string, string[]>();
  /** Display name per symbol. */
  readonly display = new Map<string, string>();

  constructor(tickers: readonly TickerInfo[], extra: readonly Pick<TickerInfo, 'symbol' | 'name'>[] = []) {
    const seen = new Set<string>();
    const phrases = new Set<string>();
    const addName = (alias: string, symbol: string): void => {
      const words = phraseTokens(alias);
      const key = `${words.join(' ')}\u0000${symbol}`;
      if (!words.length || seen.has(key)) return;
      seen.add(key);
      phrases.add(words.join(' '));
      this.names.add(words, { symbol, rule: caseRule(alias, words) });
    };
    // Short forms shared by two companies name neither.
    const shortCount = new Map<string, number>();
    const shortOf = new Map<string, string>();
    for (const t of tickers) {
      const f = /\((OTC|H shares)\)/.test(t.name) ? undefined : shortForm(t.name);
      if (!f) continue;
      shortOf.set(t.symbol, f);
      shortCount.set(f, (shortCount.get(f) ?? 0) + 1);
    }
    for (const t of tickers) {
      this.display.set(t.symbol, t.name);
      // "Pilbara Minerals (OTC)" is a listing label, not a name a story uses.
      if (!/\((OTC|H shares)\)/.test(t.name)) addName(t.name, t.symbol);
      for (const a of t.aliases) addName(a, t.symbol);
      this.addBase(t.symbol);
    }
    // First words of names for the tape form ("Pilbara +7.2%"): kept even where a short form is unsafe (a region,
    // a generic word), since a capitalised word right before a signed move is a quote line, not prose.
    const firstCount = new Map<string, string[]>();
    for (const t of tickers) {
      if (/\((OTC|H shares)\)/.test(t.name)) continue;
      const first = /^(\p{Lu}[\p{Ll}\p{Lu}-]{2,})\s/u.exec(t.name)?.[1];
      if (first && !CORPORATE_SUFFIX.has(first.toLowerCase())) firstCount.set(first, [...(firstCount.get(first) ?? []), t.symbol]);
    }
    for (const [first, symbols] of firstCount) if (symbols.length === 1) this.tape.set(first, symbols[0]!);
    for (const [symbol, f] of shortOf) {
      const words = phraseTokens(f);
      // A written alias ("Ganfeng") already names the company on its own.
      if (shortCount.get(f) === 1 && !phrases.has(words.join(' '))) {
        this.names.add(words, { symbol, rule: 'first-word', short: true });
      }
    }
    for (const e of extra) {
      const symbol = normalizeSymbol(e.symbol) ?? e.symbol;
      if (!this.display.has(symbol)) this.display.set(symbol, e.name);
      for (const a of derivedAliases(e.name)) addName(a, symbol);
      this.addBase(symbol);
    }
    this.names.build();
  }

  /** A company's first word, when only one company starts with it, for quote lines ("Pilbara +7.2%"). */
  private readonly tape = new Map<string, string>();

  /** Plain (US-style) symbols of three letters or more, recognised bare when written in capitals ("ALTM fell 9%"). */
  private readonly plain = new Set<string>();

  /** A code the universe lists, as written in capitals ("ALB", "SQM"). */
  isCode(word: string): boolean {
    return this.plain.has(word) || this.bases.has(word);
  }

  private addBase(symbol: string): void {
    if (/^[A-Z]{3,6}$/.test(symbol)) this.plain.add(symbol);
    const base = symbol.split('.')[0] ?? symbol;
    const list = this.bases.get(base) ?? [];
    list.push(symbol);
    this.bases.set(base, list);
  }

  private accepts(doc: Doc, hit: PhraseHit<NameEntry>): boolean {
    const toks = doc.tokens;
    const first = toks[hit.from] as Token;
    if ((toks[hit.to - 1] as Token).sentence !== first.sentence) return false;
    // "Albemarle St.", "Tesla Road": a street named after the word, not the company.
    const next = toks[hit.to];
    if (next?.cap && STREET.has(next.norm) && next.sentence === first.sentence) return false;
    if (next && PLACE.has(next.norm) && next.sentence === first.sentence) return false;
    if (DATELINE_STATE.test(doc.text.slice((toks[hit.to - 1] as Token).end, (toks[hit.to - 1] as Token).end + 8))) return false;
    switch (hit.value.rule) {
      case 'upper':
        return first.upper || /^\d/.test(first.norm);
      case 'every-word':
        for (let i = hit.from; i < hit.to; i++) if (!(toks[i] as Token).cap) return false;
        return true;
      case 'first-word':
        return first.cap;
      default:
        return true;
    }
  }

  /** Name and ticker mentions in document order; a name followed by its own ticker form counts once per form. */
  find(doc: Doc): Mention[] {
    const out: Mention[] = [];
    const toks = doc.tokens;
    const shorts: Mention[] = [];
    for (const h of this.names.findLongest(toks, (x) => this.accepts(doc, x) && !insideInstitution(toks, x.from, x.to))) {
      const a = toks[h.from] as Token;
      const b = toks[h.to - 1] as Token;
      const m: Mention = { symbol: h.value.symbol, start: a.start, end: b.end, from: h.from, to: h.to, kind: 'name', surface: doc.text.slice(a.start, b.end) };
      (h.value.short ? shorts : out).push(m);
    }
    const addTicker = (symbol: string | undefined, start: number, end: number): void => {
      if (!symbol || out.some((m) => m.kind === 'ticker' && m.start <= start && m.end >= end)) return;
      const [from, to] = tokenSpan(toks, start, end);
      out.push({ symbol, start, end, from, to, kind: 'ticker', surface: doc.text.slice(start, end) });
    };
    const text = doc.text;
    // Each written form needs its mark (":", ".X", "$"): a story without it skips that scan.
    if (text.includes(':')) for (const m of text.matchAll(PREFIXED)) addTicker(prefixedSymbol(m[1] ?? '', m[2] ?? ''), m.index, m.index + m[0].length);
    for (const m of DOT_CODE.test(text) ? text.matchAll(SUFFIXED) : []) {
      // "N.V" and "S.A" are legal forms, not listings.
      if ((m[1] ?? '').length < 2 && (m[2] ?? '').length < 2) continue;
      const end = m.index + m[0].length;
      if ((m[2] ?? '').length === 1 && !this.isCode(m[1] ?? '') && text[m.index - 1] !== '(' && RUN_ON.test(text.slice(end, end + 2))) continue;
      addTicker(normalizeSymbol(m[0]), m.index, m.index + m[0].length);
    }
    if (/(?:SH|SZ|sh|sz)\d{6}|(?:HK|hk)\d{4}/.test(text)) {
      for (const m of text.matchAll(MARKET_PREFIXED)) {
        const symbol = m[2] ? `${m[2]}${(m[1] ?? '').toUpperCase() === 'SH' ? '.SS' : '.SZ'}` : normalizeSymbol(`${m[4] ?? ''}.HK`);
        addTicker(symbol, m.index, m.index + m[0].length);
      }
    }
    if (/\d (?:CH|C1|C2|HK)\b| Equity\b/.test(text)) {
      for (const m of text.matchAll(BLOOMBERG)) {
        const hk = m[3] ?? m[4];
        const symbol = m[1] ? normalizeSymbol(m[1]) : hk ? normalizeSymbol(`${hk}.HK`) : normalizeSymbol(`${m[5] ?? ''}${BLOOMBERG_SUFFIX[m[6] ?? ''] ?? ''}`);
        addTicker(symbol, m.index, m.index + m[0].length);
      }
    }
    if (/代[码碼]/u.test(text)) for (const m of text.matchAll(CODE_LABEL)) addTicker(normalizeSymbol(m[1] ?? ''), m.index, m.index + m[0].length);
    if (text.includes('$')) for (const m of text.matchAll(CASHTAG)) addTicker(this.resolveBare(m[1] ?? '') ?? normalizeSymbol(m[1] ?? ''), m.index, m.index + m[0].length);
    const brackets = text.includes('(');
    if (brackets) for (const m of text.matchAll(PAREN_CODE)) addTicker(normalizeSymbol(m[1] ?? ''), m.index, m.index + m[0].length);
    const shouting = new Map<number, boolean>();
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as Token;
      if (!t.upper || t.norm.length < 3 || t.norm.length > 6) continue;
      const raw = text.slice(t.start, t.end);
      if (!this.plain.has(raw) || out.some((m) => m.start <= t.start && m.end >= t.end)) continue;
      // In an all-capitals headline every word looks like a ticker.
      let loud = shouting.get(t.sentence);
      if (loud === undefined) {
        const ws = toks.filter((x) => x.sentence === t.sentence && /\p{L}{3,}/u.test(x.norm));
        loud = ws.filter((x) => x.upper).length > ws.length / 2;
        shouting.set(t.sentence, loud);
      }
      // A ticker tape ("ALB +4.5% | SQM +3.1%") is all capitals, but a code with its signed move is a code.
      if (!loud || /^\s*[+-]\d/.test(text.slice(t.end, t.end + 4))) addTicker(raw, t.start, t.end);
    }
    if (brackets) for (const m of text.matchAll(PAREN_BARE)) addTicker(this.resolveBare(m[1] ?? ''), m.index + 1, m.index + m[0].length - 1);
    const lead = LEADING_CODE.exec(text);
    if (lead) {
      const sym = this.resolveBare(lead[1] ?? '');
      if (sym) addTicker(sym, 0, (lead[1] ?? '').length);
    }
    for (const m of shorts) if (out.some((x) => x.symbol === m.symbol)) out.push(m);
    for (const m of SIGNED_PCT.test(text) ? text.matchAll(TAPE) : []) {
      const symbol = this.tape.get(m[1] ?? '');
      if (!symbol || out.some((x) => x.start <= m.index && x.end > m.index)) continue;
      const from = toks.findIndex((t) => t.start >= m.index);
      if (from < 0) continue;
      out.push({ symbol, start: m.index, end: m.index + (m[1] ?? '').length, from, to: from + 1, kind: 'name', surface: m[1] ?? '' });
    }
    return out.sort((x, y) => x.start - y.start || y.end - x.end);
  }

  /** A bare code ("WRY", "PLS") to the single known symbol with that base, if exactly one. */
  private resolveBare(code: string): string | undefined {
    const up = code.toUpperCase();
    if (up.includes('.')) return undefined;
    const list = this.bases.get(up);
    if (list?.includes(up)) return up;
    return list && list.length === 1 ? list[0] : undefined;
  }
}
