import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parseFeed, type ParseOptions } from '../../src/feeds/parse.js';
import { decodeFeedBytes } from '../../src/feeds/charset.js';
import { FeedError } from '../../src/feeds/errors.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const OPTS: ParseOptions = { feedId: 'wire', feedUrl: 'https://news.example.com/feeds/main.xml' };

async function parseError(xml: string, opts: ParseOptions = OPTS): Promise<FeedError> {
  try {
    await parseFeed(xml, opts);
  } catch (e) {
    if (e instanceof FeedError) return e;
    throw new Error(`expected a FeedError, got ${String(e)}`);
  }
  throw new Error('expected parseFeed to fail');
}

describe('RSS 2.0 with everyday defects', () => {
  it('repairs bare &, a blank line before <?xml, and HTML entities, and keeps every usable item', async () => {
    const feed = await parseFeed(fixture('rss2-messy.xml'), OPTS);
    expect(feed.title).toBe('Mining & Markets Wire');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Albemarle & SQM lead S&P 500 materials as lithium jumps 8%',
      'CATL halts Jianxiawo mine after licence expiry',
      'Pilbara Minerals cuts FY26 guidancetxet',
      'Greenbushes expansion 🚀 © 2025 … &unknownentity; done',
      'Duplicate guid, first copy',
    ]);
  });

  it('turns HTML summaries into plain text with entities decoded and scripts removed', async () => {
    const [first, second, third] = (await parseFeed(fixture('rss2-messy.xml'), OPTS)).items;
    expect(first?.summary).toBe('Shares of Albemarle rose 8% — the biggest gain since 2023. It’s a supply story.');
    expect(second?.summary).toBe('CATL suspended mining at Jianxiawo in Yichun. Lithium carbonate futures hit limit-up.');
    expect(third?.summary).toBe('Spodumene output guidance lowered to 820,000 t.');
  });

  it('uses guid, else link, else a title+date hash for ids', async () => {
    const items = (await parseFeed(fixture('rss2-messy.xml'), OPTS)).items;
    expect(items[0]?.id).toBe('mm-0001');
    expect(items[1]?.id).toBe('https://news.example.com/markets/catl-jianxiawo');
    expect(items[2]?.id).toMatch(/^sha1:[0-9a-f]{40}$/);
  });

  it('gives the same ids on a second parse of the same document', async () => {
    const a = await parseFeed(fixture('rss2-messy.xml'), OPTS);
    const b = await parseFeed(fixture('rss2-messy.xml'), OPTS);
    expect(b.items.map((i) => i.id)).toEqual(a.items.map((i) => i.id));
  });

  it('resolves relative links against the feed URL, keeps the query, drops javascript: links', async () => {
    const items = (await parseFeed(fixture('rss2-messy.xml'), OPTS)).items;
    expect(items[0]?.link).toBe('https://news.example.com/story?id=1&ref=rss');
    expect(items[1]?.link).toBe('https://news.example.com/markets/catl-jianxiawo');
    expect(items[3]?.link).toBeUndefined();
  });

  it('gives ISO dates from pubDate and dc:date, nothing for an unparseable date', async () => {
    const items = (await parseFeed(fixture('rss2-messy.xml'), OPTS)).items;
    expect(items[0]?.published).toBe('2025-11-11T08:30:00.000Z');
    expect(items[1]?.published).toBe('2025-08-10T01:00:00.000Z');
    expect(items[2]?.published).toBeUndefined();
  });

  it('takes source from the item <source> element, else the feed title', async () => {
    const items = (await parseFeed(fixture('rss2-messy.xml'), OPTS)).items;
    expect(items[0]?.source).toBe('Reuters');
    expect(items[1]?.source).toBe('Mining & Markets Wire');
    expect(items.every((i) => i.feedId === 'wire')).toBe(true);
  });

  it('removes zero-width and bidi control characters', async () => {
    const xml = `<rss version="2.0"><channel><title>t</title><item><guid>z</guid>
      <title>\u202EALB\u202C\u200B up \u2066\u2067\u2068\u2069\uFEFF\u200D\u{E0041}\u{E0042}10%</title>
      <description>a\u200Cb\u061Cc\u00ADd</description></item></channel></rss>`;
    const [item] = (await parseFeed(xml, OPTS)).items;
    expect(item?.title).toBe('ALB up 10%');
    expect(item?.summary).toBe('abcd');
  });

  it('caps titles, summaries and the number of items', async () => {
    const long = 'Lithium '.repeat(2000);
    const items = Array.from({ length: 30 }, (_, i) => `<item><guid>g${i}</guid><title>${long}</title><description>${long}</description></item>`);
    const xml = `<rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`;
    const feed = await parseFeed(xml, { ...OPTS, maxItems: 7 });
    expect(feed.items).toHaveLength(7);
    expect(feed.items[0]?.title).toHaveLength(500);
    expect(feed.items[0]?.title.endsWith('…')).toBe(true);
    expect(feed.items[0]?.summary).toHaveLength(2000);
    const small = await parseFeed(xml, { ...OPTS, maxFieldChars: 100 });
    expect(small.items).toHaveLength(30);
    expect(small.items[0]?.summary).toHaveLength(100);
  });

  it('handles a 10 MB title without choking and keeps the cap', async () => {
    const xml = `<rss version="2.0"><channel><title>t</title><item><guid>big</guid><title>${'A'.repeat(10 * 1024 * 1024)}</title></item></channel></rss>`;
    const [item] = (await parseFeed(xml, OPTS)).items;
    expect(item?.title).toHaveLength(500);
  });

  it('reads an <rss> with no version attribute and an old 0.91 DOCTYPE feed', async () => {
    const noVersion = '<rss><channel><title>n</title><item><title>No version</title></item></channel></rss>';
    expect((await parseFeed(noVersion, OPTS)).items.map((i) => i.title)).toEqual(['No version']);
    const old = await parseFeed(fixture('rss091-doctype.xml'), OPTS);
    expect(old.items.map((i) => i.title)).toEqual(['Café Lithium — 0.91 lives']);
  });
});

describe('ids and dates the poller relies on', () => {
  it('keeps ids stable when a feed flips between two versions of the same items', async () => {
    const item = (title: string, desc: string): string =>
      `<item><title>${title}</title><description>${desc}</description><pubDate>Mon, 10 Nov 2025 10:00:00 GMT</pubDate></item>`;
    const v1 = `<rss version="2.0"><channel><title>f</title>${item('SQM output', 'a')}${item('ALB capex', 'b')}</channel></rss>`;
    const v2 = `<rss version="2.0"><channel><title>f</title>${item('ALB capex', 'b changed')}${item('SQM output', 'a, updated')}</channel></rss>`;
    const ids1 = (await parseFeed(v1, OPTS)).items.map((i) => i.id);
    const ids2 = (await parseFeed(v2, OPTS)).items.map((i) => i.id);
    expect(ids2).toEqual([ids1[1], ids1[0]]);
    expect(new Set(ids1).size).toBe(2);
  });

  it('passes 1970 and future dates through as ISO (the poller decides), drops absurd years', async () => {
    const xml = `<rss version="2.0"><channel><title>f</title>
      <item><guid>old</guid><title>old</title><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
      <item><guid>future</guid><title>future</title><pubDate>Sat, 01 Jan 2050 00:00:00 GMT</pubDate></item>
      <item><guid>absurd</guid><title>absurd</title><pubDate>275760-09-13</pubDate></item></channel></rss>`;
    expect((await parseFeed(xml, OPTS)).items.map((i) => i.published)).toEqual([
      '1970-01-01T00:00:00.000Z',
      '2050-01-01T00:00:00.000Z',
      undefined,
    ]);
  });

  it('hashes an overlong guid into a bounded id', async () => {
    const guid = 'g'.repeat(5000);
    const [item] = (await parseFeed(`<rss version="2.0"><channel><item><guid>${guid}</guid><title>t</title></item></channel></rss>`, OPTS)).items;
    expect(item?.id).toMatch(/^sha1:[0-9a-f]{40}$/);
  });
});

describe('Atom and RSS 1.0', () => {
  it('parses Atom: relative links, html and xhtml titles, bad dates dropped instead of failing the feed', async () => {
    const feed = await parseFeed(fixture('atom-relative.xml'), OPTS);
    expect(feed.title).toBe('Lithium & Battery Notes');
    expect(feed.items.map((i) => [i.id, i.title, i.link, i.published])).toEqual([
      ['urn:example:entry:1', 'Ganfeng lifts Mariana output target', 'https://news.example.com/stories/ganfeng-mariana.html', '2025-11-10T11:00:00.000Z'],
      ['urn:example:entry:2', 'Tianqi wins Kwinana approval', 'https://atom.example.org/tianqi', undefined],
    ]);
    expect(feed.items[0]?.summary).toBe('Ganfeng said Mariana will reach 10,000 t LCE.');
    expect(feed.items[1]?.summary).toBe('Approval for Train 2.');
  });

  it('parses RSS 1.0 / RDF with dc:date', async () => {
    const feed = await parseFeed(fixture('rss1-rdf.xml'), OPTS);
    expect(feed.title).toBe('RDF Metals');
    expect(feed.items.map((i) => [i.id, i.title, i.published])).toEqual([
      ['https://rdf.example/a', 'Liontown ramps Kathleen Valley', '2025-10-01T06:00:00.000Z'],
      ['https://rdf.example/b', 'Core Lithium pauses Finniss', undefined],
    ]);
  });
});

describe('documents that are not feeds or are hostile', () => {
  it('refuses an HTML page with NOT_A_FEED', async () => {
    const e = await parseError(fixture('html-page.html'));
    expect(e.code).toBe('NOT_A_FEED');
    expect(e.message).toContain('HTML page');
  });

  it('refuses JSON, another XML vocabulary, and an empty body with NOT_A_FEED', async () => {
    expect((await parseError('{"items":[]}')).code).toBe('NOT_A_FEED');
    expect((await parseError('<?xml version="1.0"?><opml version="2.0"><body/></opml>')).code).toBe('NOT_A_FEED');
    expect((await parseError('  \n ')).code).toBe('NOT_A_FEED');
    expect((await parseError('<html><body>x</body></html>')).code).toBe('NOT_A_FEED');
  });

  it('reports malformed XML as PARSE', async () => {
    const e = await parseError(fixture('malformed.xml'));
    expect(e.code).toBe('PARSE');
    expect(e.message).toMatch(/^malformed feed XML: /);
  });

  it('refuses an entity bomb and an external entity (XXE) with PARSE, without expanding them', async () => {
    const bomb = await parseError(fixture('entity-bomb.xml'));
    expect(bomb.code).toBe('PARSE');
    expect(bomb.message).toContain('entities');
    expect((await parseError(fixture('xxe.xml'))).code).toBe('PARSE');
  });

  it('survives 20,000 levels of nesting with a FeedError or a result, never a crash', async () => {
    const deep = `<rss version="2.0"><channel><title>d</title><item><title>deep</title><ext>${'<d>'.repeat(20_000)}x${'</d>'.repeat(20_000)}</ext></item></channel></rss>`;
    const outcome = await parseFeed(deep, OPTS).then(
      (f) => f.items.length,
      (e: unknown) => (e instanceof FeedError ? e.code : 'crash'),
    );
    expect([1, 'PARSE']).toContain(outcome);
  });

  it('strips control characters that make XML ill-formed', async () => {
    const xml = '<rss version="2.0"><channel><title>c</title><item><title>Back\bspace\u0001 title</title></item></channel></rss>';
    expect((await parseFeed(xml, OPTS)).items[0]?.title).toBe('Backspace title');
  });
});

describe('GBK end to end', () => {
  it('decodes a GB2312-declared feed and parses its Chinese titles', async () => {
    const xml = `<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>财经</title>
      <item><title>宁德时代枧下窝矿停产，碳酸锂期货涨停</title><guid>cn-1</guid></item></channel></rss>`;
    const { text } = decodeFeedBytes(iconv.encode(xml, 'gbk'));
    const feed = await parseFeed(text, OPTS);
    expect(feed.title).toBe('财经');
    expect(feed.items[0]?.title).toBe('宁德时代枧下窝矿停产，碳酸锂期货涨停');
  });
});
