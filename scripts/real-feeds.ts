/**
 * General (not lithium) news that real publishers served: the shared real-feed corpus (../shared/feeds/real, or
 * FEEDS_REAL_DIR), parsed as the bot parses feeds, then run through the matcher. Nothing there is a lithium supply
 * story or names a company of the watch universe, so every supply flag and every ticker it gets is a false alarm
 * to read (an outside company's ticker written in the text would be right; the report lists them all to check).
 *
 *   npx tsx scripts/real-feeds.ts [--all]     prints the flagged items (--all: every item with a ticker or figure)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadTickers, loadTopics } from '../src/config/load.js';
import { createMatcher } from '../src/core/match/matcher.js';
import type { MatchResult, NewsItem } from '../src/core/types.js';
import { decodeFeedBytes } from '../src/feeds/charset.js';
import { FeedError } from '../src/feeds/errors.js';
import { parseFeed } from '../src/feeds/parse.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REAL_FEEDS_DIR = process.env.FEEDS_REAL_DIR ?? resolve(ROOT, '..', 'shared', 'feeds', 'real');

/** Every item of every parseable feed in the manifest, in file then document order. */
export async function readRealFeedItems(dir: string = REAL_FEEDS_DIR): Promise<NewsItem[]> {
  const manifest = join(dir, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  const files = readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0] ?? '').filter(Boolean);
  const items: NewsItem[] = [];
  for (const file of files) {
    const { text } = decodeFeedBytes(readFileSync(join(dir, file)));
    try {
      const feed = await parseFeed(text, { feedId: file, feedUrl: 'https://feeds.example.com/feed.xml' });
      items.push(...feed.items);
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
    }
  }
  return items;
}

export interface Flagged {
  item: NewsItem;
  match: MatchResult;
}

/** Items the matcher flags as supply or gives a ticker. */
export function flaggedItems(items: readonly NewsItem[], configDir = join(ROOT, 'config')): { supply: Flagged[]; tickers: Flagged[] } {
  const matcher = createMatcher({ tickers: loadTickers(configDir), topics: loadTopics(configDir) });
  const supply: Flagged[] = [];
  const tickers: Flagged[] = [];
  for (const item of items) {
    const match = matcher.match(item);
    if (match.lithiumSupply) supply.push({ item, match });
    if (match.tickers.length) tickers.push({ item, match });
  }
  return { supply, tickers };
}

async function main(argv: readonly string[]): Promise<void> {
  const items = await readRealFeedItems();
  if (!items.length) {
    console.log(`real-feeds: no feeds at ${REAL_FEEDS_DIR}`);
    return;
  }
  const { supply, tickers } = flaggedItems(items);
  console.log(`real feeds: ${items.length} items; ${supply.length} flagged as lithium supply; ${tickers.length} with tickers`);
  const show = (f: Flagged): string => `  [${f.item.feedId}] ${f.item.title.slice(0, 120)}\n     tickers ${f.match.tickers.join(' ') || '-'}  why ${f.match.why.join('; ')}`;
  for (const f of supply) console.log(`SUPPLY ${show(f)}`);
  for (const f of tickers) console.log(`TICKER ${show(f)}`);
  if (argv.includes('--all')) {
    const matcher = createMatcher({ tickers: loadTickers(join(ROOT, 'config')), topics: loadTopics(join(ROOT, 'config')) });
    for (const item of items) {
      const m = matcher.match(item);
      if (m.figures.length) console.log(`FIGURES [${item.feedId}] ${item.title.slice(0, 100)}\n     ${JSON.stringify(m.figures)}`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main(process.argv.slice(2));
