/**
 * Feed document to NewsItems. rss-parser (parseString only: we fetch ourselves) does the RSS 2.0 /
 * RSS 1.0 / Atom mapping; this module repairs the input first and normalises the output: stable ids,
 * plain-text fields with caps, absolute http(s) links, ISO dates or nothing.
 */
import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import rssUtils from 'rss-parser/lib/utils.js';
import type { NewsItem } from '../core/types.js';
import { FeedError } from './errors.js';
import { htmlToText, truncate } from './html-text.js';
import { prepareFeedXml } from './xml-repair.js';

// rss-parser builds `contentSnippet` with /<(?:.|\n)*?>/, which is quadratic on text with many "<" and no ">":
// one hostile description could block the event loop for hours. Same result, linear: no pattern can backtrack
// past the next "<" or ">".
rssUtils.stripHtml = (s: string): string =>
  s.replace(/<\/?(?:h\d?|br|p|ul|ol|li|blockquote|section|table|tr|div)\b[^<>]*>/gi, '\n').replace(/<[^<>]*>/g, '');

export interface ParseOptions {
  feedId: string;
  /** Base for relative links. */
  feedUrl: string;
  /** Items kept, in document order (default 500). */
  maxItems?: number;
  /** Summary cap in characters (default 2,000). */
  maxFieldChars?: number;
  /** Title cap in characters (default 500). */
  maxTitleChars?: number;
}

export interface ParsedFeed {
  title?: string;
  items: NewsItem[];
}

export const PARSE_DEFAULTS = { maxItems: 500, maxFieldChars: 2000, maxTitleChars: 500 } as const;
const MAX_ID_CHARS = 512;
const MAX_DEPTH = 32;

type RawItem = Record<string, unknown>;

/** Text content of an xml2js value: a string, { _: text }, an array, or nested elements (xhtml). */
function textOf(v: unknown, depth = 0): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return '';
  if (Array.isArray(v)) return v.map((x) => textOf(x, depth + 1)).join(' ');
  const o = v as Record<string, unknown>;
  if (typeof o._ === 'string') return o._;
  return Object.entries(o)
    .filter(([k]) => k !== '$')
    .map(([, x]) => textOf(x, depth + 1))
    .join(' ');
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

function absoluteLink(raw: string, base: string): string | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  try {
    const u = new URL(s, base);
    // Only web links reach chat: no javascript:, data: or file: targets.
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function isoDate(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    const s = textOf(c).trim();
    if (s === '') continue;
    const t = Date.parse(s);
    if (!Number.isFinite(t)) continue;
    const year = new Date(t).getUTCFullYear();
    // Years like 275760 are "valid" JS dates but no news is from then; callers judge 1970 or the future.
    if (year < 1900 || year > 2200) continue;
    return new Date(t).toISOString();
  }
  return undefined;
}

function itemId(guid: string, link: string | undefined, title: string, date: string): string {
  const id = guid !== '' ? guid : (link ?? '');
  if (id !== '') return id.length <= MAX_ID_CHARS ? id : `sha1:${sha1(id)}`;
  return `sha1:${sha1(`${title}\n${date}`)}`;
}

async function runParser(xml: string): Promise<Parser.Output<RawItem>> {
  const parser = new Parser<RawItem, RawItem>({
    // <rss> with no version attribute (seen in the wild) is read as RSS 2.0.
    defaultRSS: 2,
    customFields: { item: [['source', 'rssSource']] },
  });
  try {
    return await parser.parseString(xml);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    if (/not recognized as RSS/i.test(msg)) throw new FeedError('NOT_A_FEED', 'the XML is not RSS or Atom', { cause });
    throw new FeedError('PARSE', `malformed feed XML: ${msg.replace(/\s+/g, ' ').slice(0, 200)}`, { cause });
  }
}

/**
 * Parses a decoded feed document. Throws FeedError PARSE (malformed XML, entity declarations) or
 * NOT_A_FEED (an HTML page, JSON, another XML vocabulary); never anything else.
 */
export async function parseFeed(xml: string, opts: ParseOptions): Promise<ParsedFeed> {
  const maxItems = opts.maxItems ?? PARSE_DEFAULTS.maxItems;
  const maxSummary = opts.maxFieldChars ?? PARSE_DEFAULTS.maxFieldChars;
  const maxTitle = opts.maxTitleChars ?? PARSE_DEFAULTS.maxTitleChars;

  let feed: Parser.Output<RawItem>;
  try {
    feed = await runParser(prepareFeedXml(xml));
  } catch (e) {
    if (e instanceof FeedError) throw e;
    // Stack overflows on absurd nesting and the like: still a bad document, not a crash.
    throw new FeedError('PARSE', 'feed could not be parsed', { cause: e });
  }

  const feedTitle = htmlToText(textOf(feed.title), maxTitle) || undefined;
  const items: NewsItem[] = [];
  const ids = new Set<string>();
  for (const raw of (feed.items ?? []) as RawItem[]) {
    if (items.length >= maxItems) break;
    const item = toNewsItem(raw, opts, { feedTitle, maxSummary, maxTitle });
    // A feed repeating a guid within one document gets one item: the first, as readers show it.
    if (item === undefined || ids.has(item.id)) continue;
    ids.add(item.id);
    items.push(item);
  }
  return { ...(feedTitle !== undefined ? { title: feedTitle } : {}), items };
}

function toNewsItem(
  raw: RawItem,
  opts: ParseOptions,
  ctx: { feedTitle: string | undefined; maxSummary: number; maxTitle: number },
): NewsItem | undefined {
  let title = htmlToText(textOf(raw.title), ctx.maxTitle);
  const summary =
    [raw.summary, raw.content, raw['content:encoded'], raw.contentSnippet]
      .map((v) => htmlToText(textOf(v), ctx.maxSummary))
      .find((s) => s !== '') ?? '';
  if (title === '' && summary === '') return undefined;
  // An untitled item (microblog-style feeds) is shown by the start of its text.
  if (title === '') title = truncate(summary, Math.min(140, ctx.maxTitle));

  const guid = textOf(raw.guid ?? raw.id).trim();
  let link = absoluteLink(textOf(raw.link), opts.feedUrl);
  // RSS guids are permalinks by default; use one when the item has no <link>.
  if (link === undefined && /^https?:\/\//i.test(guid)) link = absoluteLink(guid, opts.feedUrl);
  const published = isoDate(raw.isoDate, raw.pubDate, raw.date, raw['dc:date']);
  const rawDate = textOf(raw.pubDate ?? raw.date ?? raw.isoDate).trim();
  const source = htmlToText(textOf(raw.rssSource), ctx.maxTitle) || ctx.feedTitle;

  return {
    id: itemId(guid, link, title, published ?? rawDate),
    feedId: opts.feedId,
    title,
    summary,
    link,
    published,
    source,
  };
}
