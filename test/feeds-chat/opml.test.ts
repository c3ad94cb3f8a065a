/** The OPML reader and writer: nested folders and categories become tags, malformed files are refused by line. */
import { describe, expect, it } from 'vitest';
import { parseOpml, writeOpml } from '../../src/app/opml.js';

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by some reader -->
<opml version="2.0">
  <head><title>My &amp; feeds</title></head>
  <body>
    <outline text="Mining">
      <outline text="Lithium News" type="rss" xmlUrl="https://a.example/rss?x=1&amp;y=2" category="/Battery Metals/ASX, hard-rock"/>
      <outline title="Australia">
        <outline text="b" xmlUrl='https://b.example/feed' />
      </outline>
    </outline>
    <outline text="mining-com" title="MINING.COM" xmlUrl="https://www.mining.com/feed/"></outline>
  </body>
</opml>`;

describe('parseOpml', () => {
  it('reads every feed outline in order, tags from the folders it sits in and its category', () => {
    expect(parseOpml(DOC)).toEqual([
      { url: 'https://a.example/rss?x=1&y=2', tags: ['mining', 'battery-metals', 'asx', 'hard-rock'], label: 'Lithium News', line: 7 },
      { url: 'https://b.example/feed', tags: ['mining', 'australia'], label: 'b', line: 9 },
      { url: 'https://www.mining.com/feed/', tags: [], label: 'mining-com', title: 'MINING.COM', line: 12 },
    ]);
  });

  it('refuses a malformed file, naming the line, whatever is wrong', () => {
    const body = (inner: string) => `<opml version="2.0">\n<body>\n${inner}\n</body>\n</opml>`;
    const cases: [string, RegExp][] = [
      ['', /no root element/],
      ['not xml at all', /text outside the root element/],
      [body('<outline text="x" xmlUrl="https://x.example/">'), /line 4: <\/body> closes <outline> \(opened on line 3\)/],
      [body('<outline text="x" xmlUrl="https://x.example/"/>').replace('</opml>', ''), /<opml> \(line 1\) is never closed/],
      [`<!DOCTYPE opml [<!ENTITY a "aaaa">]>${body('')}`, /DOCTYPE .* not allowed/],
      [body('<outline text="&bogus;" xmlUrl="https://x.example/"/>'), /line 3: unknown entity &bogus;/],
      [body('<outline text="a & b" xmlUrl="https://x.example/"/>'), /line 3: a "&" that does not start an entity/],
      [body('<outline text=x xmlUrl="https://x.example/"/>'), /must be quoted/],
      [body('<outline text="a" text="b" xmlUrl="https://x.example/"/>'), /appears twice/],
      [body('<outline text="x" xmlUrl="ftp://x.example/feed"/>'), /line 3: xmlUrl "ftp:\/\/x.example\/feed" is not an http\(s\) URL/],
      [body('<outline text="x" xmlUrl="not a url"/>'), /is not an http\(s\) URL/],
      ['<rss version="2.0"><channel/></rss>', /the root element is <rss>, not <opml>/],
      ['<opml version="2.0"><head/></opml>', /has no <body>/],
      [`${body('')}<opml/>`, /a second root element/],
      [body('<outline text="x" xmlUrl="https://x.example/"'), /never closed|expected/],
    ];
    for (const [doc, want] of cases) expect(() => parseOpml(doc), doc).toThrow(want);
  });

  it('writes OPML that reads back to the same feeds, escaping hostile text', () => {
    const feeds = [
      { id: 'yaml-a', url: 'https://a.example/rss?x=1&y=2', tags: ['lithium', 'asx'], title: 'A "quoted" <b>title</b>', origin: 'config' as const },
      { id: 'chat-b-1a2b3c', url: 'https://b.example/feed', tags: [], origin: 'chat' as const },
    ];
    const xml = writeOpml(feeds, new Date('2026-12-07T00:00:00Z'));
    expect(xml).toContain('<opml version="2.0">');
    expect(xml).toContain('title="A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;"');
    expect(parseOpml(xml).map((f) => ({ id: f.label, url: f.url, tags: f.tags }))).toEqual(feeds.map((f) => ({ id: f.id, url: f.url, tags: f.tags })));
  });
});
