/**
 * Turns feed bytes into a JS string. Chinese finance feeds are often GBK/GB2312 or Big5, Russian ones
 * windows-1251, old European ones Latin-1 with no declaration at all, and servers mislabel all of them, so
 * the charset is chosen from several clues and decoding never throws (bad bytes become U+FFFD).
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type CharsetSource = 'bom' | 'header' | 'xml-declaration' | 'default' | 'sniffed';

export interface DecodedText {
  text: string;
  /** The iconv-lite name actually used. */
  charset: string;
  source: CharsetSource;
  /** Set when the declared charset was overruled (for a debug line: the publisher's label is wrong). */
  note?: string | undefined;
}

/** The charset parameter of a Content-Type header, lower-cased and unquoted. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType ?? '');
  return m?.[2]?.toLowerCase();
}

/** The encoding named in a leading `<?xml ... encoding="..."?>` declaration. */
export function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

/**
 * Maps a declared label onto the iconv-lite codec that decodes it best, or undefined when unknown.
 * GB2312 is decoded as GBK (its superset: publishers declaring GB2312 routinely use GBK characters), and
 * ISO-8859-1/ASCII as windows-1252, as browsers do, so "smart quotes" in 0x80-0x9F come out right.
 */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const l = label.trim().toLowerCase();
  if (/^(gb2312|gb_2312(-80)?|csgb2312|x-gbk|gbk|cp936|euc-cn|chinese)$/.test(l)) return 'gbk';
  if (/^(iso-?8859-1|iso_8859-1(:1987)?|latin-?1|l1|us-ascii|ascii|cp1252|x-cp1252)$/.test(l)) return 'windows-1252';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'big5-hkscs') return 'big5hkscs';
  return iconv.encodingExists(l) ? l : undefined;
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

const singleByte = new Map<string, boolean>();

/** True for a charset where every byte is one character (windows-125x, ISO-8859-x, KOI8, Mac…). */
function isSingleByte(charset: string): boolean {
  let v = singleByte.get(charset);
  if (v === undefined) {
    // Two-byte codecs (GBK, Big5, EUC-*) read these four high bytes as two characters or fewer.
    v = iconv.decode(Buffer.from([0xc1, 0xc1, 0xe4, 0xe4]), charset).length === 4;
    singleByte.set(charset, v);
  }
  return v;
}

/**
 * Labels that valid UTF-8 with non-ASCII bytes overrules: single-byte charsets, Shift-JIS and the GB family. Real
 * text in these is almost never valid UTF-8 (Cyrillic or Chinese in windows-1251 or GBK breaks UTF-8's
 * continuation rules within a few characters); a UTF-8 body under such a label is a mislabelled server.
 */
const OVERRULED = /^(shift_jis|sjis|shift-jis|windows-31j|cp932|ms_kanji|gbk|gb18030|gb2312)$/;

const hasNonAscii = (buf: Buffer): boolean => buf.some((b) => b > 0x7f);

/**
 * True when bytes that fail strict UTF-8 are mostly not UTF-8 (Latin-1 mislabelled or undeclared), as
 * opposed to a UTF-8 document with a stray bad byte, which is better kept as UTF-8 with one U+FFFD.
 */
function looksLikeLegacy8Bit(bytes: Uint8Array): boolean {
  const text = iconv.decode(Buffer.from(bytes), 'utf-8');
  let bad = 0;
  let nonAscii = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0xfffd) bad++;
    else if (c > 0x7f) nonAscii++;
  }
  return bad > nonAscii / 4;
}

/**
 * Decodes a feed body. Order: a byte-order mark (the bytes speak for themselves), then the Content-Type
 * charset, then the XML declaration, then UTF-8. When the chosen charset is UTF-8 but the bytes are not,
 * the XML declaration wins over a header that was wrong, and undeclared legacy bytes fall back to
 * windows-1252.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = bomCharset(buf);
  if (bom !== undefined) return { text: iconv.decode(buf, bom, { stripBOM: true }), charset: bom, source: 'bom' };

  const fromHeader = normalizeCharset(charsetFromContentType(contentType));
  const fromDecl = normalizeCharset(charsetFromXmlDeclaration(buf));
  let charset = fromHeader ?? fromDecl ?? 'utf-8';
  let source: CharsetSource = fromHeader !== undefined ? 'header' : fromDecl !== undefined ? 'xml-declaration' : 'default';

  // Valid UTF-8 beyond ASCII under a single-byte, Shift-JIS or GBK label: the bytes are right, the label is not.
  if (charset !== 'utf-8' && !/^(utf-?16|ucs-?2)/.test(charset) && (OVERRULED.test(charset) || isSingleByte(charset)) && hasNonAscii(buf) && isUtf8(buf)) {
    const note = `body is valid UTF-8 but declared ${charset} (${source}); read as UTF-8`;
    return { text: iconv.decode(buf, 'utf-8', { stripBOM: true }), charset: 'utf-8', source: 'sniffed', note };
  }
  // A UTF-16 label on bytes whose first characters read as ASCII (no zero bytes) is a copy-pasted lie.
  if (/^(utf-?16|ucs-?2)/.test(charset) && buf.length >= 2 && buf[0] !== 0 && buf[1] !== 0) {
    charset = 'utf-8';
    source = 'sniffed';
  }
  if (charset === 'utf-8' && !isUtf8(buf)) {
    if (fromDecl !== undefined && fromDecl !== 'utf-8') {
      charset = fromDecl;
      source = 'xml-declaration';
    } else if (looksLikeLegacy8Bit(buf)) {
      charset = 'windows-1252';
      source = 'sniffed';
    }
  }
  return { text: iconv.decode(buf, charset, { stripBOM: true }), charset, source };
}
