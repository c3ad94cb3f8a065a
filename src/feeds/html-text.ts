/**
 * Feed text to plain text: titles and summaries arrive as HTML (escaped or in CDATA) and go to chat as
 * plain text. Also removes invisible characters that can hide or reorder text (zero-width, bidi overrides,
 * Unicode tag characters), because alerts are read by people who trust what they see.
 */

// HTML named entities seen in feeds (XML itself only defines five). Latin-1 block in code-point order.
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
  'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig ' +
  'Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash ' +
  'Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ' +
  'ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc ' +
  'uuml yacute thorn yuml';

const OTHERS: Record<string, number> = {
  amp: 38, lt: 60, gt: 62, quot: 34, apos: 39,
  OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710, tilde: 732,
  ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
  ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243,
  lsaquo: 8249, rsaquo: 8250, oline: 8254, frasl: 8260, euro: 8364, trade: 8482,
  larr: 8592, uarr: 8593, rarr: 8594, darr: 8595, harr: 8596, minus: 8722, infin: 8734,
  asymp: 8776, ne: 8800, le: 8804, ge: 8805,
  Delta: 916, Omega: 937, alpha: 945, beta: 946, gamma: 947, delta: 948, mu: 956, pi: 960, sigma: 963,
};

export const HTML_ENTITIES: ReadonlyMap<string, number> = new Map([
  ...LATIN1.split(' ').map((name, i): [string, number] => [name, 160 + i]),
  ...Object.entries(OTHERS),
]);

// Windows-1252 meanings of 0x80-0x9F: mislabelled Latin-1 feeds and &#146; style references use them.
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function fromCodePoint(n: number): string {
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '';
  if (n >= 0x80 && n <= 0x9f) return CP1252_C1[n - 0x80] ?? '';
  return String.fromCodePoint(n);
}

/** Decodes HTML character references (named from the table above, decimal, hex); unknown names stay. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (m, dec, hex, name) => {
    if (dec !== undefined) return fromCodePoint(Number(dec));
    if (hex !== undefined) return fromCodePoint(parseInt(hex as string, 16));
    const cp = HTML_ENTITIES.get(name as string);
    return cp === undefined ? m : String.fromCodePoint(cp);
  });
}

// Zero-width, joiners, bidi embeddings/overrides/isolates and marks, soft hyphen, invisible fillers.
// Invisible and combining characters are listed on purpose: removing them is the point.
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]|[\u{E0000}-\u{E007F}]/gu;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROLS = /[\u0000-\u001F\u007F]/g;
const C1 = /[\u0080-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes invisible/control characters and collapses whitespace. */
export function cleanText(s: string): string {
  return s
    .replace(C1, (c) => {
      const m = CP1252_C1[c.charCodeAt(0) - 0x80] ?? '';
      return m.charCodeAt(0) >= 0xa0 ? m : '';
    })
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '')
    .replace(CONTROLS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cuts to at most `max` UTF-16 units, ending in "…", never splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = s.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

const BLOCK_TAGS =
  /<\/?(?:p|br|div|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|thead|tbody|blockquote|section|article|header|footer|figure|figcaption|hr|img|pre|iframe|video|audio)\b[^>]*>/gi;
const ANY_TAG = /<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^>]*)?\/?>/g;
// After entity decoding, only markup that is clearly HTML is stripped again (double-escaped feeds),
// so a headline such as "x < y" or "<Ticker>" survives.
const KNOWN_TAG =
  /<\/?(?:a|b|i|u|em|strong|span|font|small|big|sup|sub|p|br|div|img|li|ul|ol|h[1-6]|blockquote|table|tr|td|iframe|figure|figcaption|center|strike|s|code|pre)\b[^<>]*>/gi;

const KNOWN_BLOCK = /^<\/?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|table|tr|td|iframe|figure|figcaption|img|pre)\b/i;

function stripTags(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(BLOCK_TAGS, ' ')
    .replace(ANY_TAG, '');
}

/**
 * HTML (or plain) feed text to one line of plain text of at most `maxChars`. Work is bounded: only a
 * prefix of a huge field is processed (a 10 MB title costs the same as a 30 kB one).
 */
export function htmlToText(input: string, maxChars: number): string {
  let s = input.length > maxChars * 10 + 10_000 ? input.slice(0, maxChars * 10 + 10_000) : input;
  s = stripTags(s).replace(/<\/?[A-Za-z][^<>]*$/, '');
  s = decodeEntities(s);
  if (s.includes('<')) s = s.replace(KNOWN_TAG, (t) => (KNOWN_BLOCK.test(t) ? ' ' : ''));
  return truncate(cleanText(s), maxChars);
}
