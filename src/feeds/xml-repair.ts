/**
 * Repairs the everyday defects that make a strict XML parser reject a whole feed (a bare "&" in
 * "S&P 500", HTML entities such as &nbsp;, control characters, whitespace before <?xml) and refuses
 * what is hostile or not a feed at all (DTD entity declarations, HTML pages, JSON).
 */
import { FeedError } from './errors.js';
import { HTML_ENTITIES } from './html-text.js';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:rdf', 'rdf']);

// Characters XML 1.0 forbids outright (sax rejects some, and they are never meaningful in a feed).
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const ILLEGAL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isXmlChar(n: number): boolean {
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/** Fixes references in markup (not inside CDATA or comments, where "&" is literal). */
function repairReferences(s: string): string {
  return s
    .replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z_][\w.-]{0,40}))?(;?)/g, (m, dec, hex, name, semi) => {
      if (semi !== ';' || (dec === undefined && hex === undefined && name === undefined)) return `&amp;${m.slice(1)}`;
      if (dec !== undefined || hex !== undefined) {
        const n = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
        return isXmlChar(n) ? m : '';
      }
      if (XML_ENTITIES.has(name as string)) return m;
      const cp = HTML_ENTITIES.get(name as string);
      return cp !== undefined ? `&#${cp};` : `&amp;${name as string};`;
    })
    // "<" that cannot start markup ("P/E < 10", "<3"): escape rather than fail.
    .replace(/<(?=[\s\d=<>&)]|$)/g, '&lt;');
}

/** Drops Atom dates that do not parse: rss-parser calls toISOString() on them and throws for the whole feed. */
function dropBadAtomDates(s: string): string {
  return s.replace(/<(published|updated)>([^<]{0,200})<\/\1>/g, (m, _tag, value: string) =>
    Number.isFinite(Date.parse(value.trim())) ? m : '',
  );
}

/**
 * Text fields holding raw markup (Atom type="xhtml", unescaped HTML in <description>) become CDATA:
 * xml2js would otherwise split mixed content and lose word order ("Tianqi <b>wins</b> approval" read
 * as "Tianqi approval"). One left-to-right pass with indexOf, so unclosed tags cannot make it quadratic.
 */
function wrapMarkupFields(xml: string): string {
  const open = /<(title|description|summary|content|content:encoded|subtitle)(\s[^<>]*)?>/g;
  let out = '';
  let last = 0;
  for (let m = open.exec(xml); m !== null; m = open.exec(xml)) {
    if (m[0].endsWith('/>')) continue;
    const close = `</${m[1] ?? ''}>`;
    const start = m.index + m[0].length;
    const end = xml.indexOf(close, start);
    if (end < 0) break;
    const inner = xml.slice(start, end);
    if (inner.includes('<') && !inner.includes('<![CDATA[')) {
      out += `${xml.slice(last, start)}<![CDATA[${inner.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
      last = end;
    }
    open.lastIndex = end + close.length;
  }
  return out + xml.slice(last);
}

function repairOutsideCdata(xml: string): string {
  const out: string[] = [];
  const re = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)/g;
  let last = 0;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    out.push(dropBadAtomDates(repairReferences(xml.slice(last, m.index))), m[0]);
    last = m.index + m[0].length;
  }
  out.push(dropBadAtomDates(repairReferences(xml.slice(last))));
  return out.join('');
}

/** Skips the prolog (declaration, PIs, comments, DOCTYPE); returns the root name and the DOCTYPE span. */
function scanProlog(xml: string): { root: string | undefined; doctype?: { start: number; end: number; text: string } } {
  let i = 0;
  let doctype: { start: number; end: number; text: string } | undefined;
  const n = xml.length;
  while (i < n) {
    while (i < n && /\s/.test(xml[i] ?? '')) i++;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) return { root: undefined };
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) return { root: undefined };
      i = end + 3;
    } else if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) {
      const open = xml.indexOf('[', i);
      const close = xml.indexOf('>', i);
      let end: number;
      if (open >= 0 && (close < 0 || open < close)) {
        const sub = xml.indexOf(']', open);
        end = sub < 0 ? -1 : xml.indexOf('>', sub);
      } else end = close;
      if (end < 0) end = n - 1;
      doctype = { start: i, end: end + 1, text: xml.slice(i, end + 1) };
      i = end + 1;
    } else if (xml[i] === '<') {
      const m = /^<([A-Za-z_][\w:.-]*)/.exec(xml.slice(i, i + 100));
      return { root: m?.[1]?.toLowerCase(), ...(doctype ? { doctype } : {}) };
    } else {
      return { root: undefined, ...(doctype ? { doctype } : {}) };
    }
  }
  return { root: undefined };
}

/**
 * Returns XML that a strict parser accepts when the only problems are the usual ones; throws
 * FeedError NOT_A_FEED (HTML, JSON, another XML vocabulary, nothing) or PARSE (entity declarations).
 */
export function prepareFeedXml(input: string): string {
  let xml = input.replace(ILLEGAL_CHARS, '');
  // A BOM or blank lines before <?xml make strict parsers reject the declaration.
  xml = xml.replace(/^[\uFEFF\s]+/, '');
  if (xml === '') throw new FeedError('NOT_A_FEED', 'the document is empty');
  if (xml.startsWith('{') || xml.startsWith('[')) throw new FeedError('NOT_A_FEED', 'the document is JSON, not RSS or Atom');

  const { root, doctype } = scanProlog(xml);
  if (doctype !== undefined) {
    if (/^<!DOCTYPE\s+html\b/i.test(doctype.text)) throw new FeedError('NOT_A_FEED', 'the document is an HTML page, not a feed');
    // Internal entities are how entity bombs ("billion laughs") and XXE work; no real feed needs them.
    if (/<!ENTITY/i.test(doctype.text)) {
      throw new FeedError('PARSE', 'the document declares DTD entities (refused: entity expansion / external entities)');
    }
    xml = xml.slice(0, doctype.start) + xml.slice(doctype.end);
  }
  if (root === undefined) throw new FeedError('NOT_A_FEED', 'no XML root element found');
  if (root === 'html' || root === 'head' || root === 'body') {
    throw new FeedError('NOT_A_FEED', 'the document is an HTML page, not a feed');
  }
  if (!FEED_ROOTS.has(root) && !root.endsWith(':rdf')) {
    throw new FeedError('NOT_A_FEED', `root element <${root.slice(0, 40)}> is not rss, feed or rdf:RDF`);
  }
  // The prolog may contain a bogus "<?phpxml ...?>" or similar; everything from the root on is what matters.
  return repairOutsideCdata(wrapMarkupFields(xml));
}
