/**
 * fast-check generators for hostile feeds: headlines built from a real lithium story spliced with every mention,
 * markup, link, terminal and invisible-character trick of Discord, Slack and terminals, written into RSS or Atom
 * in every XML spelling (escaped, double-escaped, CDATA), with odd links, ids and dates, and optionally mutated
 * at the byte level afterwards.
 */
import fc from 'fast-check';

/** Stories the shipped matcher flags, so most generated items become alerts on all three outputs. */
export const STORIES = [
  'Albemarle halts lithium mine output, cutting supply 20%',
  'Pilbara Minerals cuts spodumene output by 30,000 tonnes',
  'CATL suspends lithium mining in Yichun, removing 6,000 t/month of supply',
  'SQM lithium production falls 14% after strike',
  'Nickel output cut at Indonesian smelter',
  'ALB shares jump 13%',
] as const;

/** Chat and terminal injection, as text (before XML escaping). */
export const HOSTILE = [
  '@everyone', '@here', '@ everyone', '＠everyone', '<@&820000000000000001>', '<@710000000000000001>', '<@!710000000000000001>',
  '<#810000000000000002>', '</subscribe:1000000000000000001>', '<t:0:R>', '<a:pepe:123>', '<!channel>', '<!here>', '<!everyone>',
  '<!subteam^S0123ABC|@lithium-team>', '<@U024BE7LH>', '<#C024BE7LR|general>', '<!date^0^{date}|x>',
  '[click](http://evil.example/x)', '[x](<http://evil.example>)', '<http://evil.example|click>', '<mailto:a@b.example|mail>',
  '**bold**', '__under__', '~~strike~~', '||spoiler||', '`code`', '```\nblock\n```', '*b*', '_i_', '~s~',
  '\n> quote', '\n# heading', '\n-# small', '\n1. list', '\n- bullet',
  '\u001b[31mRED\u001b[0m', '\u001b]0;pwned\u0007', '\u009b2J', '&#27;[2J', '&#x9b;1m', '&#7;',
  '\u202eevil\u202c', '\u2066iso\u2069', '\u200b', '\u200d', '\u200e', '\ufeff', '\u2028', '\u00ad',
  '&lt;!channel&gt;', '&amp;lt;@123&amp;gt;', '&#60;!here&#62;', 'javascript:alert(1)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '\ud83d\ude00', '\ud800', 'A\u0301\u0301\u0301\u0301', 'x'.repeat(300),
] as const;

export const LINKS = [
  'https://news.example/a', 'http://evil.example/?q=<!channel>&x=|y>', 'https://evil.example/)[x](http://y', 'javascript:alert(1)',
  'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://ftp.example/x', '/relative/path', ' https://news.example/space ',
  `https://news.example/${'a'.repeat(3000)}`, 'https://news.example/a#frag', 'not a url', '',
] as const;

export const DATES = [
  undefined, 'Thu, 01 Jan 1970 00:00:00 GMT', '1970-01-01T00:00:00Z', 'Fri, 01 Jan 2100 00:00:00 GMT', '2999-12-31T23:59:59Z',
  'garbage date', '9999999', '0', '+275760-09-13T00:00:00Z', 'now',
] as const;

export interface GenItem {
  title?: string | undefined;
  summary?: string | undefined;
  link?: string | undefined;
  guid?: string | undefined;
  date?: string | undefined;
  source?: string | undefined;
  /** How text is written into XML. */
  spelling: 'escaped' | 'double' | 'cdata';
}

export interface GenFeed {
  format: 'rss' | 'atom';
  title: string;
  items: GenItem[];
  mutations: Mutation[];
}

export type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; len: number };

const fragment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
);

/** A story with hostile fragments spliced in at random word boundaries. */
export const headline: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...STORIES), fc.array(fc.tuple(fragment, fc.nat()), { maxLength: 6 }))
  .map(([story, frags]) => {
    const words = story.split(' ');
    for (const [f, at] of frags) words.splice(at % (words.length + 1), 0, f);
    return words.join(' ');
  });

const text = fc.oneof({ weight: 4, arbitrary: headline }, { weight: 1, arbitrary: fc.array(fragment, { maxLength: 8 }).map((a) => a.join(' ')) });

const item: fc.Arbitrary<GenItem> = fc.record(
  {
    title: fc.option(text, { nil: undefined, freq: 8 }),
    summary: fc.option(text, { nil: undefined, freq: 2 }),
    link: fc.option(fc.constantFrom(...LINKS), { nil: undefined, freq: 3 }),
    guid: fc.option(fc.oneof(fc.constantFrom('dup-guid', 'x'.repeat(600), ' spaced guid '), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })), { nil: undefined, freq: 3 }),
    date: fc.constantFrom(...DATES),
    source: fc.option(fc.constantFrom(...HOSTILE), { nil: undefined, freq: 4 }),
    spelling: fc.constantFrom('escaped' as const, 'double' as const, 'cdata' as const),
  },
  { requiredKeys: ['spelling', 'date'] },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('&', '<', ']]>', '<!DOCTYPE x [<!ENTITY a "b">]>', '\u0000', '</item>', '<item>', '&#0;', '\ud800') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 80 }) }),
);

export function feedArb(maxItems: number): fc.Arbitrary<GenFeed> {
  return fc.record({
    format: fc.constantFrom('rss' as const, 'rss' as const, 'atom' as const),
    title: fc.constantFrom(...HOSTILE),
    items: fc.array(item, { minLength: Math.min(10, maxItems), maxLength: maxItems, size: 'max' }),
    // Most documents stay well-formed so their items reach chat; some are broken to exercise the failure path.
    mutations: fc.oneof({ weight: 6, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
  });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function spell(s: string, how: GenItem['spelling']): string {
  if (how === 'cdata' && !s.includes(']]>')) return `<![CDATA[${s}]]>`;
  return how === 'double' ? esc(esc(s)) : esc(s);
}

/** The generated feed as a document; `tag` makes every id and link unique to one run unless it is a planned dup. */
export function renderFeed(f: GenFeed, tag: string): string {
  const now = new Date().toUTCString();
  const parts: string[] = [];
  f.items.forEach((it, i) => {
    const link = it.link === 'https://news.example/a' ? `https://news.example/${tag}/${i}` : it.link;
    const guid = it.guid === undefined ? undefined : it.guid === 'dup-guid' ? 'dup-guid' : `${tag}-${i}-${it.guid}`;
    const date = it.date === 'now' ? now : it.date;
    const fields: string[] = [];
    if (f.format === 'rss') {
      if (it.title !== undefined) fields.push(`<title>${spell(it.title, it.spelling)}</title>`);
      if (it.summary !== undefined) fields.push(`<description>${spell(it.summary, it.spelling)}</description>`);
      if (link !== undefined) fields.push(`<link>${esc(link)}</link>`);
      if (guid !== undefined) fields.push(`<guid isPermaLink="false">${esc(guid)}</guid>`);
      if (date !== undefined) fields.push(`<pubDate>${esc(date)}</pubDate>`);
      if (it.source !== undefined) fields.push(`<source url="https://src.example/">${esc(it.source)}</source>`);
      parts.push(`<item>${fields.join('')}</item>`);
    } else {
      if (it.title !== undefined) fields.push(`<title type="html">${spell(it.title, it.spelling)}</title>`);
      if (it.summary !== undefined) fields.push(`<summary type="html">${spell(it.summary, it.spelling)}</summary>`);
      if (link !== undefined) fields.push(`<link href="${esc(link).replace(/"/g, '&quot;')}"/>`);
      if (guid !== undefined) fields.push(`<id>${esc(guid)}</id>`);
      if (date !== undefined) fields.push(`<updated>${esc(date)}</updated>`);
      parts.push(`<entry>${fields.join('')}</entry>`);
    }
  });
  const doc =
    f.format === 'rss'
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(f.title)}</title><link>https://wire.example/</link><description>fuzz</description>${parts.join('\n')}</channel></rss>`
      : `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(f.title)}</title><id>urn:fuzz</id>${parts.join('\n')}</feed>`;
  let s = doc;
  for (const m of f.mutations) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    s = m.kind === 'insert' ? s.slice(0, at) + m.text + s.slice(at) : s.slice(0, at) + s.slice(at + m.len);
  }
  return s;
}
