/**
 * Companies outside the universe that a story introduces with their ticker: "Zangge Mining (000408.SZ) fell 6.3%
 * after …", "Freeport-McMoRan (FCX) declared force majeure". The name written before the brackets stands for that
 * ticker everywhere in the story (the headline's "Zangge Mining fell 6.3%" is a move of 000408.SZ), and a bare
 * code in brackets after a name is a ticker unless it is the name's own initials ("North American Lithium (NAL)").
 */
import type { Mention } from './companies.js';
import { tokenSpan, type Doc } from './text.js';

/** A run of capitalised words (a hyphen or "&" may join them) right before an opening bracket. */
const NAME_BEFORE = /((?:\p{Lu}[\p{L}\d&'-]*\s){0,3}\p{Lu}[\p{L}\d&'-]*)\s*\(\s*$/u;
const BARE_IN_BRACKETS = /\(([A-Z]{2,5})\)/g;
const WORD_CHAR = /[\p{L}\d]/u;
// A chemical formula before the brackets ("Li7La3Zr2O12 (LLZO)"): element symbols with counts, not a company.
const FORMULA = /(?:\p{Lu}\p{Ll}?\d+){2,}/u;
/** Words that open a sentence or name a place or body, never a listed company by themselves. */
const NOT_A_NAME = new Set(
  'the a an its their shares stock stocks analysts china chinese australia australian chile argentina canada us u.s uk eu hong kong shenzhen shanghai beijing'
    .split(' '),
);
/** Bracketed capitals that are abbreviations, not listings. */
const NOT_A_TICKER = new Set(
  ('PRC USA UAE EU UK US DRC EV EVS LCE DLE LFP LMFP NCM NCA ESS BESS CEO CFO COO CTO IPO ETF GDP CPI PMI OPEC IEA USGS ' +
    'ASX NYSE TSX LME SHFE GFEX CME FOB CIF SPAC JV MOU NPV IRR AISC FID DFS PFS EIA EPA SEC FTC DOE DOD IRA NDRC MIIT ' +
    'MOFCOM SOE LG SK GWH MWH KWH TPA KTPA MTPA SC SCE NAL CGP TSF HSE ESG AGM EGM ' +
    // News agencies, credited in brackets after a dateline: "WASHINGTON (AP) -", "MADRI, 24 SET (ANSA) -".
    'AP AFP ANSA EFE DPA UPI PTI IANS TASS LUSA APA KNA CNA BNA SPA WAM MENA RIA ANP NTB TT CTK PAP MTI ATS BELGA ' +
    // (State codes in brackets are left to the contextual rule, "a state code after its town": a global list would
    // also refuse "Boeing (BA)" or "Mastercard (MA)".)
    'AAP CP NZPA KYODO JIJI YONHAP BERNAMA ANTARA XINHUA CNS TELAM NOTIMEX')
    .split(' '),
);
// Two-letter state and province codes (Brazil, the US, Canada, Australia's are longer) written after a town.
const STATES = new Set(
  ('AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO AK AZ AR CA CO CT DE FL GA HI ID IL ' +
    'IN IA KS KY LA ME MD MI MN MO NE NV NH NJ NM NY NC ND OH OK OR RI SD TN TX UT VT VA WA WV WI WY QC ON BC AB MB SK NS NB NL PE')
    .split(' '),
);
// A town named with a preposition of place before it ("em Itinga", "near Reno", "in Kings Mountain").
const LOCATIVE = /\b(?:in|at|near|em|en|de|da|do|na|no|cerca de|outside)\s+(?:\p{Lu}[\p{L}'-]*\s){0,2}\p{Lu}[\p{L}'-]*,?\s*$/u;

// A credit is followed by the dash that opens the story ("(AP) —", "(Reuters) -"); a listing never is.
const CREDIT_DASH = /^\s?[-\u2013\u2014]{1,2}\s/;
const GLUE = new Set(['and', 'of', 'the', 'for', 'in', 'on', 'e', 'y', 'et', 'und', 'de', 'da', 'do', 'del', 'des', 'la', 'le', '&', 'viz']);

/**
 * True when `code` spells the initials of the words written right before it ("Haela, Mazia and Lemat (HML)",
 * "Total Suspended Solids (TSS)"): an abbreviation the text defines, whatever the case of its words.
 */
function initialsBefore(code: string, before: string): boolean {
  const words = (before.match(/[\p{L}][\p{L}\d'-]*/gu) ?? []).filter((w) => !GLUE.has(w.toLowerCase()));
  const n = code.length;
  if (words.length < n) return false;
  // The run of words may stop short of the name's last words: "Centers for Disease Control and Prevention (CDC)".
  for (let end = words.length; end >= Math.max(n, words.length - 2); end--) {
    if (words.slice(end - n, end).map((w) => w[0] ?? '').join('').toUpperCase() === code) return true;
  }
  return false;
}

/** True when `code` is drawn from the name's letters in order, starting with its first letter: an abbreviation. */
function abbreviates(code: string, name: string): boolean {
  const letters = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (letters[0] !== code[0]) return false;
  let i = 0;
  for (const ch of letters) if (ch === code[i]) i++;
  return i === code.length;
}

function cleanName(raw: string): string | undefined {
  const words = raw.trim().split(/\s+/);
  while (words.length && NOT_A_NAME.has((words[0] ?? '').toLowerCase())) words.shift();
  const name = words.join(' ');
  return name.length >= 3 && !NOT_A_NAME.has(name.toLowerCase()) ? name : undefined;
}

/**
 * The mentions `found` plus: bare bracketed tickers of companies outside the universe, and every occurrence of a
 * name written before an outside ticker's brackets. `known` tells universe symbols (already found by name).
 */
export function withDefinedNames(doc: Doc, found: readonly Mention[], known: (symbol: string) => boolean): Mention[] {
  const text = doc.text;
  const out = [...found];
  const covered = (start: number, end: number) => out.some((m) => m.start < end && m.end > start);
  const codes = new Set<string>();
  if (!text.includes('(')) return out;
  for (const m of text.matchAll(BARE_IN_BRACKETS)) {
    const code = m[1] ?? '';
    const at = m.index + 1;
    if (NOT_A_TICKER.has(code) || covered(at, at + code.length)) continue;
    if (CREDIT_DASH.test(text.slice(at + code.length + 1, at + code.length + 5))) continue;
    // "em Itinga (MG)", "in Austin (TX)": a state after the town it is in.
    if (code.length === 2 && STATES.has(code) && LOCATIVE.test(text.slice(Math.max(0, at - 40), at - 1))) continue;
    const name = cleanName(NAME_BEFORE.exec(text.slice(Math.max(0, at - 60), at))?.[1] ?? '');
    if (!name || abbreviates(code, name) || FORMULA.test(name)) continue;
    const sentenceStart = Math.max(text.lastIndexOf('. ', at), text.lastIndexOf('\n', at), at - 120, 0);
    if (initialsBefore(code, text.slice(sentenceStart, at - 1))) continue;
    const [from, to] = tokenSpan(doc.tokens, at, at + code.length);
    out.push({ symbol: code, start: at, end: at + code.length, from, to, kind: 'ticker', surface: code });
    codes.add(code);
  }
  const names = new Map<string, string>();
  // Once introduced, the bare code stands for the company too ("FCX −6.1%").
  for (const code of codes) names.set(code, code);
  for (const t of out) {
    if (t.kind !== 'ticker' || known(t.symbol)) continue;
    const open = text.lastIndexOf('(', t.start);
    if (open < 0 || t.start - open > 12 || text.slice(open, t.start).includes(')')) continue;
    const name = cleanName(NAME_BEFORE.exec(text.slice(Math.max(0, open - 60), open + 1))?.[1] ?? '');
    if (name && !names.has(name)) names.set(name, t.symbol);
  }
  // A plain search per name (no pattern compiled per story), bounded by non-word characters on both sides.
  for (const [name, symbol] of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      const end = at + name.length;
      if (WORD_CHAR.test(text[at - 1] ?? '') || WORD_CHAR.test(text[end] ?? '') || covered(at, end)) continue;
      const [from, to] = tokenSpan(doc.tokens, at, end);
      out.push({ symbol, start: at, end, from, to, kind: 'name', surface: name });
    }
  }
  return out.length === found.length ? out : out.sort((x, y) => x.start - y.start || y.end - x.end);
}
