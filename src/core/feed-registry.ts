/**
 * Feeds added from chat (`/feed add`) or by `lithium-wire feeds import`: the store port, and the few pure rules
 * about them (ids, URL identity, tags) that the command core, the CLI and the poll schedule share.
 * config/feeds.yaml feeds are not in here: they stay in the file, read-only from chat, and win on an id clash.
 */
import { createHash } from 'node:crypto';

/** Who added a feed: the platform, its guild/workspace (the cap counts per workspace) and the user. */
export interface FeedAddedBy {
  platform: string;
  workspace: string;
  user: string;
  /** The user's display name when the platform gave one. */
  name?: string | undefined;
}

export interface ChatFeed {
  /** Unique among all feeds (letters, digits, . _ -), as config/feeds.yaml ids. */
  id: string;
  url: string;
  tags: string[];
  addedBy: FeedAddedBy;
  addedAt: string;
  /** A paused feed stays listed but is not polled. */
  paused: boolean;
  /** The feed's own title when it was added, for lists and OPML export. */
  title?: string | undefined;
}

export type FeedAddResult =
  | { status: 'added'; feed: ChatFeed }
  | { status: 'duplicate'; existing: ChatFeed }
  | { status: 'cap'; count: number };

export interface FeedRegistry {
  /**
   * Saves a feed unless its id or URL (urlKey) is taken, or — with `maxPerWorkspace` — its workspace already has
   * that many. The checks and the write are one step, so two admins adding at once cannot pass the cap together.
   */
  add(feed: ChatFeed, opts?: { maxPerWorkspace?: number | undefined }): Promise<FeedAddResult>;
  get(id: string): Promise<ChatFeed | undefined>;
  /** The feed with this URL (compared by urlKey), if any. */
  byUrl(url: string): Promise<ChatFeed | undefined>;
  /** Removes by id; returns what was removed. */
  remove(id: string): Promise<ChatFeed | undefined>;
  setPaused(id: string, paused: boolean): Promise<boolean>;
  /** Every feed, in the order they were added. */
  list(): Promise<ChatFeed[]>;
  /**
   * Pauses of config/feeds.yaml feeds, by id. The file stays read-only from chat, so the pause is kept in the
   * store next to the chat-added feeds. Returns false when that id was already paused (the first pause is kept).
   */
  pauseConfigured(pause: FeedPause): Promise<boolean>;
  /** Lifts a config feed's pause; false when it was not paused. */
  resumeConfigured(id: string): Promise<boolean>;
  /** Every config feed paused, in the order they were paused. */
  configuredPauses(): Promise<FeedPause[]>;
}

/** A config/feeds.yaml feed paused from chat, the dashboard or the CLI: when and by whom (for lists). */
export interface FeedPause {
  id: string;
  at: string;
  /** "Ana (discord)", "dashboard", "cli:ops". */
  by: string;
}

/**
 * The ids of every paused feed: chat-added ones flagged paused, and config feeds with a stored pause — with
 * `configured`, only those still in config/feeds.yaml (a pause outlives its feed being taken out of the file).
 */
export async function pausedFeedIds(registry: FeedRegistry, configured?: readonly { id: string }[]): Promise<Set<string>> {
  const [stored, pauses] = await Promise.all([registry.list(), registry.configuredPauses()]);
  const inFile = configured ? new Set(configured.map((c) => c.id)) : undefined;
  return new Set([...stored.filter((f) => f.paused).map((f) => f.id), ...pauses.map((p) => p.id).filter((id) => !inFile || inFile.has(id))]);
}

/** How two URLs are judged the same feed: parsed and re-serialised (host case, default port), fragment dropped. */
export function feedUrlKey(url: string): string {
  try {
    const u = new URL(url.trim());
    u.hash = '';
    return u.href;
  } catch {
    return url.trim();
  }
}

export const FEED_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_ID_CHARS = 60;

/** A readable, stable id for a feed URL: `mining-com-3f2a9c` (host without www, plus a hash of the URL). */
export function feedIdFor(url: string, label?: string): string {
  const hash = createHash('sha256').update(feedUrlKey(url)).digest('hex').slice(0, 6);
  let base = label ? slug(label) : '';
  if (!base) {
    try {
      base = slug(new URL(url).hostname.replace(/^www\./, ''));
    } catch {
      base = '';
    }
  }
  return `${(base || 'feed').slice(0, MAX_ID_CHARS - 7)}-${hash}`;
}

/** Lower-case letters, digits and dashes: the id form of a title or host. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_CHARS);
}

export const MAX_TAGS = 10;
const MAX_TAG_CHARS = 40;

/** Tags as stored: trimmed, lower-case, spaces to dashes, letters/digits/._- only, unique, at most MAX_TAGS. */
export function normaliseTags(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of raw) {
    const tag = t.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '-').replace(/[^\p{L}\p{N}._-]/gu, '').slice(0, MAX_TAG_CHARS);
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out.slice(0, MAX_TAGS);
}

/** A URL for replies and lists: scheme, host and path (a query string may carry an API key). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.length > 100 ? `${u.pathname.slice(0, 100)}…` : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

/** One fetch and parse of a URL before it is saved, with the poller's own address guard and limits. */
export type FeedProbeResult =
  | { ok: true; title?: string | undefined; items: number }
  | { ok: false; reason: 'bad-url' | 'private-address' | 'not-a-feed' | 'unreachable'; detail: string };

/** A feed from config/feeds.yaml as the command core sees it: listed, never changed from chat. */
export interface ConfiguredFeed {
  id: string;
  url: string;
  tags: readonly string[];
  enabled: boolean;
}

/** What `/feed` needs; a platform without it answers that feeds cannot be managed from chat here. */
export interface FeedCommandDeps {
  registry: FeedRegistry;
  configured: readonly ConfiguredFeed[];
  probe(url: string): Promise<FeedProbeResult>;
  /** Feeds one guild/workspace may add (poll.chatFeedsPerWorkspace). */
  maxPerWorkspace: number;
}
