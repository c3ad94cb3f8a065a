/**
 * A small, strict XML reader for OPML files (elements, attributes, text, comments, CDATA, processing
 * instructions). It is not a general XML parser: a DOCTYPE is refused (no entity definitions, so no entity
 * expansion), and anything not well-formed is an error naming the line. rss-parser's xml2js is not a direct
 * dependency of this project, so OPML is read here rather than through it.
 */
import { UserError } from '../core/errors.js';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element, entities decoded, concatenated. */
  text: string;
  line: number;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const MAX_DEPTH = 64;

export class XmlError extends UserError {
  constructor(message: string) {
    super('XML_INVALID', message);
  }
}

/** Parses `text` into its root element; throws XmlError ("line 12: …") on anything malformed. */
export function parseXml(text: string): XmlElement {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineAt = (pos: number): number => {
    let n = 1;
    for (let k = 0; k < pos && k < text.length; k++) if (text.charCodeAt(k) === 10) n++;
    return n;
  };
  const fail = (msg: string, pos = i): never => {
    throw new XmlError(`line ${lineAt(pos)}: ${msg}`);
  };
  const decode = (raw: string, pos: number): string =>
    raw.replace(/&([^;&\s]{0,12});?/g, (m, name: string) => {
      if (!m.endsWith(';')) return fail('a "&" that does not start an entity (write &amp;)', pos);
      if (name in ENTITIES) return ENTITIES[name] ?? '';
      const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
      if (!num) return fail(`unknown entity &${name};`, pos);
      const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return fail(`invalid character reference &${name};`, pos);
      return String.fromCodePoint(code);
    });
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const skipPast = (end: string, what: string) => {
    const at = text.indexOf(end, i);
    if (at < 0) fail(`${what} is never closed`);
    i = at + end.length;
  };

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk) {
      const top = stack.at(-1);
      if (top) top.text += decode(chunk, i);
      else if (chunk.trim()) fail('text outside the root element');
      else decode(chunk, i);
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      skipPast('-->', 'a comment');
    } else if (text.startsWith('<![CDATA[', i)) {
      const top = stack.at(-1);
      if (!top) fail('CDATA outside the root element');
      const start = i + 9;
      skipPast(']]>', 'a CDATA section');
      if (top) top.text += text.slice(start, i - 3);
    } else if (text.startsWith('<?', i)) {
      skipPast('?>', 'a processing instruction');
    } else if (text.startsWith('<!', i)) {
      fail('a DOCTYPE or other declaration is not allowed in OPML');
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (text[i] !== '>') fail(`expected ">" to end </${name}`);
      i++;
      const open = stack.pop();
      if (!open) fail(`</${name}> closes nothing`);
      else if (open.name !== name) fail(`</${name}> closes <${open.name}> (opened on line ${open.line})`);
    } else {
      const tagAt = i;
      i++;
      const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '', line: lineAt(tagAt) };
      for (;;) {
        const before = i;
        skipSpace();
        if (text.startsWith('/>', i) || text[i] === '>') break;
        if (i === before) fail(`expected a space between attributes in <${el.name}>`);
        const attr = readName();
        skipSpace();
        if (text[i] !== '=') fail(`attribute ${attr} of <${el.name}> has no value`);
        i++;
        skipSpace();
        const q = text[i];
        if (q !== '"' && q !== "'") fail(`attribute ${attr} of <${el.name}> must be quoted`);
        const end = text.indexOf(q ?? '"', i + 1);
        if (end < 0) fail(`attribute ${attr} of <${el.name}> is never closed`);
        const raw = text.slice(i + 1, end);
        if (raw.includes('<')) fail(`attribute ${attr} of <${el.name}> contains "<"`);
        if (attr in el.attrs) fail(`attribute ${attr} appears twice in <${el.name}>`);
        el.attrs[attr] = decode(raw, i);
        i = end + 1;
      }
      const selfClosing = text[i] === '/';
      i += selfClosing ? 2 : 1;
      const parent = stack.at(-1);
      if (parent) parent.children.push(el);
      else if (root) fail('a second root element');
      else root = el;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
        stack.push(el);
      }
    }
  }
  const open = stack.at(-1);
  if (open) fail(`<${open.name}> (line ${open.line}) is never closed`, text.length);
  if (!root) fail('no root element: the file is empty or not XML', 0);
  return root as XmlElement;
}

/** Text for an attribute value or element content: & < > " escaped, control characters dropped. */
export function xmlEscape(s: string): string {
  // XML 1.0 cannot carry C0 controls other than tab, LF and CR, even escaped.
  const clean = [...s].filter((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  }).join('');
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
