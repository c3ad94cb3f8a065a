/**
 * Real documents that real publishers served (see MANIFEST.tsv in each folder for provenance): the
 * repository's own small copies always run; the full shared corpus runs when ../shared is present and is
 * skipped visibly otherwise (a user's clone has no ../shared).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeFeedBytes } from '../../src/feeds/charset.js';
import { FeedError } from '../../src/feeds/errors.js';
import { parseFeed } from '../../src/feeds/parse.js';

const OWN_DIR = fileURLToPath(new URL('../fixtures/feeds/real/', import.meta.url));
const SHARED_DIR = process.env.FEEDS_REAL_DIR ?? fileURLToPath(new URL('../../../shared/feeds/real/', import.meta.url));

interface ManifestRow {
  file: string;
  format: 'rss2' | 'rss1' | 'atom' | 'broken';
  items: number;
}

function readManifest(dir: string): ManifestRow[] {
  const lines = readFileSync(`${dir}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const cols = line.split('\t');
    return { file: cols[0] ?? '', format: (cols[4] ?? 'broken') as ManifestRow['format'], items: Number(cols[6]) };
  });
}

// What the repairs make of the files the manifest calls broken. A file not listed here must still end in
// a FeedError or a parse, never anything else.
const BROKEN_OUTCOME: Record<string, number | 'PARSE' | 'NOT_A_FEED'> = {
  'feed-rs__rss_2.0_invalid_1.xml': 'PARSE', // truncated document
  'rssant__http-blog-hexun-com-group-getrssresouce-aspx-classid-74.xml': 'NOT_A_FEED', // HTML maintenance page
  'feedjira__TechCrunch.xml': 20, // newline before <?xml
  'rss-parser__uolNoticias.rss': 15, // undeclared Latin-1, <rss> without version
  'rssant__https-www-oschina-net-news-rss-show-industry.xml': 50, // bare & in links
  'rssant__https-laod-cn-feed.xml': 10, // 0x08 in a title
};

// eslint-disable-next-line no-control-regex -- control characters must not survive parsing
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u0000-\u001F]/u;

async function outcome(dir: string, row: ManifestRow): Promise<number | string> {
  const { text } = decodeFeedBytes(readFileSync(`${dir}${row.file}`));
  try {
    const feed = await parseFeed(text, { feedId: row.file, feedUrl: 'https://feeds.example.com/path/feed.xml' });
    for (const item of feed.items) {
      expect(item.id).not.toBe('');
      expect(item.title).not.toBe('');
      expect(item.title.length).toBeLessThanOrEqual(500);
      expect(item.summary.length).toBeLessThanOrEqual(2000);
      expect(item.title).not.toMatch(INVISIBLE);
      if (item.link !== undefined) expect(item.link).toMatch(/^https?:\/\//);
      if (item.published !== undefined) expect(item.published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(feed.items.length);
    return feed.items.length;
  } catch (e) {
    if (e instanceof FeedError) return e.code;
    throw e;
  }
}

function suite(label: string, dir: string): void {
  if (!existsSync(`${dir}MANIFEST.tsv`)) {
    // Visible in the report as skipped, with the reason in its name.
    it.skip(`${label}: skipped, ${dir} not present`, () => {});
    return;
  }
  describe(`${label} (${dir})`, () => {
    it.each(readManifest(dir).map((r) => [r.file, r] as const))('%s', async (_name, row) => {
      const got = await outcome(dir, row);
      if (row.format !== 'broken') expect(got).toBe(row.items);
      else if (row.file in BROKEN_OUTCOME) expect(got).toBe(BROKEN_OUTCOME[row.file]);
      else expect(typeof got === 'number' || ['PARSE', 'NOT_A_FEED'].includes(got)).toBe(true);
    });
  });
}

suite('repository copies of real feeds', OWN_DIR);
suite('shared real-feed corpus', SHARED_DIR);

describe('real-feed details', () => {
  it('decodes the GB2312 kc0011 feed and resolves nothing it should not', async () => {
    const { text, charset } = decodeFeedBytes(readFileSync(`${OWN_DIR}RSParser__kc0011.rss`));
    expect(charset).toBe('gbk');
    const feed = await parseFeed(text, { feedId: 'kc', feedUrl: 'http://www.kc0011.net/rss.asp' });
    expect(feed.items[0]?.title).toBe('建国35周年纪念，华表，和平鸽');
    expect(feed.items[0]?.id).toBe('http://www.kc0011.net/dispbbs.asp?BoardID=10&ID=25164257&Page=1');
  });

  it('resolves the relative item links of the arcgames feed against the feed URL', async () => {
    const { text } = decodeFeedBytes(readFileSync(`${OWN_DIR}node-feedparser__rss-with-relative-urls.xml`));
    const feed = await parseFeed(text, { feedId: 'nw', feedUrl: 'https://www.arcgames.com/en/rss' });
    expect(feed.items[0]?.link).toBe(
      'https://www.arcgames.com/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21',
    );
    expect(feed.items[0]?.id).toBe('http://www.arcgames.com/en/games/PAB_nw/news/detail/10743874');
    expect(feed.items[0]?.published).toBe('2017-12-07T18:00:29.000Z');
  });

  it('reads undeclared Latin-1 (UOL) as windows-1252', async () => {
    const { text, source } = decodeFeedBytes(readFileSync(`${OWN_DIR}rss-parser__uolNoticias.rss`));
    expect(source).toBe('sniffed');
    const feed = await parseFeed(text, { feedId: 'uol', feedUrl: 'https://rss.uol.com.br/feed/noticias.xml' });
    expect(feed.items[0]?.title).toBe('Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno');
  });
});
