/**
 * Turns a title and summary into one clean document: HTML and entities removed, dashes and quotes made plain,
 * sentences delimited, words tokenised with their offsets. Every later stage reads this one structure.
 */
import { toSimplified } from './han.js';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '-', mdash: '-', minus: '-',
  rsquo: "'", lsquo: "'", rdquo: '"', ldquo: '"', hellip: '...', euro: '€', pound: '£', yen: '¥', middot: ' ',
  eacute: 'é', aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', uuml: 'ü',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}

// Block-level tags end a sentence; inline tags are just removed.
function stripTags(s: string): string {
  return s
    .replace(/<\s*(script|style)[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, ' ')
    .replace(/<\s*\/?\s*(p|br|div|li|ul|ol|h[1-6]|tr|td|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]{0,500}>/g, '');
}

const PLAIN_CHAR: Record<string, string> = {
  '\u2212': '-', '\u2013': '-', '\u2014': '-', '\u2012': '-', '\u2010': '-', '\u2011': '-',
  '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\u2032': "'", '\u201c': '"', '\u201d': '"', '\u2033': '"',
  '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u2007': ' ', '\u200a': ' ', '\u200b': '', '\ufeff': '',
};
const ODD_CHARS = /[\u2212\u2013\u2014\u2012\u2010\u2011\u2018\u2019\u02bc\u2032\u201c\u201d\u2033\u00a0\u2009\u202f\u2007\u200a\u200b\ufeff]/g;

const NON_ASCII = /[^\t\n\r -~]/;
/** Plain text from a feed field that may hold HTML, entities, odd dashes and spaces. */
export function cleanText(raw: string): string {
  let s = raw.includes('<') ? stripTags(raw) : raw;
  if (s.includes('&')) {
    s = decodeEntities(s);
    if (/<[a-z/][^>]*>/i.test(s)) s = stripTags(s); // escaped HTML ("&lt;p&gt;") shows up after decoding
  }
  if (NON_ASCII.test(s)) s = s.replace(ODD_CHARS, (c) => PLAIN_CHAR[c] ?? c);
  // Pasted article pages end with link lists about other companies: they are not this story.
  if (s.includes('\n')) {
    const tail = /\n\s*(related articles|recommended?|read more|more from|related news|related stories)\s*\n/i.exec(s);
    if (tail) s = s.slice(0, tail.index);
    s = s.replace(/\s*\n\s*/g, '\n');
  }
  return (s.includes('  ') || s.includes('\t') ? s.replace(/[ \t]{2,}|\t/g, ' ') : s).trim();
}

export interface Token {
  /** Lower case, accents folded, possessive 's dropped. */
  norm: string;
  start: number;
  end: number;
  /** First letter upper case in the source. */
  cap: boolean;
  /** Every letter upper case (SQM, CATL) in the source. */
  upper: boolean;
  sentence: number;
}

export interface Doc {
  text: string;
  /** [start, end) of each sentence; sentence 0 is the title. */
  sentences: Array<{ start: number; end: number; titleCase: boolean }>;
  tokens: Token[];
}

// Abbreviations after which a full stop does not end a sentence.
const NO_BREAK = /(?:\b(?:Corp|Inc|Ltd|Co|Mt|St|Dr|Mr|Ms|Mrs|No|vs|approx|Jr|Sr|Bros|Pty|S\.A|U\.S|U\.K|e\.g|i\.e|[A-Z]))\.$/;

function splitSentences(text: string, titleEnd: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  const push = (end: number): void => {
    if (end > start) out.push({ start, end });
  };
  // A semicolon joins independent clauses ("CATL weighs suspending mining; lithium stocks jump"): treat as a break.
  const re = /[.!?]+(?=\s+["'(]?[A-Z$0-9])|;\s|\n/g;
  let m: RegExpExecArray | null;
  if (titleEnd > 0) {
    push(titleEnd);
    start = titleEnd + 1;
  }
  re.lastIndex = start;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    if (m[0] !== '\n' && NO_BREAK.test(text.slice(Math.max(start, m.index - 6), m.index + 1))) continue;
    push(m[0] === '\n' ? m.index : end);
    start = end;
  }
  push(text.length);
  return out;
}

// A Chinese, Japanese (kana) or Korean (Hangul) character is a token of its own: Chinese and Japanese have no
// spaces, and Korean glues particles to its nouns ("리튬을"), so phrases ("碳酸锂", "リチウム", "리튬") are matched on
// characters, with no segmentation.
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc`;
const WORD = new RegExp(String.raw`[${CJK}]|(?:(?![${CJK}])[\p{L}\p{N}])(?:(?![${CJK}])[\p{L}\p{N}&])*(?:['.](?:(?![${CJK}])[\p{L}\p{N}])+)*`, 'gu');
const CJK_CHAR = new RegExp(`^[${CJK}]$`, 'u');

// The same pattern for text that is all ASCII (most English wires): no Unicode classes, no normalisation.
const WORD_ASCII = /[A-Za-z0-9][A-Za-z0-9&]*(?:['.][A-Za-z0-9]+)*/g;

export function fold(s: string): string {
  // Most words are ASCII: skip the (costly) Unicode normalisation for them.
  if (!/[^ -~]/.test(s)) return s.toLowerCase();
  // Kana and Hangul as written: NFKD would split a Hangul syllable into its letters.
  if (s.length === 1 && CJK_CHAR.test(s) && !/\p{Script=Han}/u.test(s)) return s;
  const folded = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return /\p{Script=Han}/u.test(folded) ? toSimplified(folded) : folded;
}

/** Tokens of a phrase the same way documents are tokenised (for lexicons and company names). */
export function phraseTokens(s: string): string[] {
  return tokenize(s, 0).map((t) => t.norm);
}

function tokenize(text: string, sentenceOf: ((i: number) => number) | number): Token[] {
  const out: Token[] = [];
  const ascii = !NON_ASCII.test(text);
  const re = ascii ? WORD_ASCII : WORD;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let w = m[0];
    let end = m.index + w.length;
    const n = w.length;
    // Possessive 's is dropped ("Albemarle's" → albemarle); an inner dot stays (U.S, 603799.SH).
    if (n > 2 && w.charCodeAt(n - 2) === 39 && (w.charCodeAt(n - 1) | 32) === 115) {
      w = w.slice(0, -2);
      end -= 2;
    }
    const lower = ascii ? w.toLowerCase() : fold(w);
    const c0 = w[0] ?? '';
    // A Chinese character has no case; it counts as capitalised, as a name would be in English.
    const cap = c0 !== c0.toLowerCase() || (!ascii && CJK_CHAR.test(c0));
    out.push({
      norm: lower,
      start: m.index,
      end,
      cap,
      upper: cap && w.length > 1 && w === w.toUpperCase(),
      sentence: typeof sentenceOf === 'number' ? sentenceOf : sentenceOf(m.index),
    });
  }
  return out;
}

function isTitleCase(text: string): boolean {
  const words = text.match(/\b[a-zA-Z]{4,}\b/g) ?? [];
  if (words.length < 4) return false;
  return words.filter((w) => /^[A-Z]/.test(w)).length / words.length > 0.6;
}

export const MAX_SUMMARY = 12_000;

/** The document of a news item: title as sentence 0, then the summary's sentences. */
export function buildDoc(title: string, summary: string): Doc {
  // Feeds that carry whole articles: the story is decided on its opening, and matching stays linear-time cheap.
  const t = cleanText(title.slice(0, 2_000)).replace(/\n/g, ' ').slice(0, 500);
  const s = cleanText(summary.slice(0, 100_000)).slice(0, MAX_SUMMARY);
  const text = t && s ? `${t}\n${s}` : t || s;
  const ranges = splitSentences(text, t && s ? t.length : 0);
  // Title case is asked of few sentences (a rival metal after a capitalised word): worked out when asked.
  const sentences = ranges.map((r) => {
    let memo: boolean | undefined;
    return {
      ...r,
      get titleCase(): boolean {
        return (memo ??= isTitleCase(text.slice(r.start, r.end)));
      },
    };
  });
  let si = 0;
  const tokens = tokenize(text, (i) => {
    while (si < sentences.length - 1 && i >= (sentences[si]?.end ?? 0)) si++;
    return si;
  });
  return { text, sentences, tokens };
}

/** The tokens [from, to) covering characters [start, end): at least one token. */
export function tokenSpan(toks: readonly Token[], start: number, end: number): [number, number] {
  const from = Math.max(0, toks.findIndex((t) => t.end > start));
  let to = from;
  while (to < toks.length && (toks[to] as Token).start < end) to++;
  return [from, Math.max(to, from + 1)];
}

/** Index of the sentence holding character offset `i`. */
export function sentenceAt(doc: Doc, i: number): number {
  const s = doc.sentences;
  for (let k = 0; k < s.length; k++) if (i < (s[k]?.end ?? 0)) return k;
  return Math.max(0, s.length - 1);
}
