/** Platform-neutral domain types. Nothing here knows about Discord, Slack, keyv or HTTP. */

/** A news item as the poller hands it to the matcher (plain text, HTML already stripped by the parser step). */
export interface NewsItem {
  /** Stable id: guid, else link, else a hash of title + date. */
  id: string;
  feedId: string;
  title: string;
  summary: string;
  link?: string | undefined;
  /** ISO-8601, when the feed gave a usable date. */
  published?: string | undefined;
  /** Outlet name (feed title or the item's own source element). */
  source?: string | undefined;
  tags?: readonly string[] | undefined;
}

export type Per = 'year' | 'month' | 'week' | 'day';

/** Key figures, in the exact shapes of the labelled corpus (shared/corpus/README.md). */
export type Figure =
  | { kind: 'move'; symbol: string; pct: number }
  | { kind: 'change'; pct: number; what: string }
  | { kind: 'quantity'; value: number; unit: 't'; per: Per | null; what: string; basis?: 'LCE' }
  | { kind: 'money'; value: number; currency: string; what: string }
  | { kind: 'price'; value: number; currency: string; per: string | null; what: string };

export interface MatchResult {
  /** True when the item is a lithium supply story. */
  lithiumSupply: boolean;
  /** Confidence of the supply decision, 0..1. */
  score: number;
  /** A few words each on what made the decision, shown in alerts. */
  why: string[];
  /** Canonical symbols (ALB, PLS.AX, 300750.SZ). */
  tickers: string[];
  figures: Figure[];
  /** Ids of every configured topic that fired (e.g. "lithium-supply", "nickel-supply"). */
  topics: string[];
}

/** One company in the watch universe. */
export interface TickerInfo {
  /** Canonical symbol: plain for US listings, suffixed elsewhere (PLS.AX, 300750.SZ, 1772.HK, 600512.SS). */
  symbol: string;
  /** Display name, e.g. "Albemarle". */
  name: string;
  /** Other names and spellings a headline may use ("Albemarle Corp", "SQM", "Soquimich"). */
  aliases: readonly string[];
  exchange?: string | undefined;
  /** Other listings of the same company (PLS.AX ↔ PILBF, 002460.SZ ↔ 1772.HK). */
  listings?: readonly string[] | undefined;
  /** Delisted companies stay known so that old news and lookups can say so. */
  delisted?: { since: string; successor?: string | undefined; note?: string | undefined } | undefined;
}

/** The context a match runs in: companies added at run time by watchlists or a `universe_extra` line. */
export interface MatchContext {
  extra?: readonly Pick<TickerInfo, 'symbol' | 'name'>[];
}

/** The matcher port: fills MatchResult from an item. Pure and synchronous. */
export interface Matcher {
  match(item: Pick<NewsItem, 'title' | 'summary'> & Partial<NewsItem>, ctx?: MatchContext): MatchResult;
}

/** A chat channel anywhere: `platform` names the adapter ("discord", "slack", "console"). */
export interface ChannelRef {
  platform: string;
  id: string;
  /** Discord guild / Slack team, where the platform has one. */
  workspace?: string | undefined;
}

export type Want = 'lithium-supply' | 'watchlist' | 'all';
export const WANTS: readonly Want[] = ['lithium-supply', 'watchlist', 'all'];

export interface WatchEntry {
  symbol: string;
  /** Set when the company is outside the shipped universe ("Quartzline Lithium"). */
  name?: string | undefined;
}

export interface Subscription {
  channel: ChannelRef;
  /** Absent when the channel only keeps a watchlist (after /unsubscribe). */
  want: Want | null;
  watchlist: WatchEntry[];
  /** Where this came from: config file (read-only) or a chat command. */
  origin: 'config' | 'command';
  updatedAt: string;
  /** Set when the platform refused a post (403/404, not_in_channel): delivery stops until fixed. */
  failing?: { since: string; reason: string } | undefined;
  /** How alerts reach the channel: at once (default), or gathered into an hourly or daily digest. */
  digest?: DigestSettings | undefined;
  /** What of the subscription's alerts the channel keeps (every set kind must pass); absent: everything. */
  filter?: SubscriptionFilter | undefined;
  /** A role (Discord) or user group (Slack) mentioned on alerts that meet its condition; set by an admin only. */
  mention?: MentionSetting | undefined;
  /** A story's later reports as replies in a thread under its first alert, instead of edits in place (default off). */
  threads?: ThreadSettings | undefined;
}

export interface ThreadSettings {
  mode: 'off' | 'on';
  /** Slack: replies also shown in the channel (reply_broadcast). Discord: the first message is also edited in place. */
  broadcast?: boolean | undefined;
}

/**
 * Filters on a subscription. Kinds combine with AND, the values of one kind with OR. Phrases use the topic files'
 * syntax (whole words, case-insensitive, a trailing * matches any word it starts); never a regular expression.
 */
export interface SubscriptionFilter {
  /** Canonical symbols: only stories naming one of them (other listings of the company count). */
  tickers?: string[] | undefined;
  /** Only stories with a share-price move (a `move` figure) of at least this many percent, up or down. */
  minMovePct?: number | undefined;
  /** Topic ids ("lithium-supply"): only stories where one fired. */
  topics?: string[] | undefined;
  /** Outlet names (whole words of the item's source), feed ids or feed tags, lower case. */
  sources?: string[] | undefined;
  /** Only stories whose title or summary holds one of these phrases. */
  include?: string[] | undefined;
  /** No story whose title or summary holds one of these phrases. */
  exclude?: string[] | undefined;
}

export interface MentionSetting {
  /** 'role': a Discord role id (snowflake); 'usergroup': a Slack user group id (S…). */
  kind: 'role' | 'usergroup';
  id: string;
  /** The group's handle as the admin gave it (Slack `<!subteam^ID|name>`), for display only. */
  label?: string | undefined;
  /** Mention only on lithium supply stories. */
  onlySupply?: boolean | undefined;
  /** Mention only when the story has a share-price move of at least this many percent. */
  minMovePct?: number | undefined;
}

/** 'HH:MM', 24-hour, in the subscription's time zone. */
export type LocalTime = string;

export interface DigestSettings {
  mode: 'realtime' | 'hourly' | 'daily';
  /** Daily: when the digest goes out (default 08:00). */
  at?: LocalTime | undefined;
  /** IANA time zone of `at` and `quiet` (default UTC). */
  tz?: string | undefined;
  /** Realtime alerts in this span are held and sent when it ends. */
  quiet?: { from: LocalTime; to: LocalTime } | undefined;
}

/** What the bot tells a channel: built once per item, delivered to every matching channel. */
export interface Alert {
  /** Same as the item's id, prefixed by the feed: unique per story report. */
  id: string;
  item: NewsItem;
  match: MatchResult;
  /** When the bot matched it (ISO-8601). */
  matchedAt: string;
}

/** Why a channel gets an alert: a supply story, a watchlist hit, or both. */
export type AlertKind = 'supply' | 'watchlist' | 'topic';

export interface Delivery {
  alert: Alert;
  channel: ChannelRef;
  kind: AlertKind;
  /** The channel's watched symbols found in this alert. */
  watched: string[];
  /** Where this report stands in a story (story grouping); absent when grouping is off. */
  story?: StoryRef | undefined;
  /** A digest: the deliveries gathered for the channel since the last one (`alert` is the first of them). */
  digest?: DigestContent | undefined;
  /** The channel's filters this alert passed, in words ("move ≥ 5%"), for the alert's why line. */
  filterWhy?: string | undefined;
  /** The role or user group to mention: the subscription's, when the alert met its condition. */
  mention?: { kind: MentionSetting['kind']; id: string } | undefined;
  /** A feed health notice (a feed failing, or working again): `alert` is its plain summary. */
  notice?: FeedHealthNotice | undefined;
}

/**
 * What a channel is told about a feed that keeps failing, and again when it works. Never the feed's full URL:
 * its path or query may carry a token, so only the host is kept; the error is already cleaned of URLs.
 */
export interface FeedHealthNotice {
  state: 'failing' | 'recovered';
  feedId: string;
  /** The feed's display name (its configured source, else its id). */
  name: string;
  host: string;
  /** When the run of failures began (ISO-8601): also what makes the notice's id. */
  failingSince: string;
  failures: number;
  lastError?: { code: string; message: string } | undefined;
  /** failing: no fetch before this time (backoff), ISO-8601. */
  nextAttemptAt?: string | undefined;
  /** recovered: the first successful poll, ISO-8601. */
  recoveredAt?: string | undefined;
}

/** A delivery's story: a new story's first report, or a later report that edits the story's message. */
export interface StoryRef {
  id: string;
  /** True for a later report: edit the story's message in the channel where one is known, else post. */
  isUpdate: boolean;
  /** The story's first report, which an edited message keeps showing (updates only). */
  lead?: Alert | undefined;
  /** The other outlets, one each, in arrival order. */
  alsoReportedBy: { source: string; link?: string | undefined }[];
  /** Every figure the story has gathered (updates only; else the alert's own). */
  figures?: Figure[] | undefined;
  /** The earlier story this one develops (a new development at the same company). */
  relatedTo?: { id: string; title: string; link?: string | undefined } | undefined;
}

export interface DigestContent {
  mode: 'hourly' | 'daily' | 'quiet';
  /** The span covered, ISO-8601. */
  from: string;
  to: string;
  stories: DigestStory[];
}

export interface DigestStory {
  storyId?: string | undefined;
  title: string;
  link?: string | undefined;
  source?: string | undefined;
  /** Reports of the story in the span (1 when it was reported once). */
  reports: number;
  figures: Figure[];
  tickers: string[];
}
