/**
 * The platform-neutral command model. Adapters turn a slash command into a CommandRequest, call
 * handleCommand(), and render the Reply in their own format. Same semantics on every platform.
 */
import type { FeedCommandDeps } from '../feed-registry.js';
import type { GroupDirectory } from '../group-directory.js';
import type { AlertLog, Clock, FeedStateStore, Logger, SubscriptionStore } from '../ports.js';
import type { Universe } from '../symbols.js';
import type { ChartRenderer, PriceHistory, ReplyImage } from '../ticker-chart.js';
import type { ChannelRef, DigestSettings, MentionSetting, Want } from '../types.js';

/** The kinds of filter a subscription can have (`filter <kind> …`). */
export type FilterKind = 'tickers' | 'move' | 'topics' | 'sources' | 'include' | 'exclude';
export const FILTER_KINDS: readonly FilterKind[] = ['tickers', 'move', 'topics', 'sources', 'include', 'exclude'];

export type CommandRequest =
  | { verb: 'subscribe'; want: Want; digest?: DigestSettings | undefined }
  | { verb: 'unsubscribe'; dropWatchlist: boolean }
  | { verb: 'watchlist'; action: 'add' | 'remove'; symbols: string[]; name?: string | undefined }
  | { verb: 'watchlist'; action: 'list' }
  | { verb: 'ticker'; symbol: string }
  | { verb: 'threads'; mode: 'on' | 'off'; broadcast: boolean }
  | { verb: 'status' }
  | { verb: 'feed'; action: 'add'; url: string; tags: string[] }
  | { verb: 'feed'; action: 'remove'; target: string }
  | { verb: 'feed'; action: 'pause' | 'resume'; target: string }
  | { verb: 'feed'; action: 'list' }
  | { verb: 'help' }
  /** `values`: tickers as typed (resolved by the handler), topic words, sources, phrases; move: one number. */
  | { verb: 'filter'; action: 'set'; kind: FilterKind; values: string[] }
  | { verb: 'filter'; action: 'clear'; kind?: FilterKind | undefined }
  | { verb: 'filter'; action: 'show' }
  | { verb: 'mention'; action: 'set'; mention: MentionSetting; handle?: undefined }
  /** A group typed as a plain handle (Slack `@lithium-desk`): the handler looks its id up in `deps.groups`. */
  | { verb: 'mention'; action: 'set'; handle: string; mention: MentionWhen }
  | { verb: 'mention'; action: 'clear' }
  | { verb: 'mention'; action: 'show' };

/** When a mention applies, apart from whom it names. */
export type MentionWhen = Pick<MentionSetting, 'onlySupply' | 'minMovePct'>;

export type Verb = CommandRequest['verb'];

/** Who sent the command and where. `canManage` is the platform's verdict (Discord Manage Channels, Slack admins). */
export interface CommandContext {
  channel: ChannelRef;
  user: { id: string; name?: string | undefined };
  canManage: boolean;
  /** The bot's operator (the dashboard signed in with its token): may pause or remove a feed added anywhere. */
  operator?: boolean | undefined;
}

/** One labelled value in a reply (rendered as an embed field or a Block Kit field). */
export interface ReplyField {
  label: string;
  value: string;
}

/**
 * A span of a reply's text that names a role or user group (the plain words `mentionWho` wrote, e.g. "role id 83…").
 * An adapter that can show a mention without pinging renders the span as one (Discord: `<@&ID>` in an embed, which
 * shows the role's name and never notifies); the others show the plain words.
 */
export interface ReplyMentionRef {
  text: string;
  mention: Pick<MentionSetting, 'kind' | 'id'>;
}

/**
 * A neutral reply. Text is plain (no platform markup); adapters escape it. `links` are rendered as
 * links by the adapter, so feed text never needs to carry markup.
 */
export interface Reply {
  /** ok: done; refused: the user asked for something not allowed or not valid; error: our fault. */
  status: 'ok' | 'refused' | 'error';
  /** Visible only to the user who asked (settings commands, refusals). */
  ephemeral: boolean;
  title: string;
  lines: string[];
  fields: ReplyField[];
  links: { label: string; url: string }[];
  /** Spans of `lines` and field values that name a role or group (see ReplyMentionRef). */
  mentions?: ReplyMentionRef[] | undefined;
  /** An image to attach (the /ticker chart); the reply reads complete without it. */
  chart?: ReplyImage | undefined;
}

/** A market quote for /ticker (issue: quotes). */
export interface Quote {
  symbol: string;
  price: number;
  currency: string;
  change: number;
  changePct: number;
  previousClose: number;
  /** ISO time of the price. */
  asOf: string;
  marketOpen: boolean;
  exchange?: string | undefined;
  /** Last daily closes, oldest first, for a trend line. */
  closes: number[];
}

export interface QuoteProvider {
  quote(symbol: string): Promise<Quote>;
  /** About a month of intraday bars, for the /ticker chart; providers without history leave it out. */
  history?(symbol: string): Promise<PriceHistory>;
}

/** Everything a handler may touch, passed in as one object. */
export interface CommandDeps {
  subscriptions: SubscriptionStore;
  alerts: AlertLog;
  feedStates: FeedStateStore;
  universe: Universe;
  clock: Clock;
  logger: Logger;
  quotes?: QuoteProvider | undefined;
  /** Draws the /ticker chart; absent (or failing), /ticker answers with its text trend alone. */
  charts?: ChartRenderer | undefined;
  /** Deliveries to this channel that gave up (dead letters), for /status. */
  deadLetters?: ((channel: ChannelRef) => Promise<number>) | undefined;
  /**
   * How a command is spelt on this platform, given its neutral text ('watchlist add ALB', 'subscribe watchlist'):
   * "/watchlist add symbols:ALB" on Discord, "/lithium watchlist add ALB" on Slack.
   */
  spell?: (verb: string) => string;
  /**
   * /help as this platform defines it: its usage lines (Discord's come from its registered command definitions)
   * and who may change settings here (Slack: SLACK_ADMINS or anyone). Default: the text form, spelt.
   */
  help?: { lines?: readonly string[] | undefined; policy: string } | undefined;
  /** The configured topics, so `filter topics supply` names one that exists. Default: lithium-supply ("supply"). */
  topics?: readonly { id: string; short: string }[] | undefined;
  /** User groups by handle (Slack: usergroups.list), so `mention @lithium-desk` works; absent, a handle is refused. */
  groups?: GroupDirectory | undefined;
  /** `/feed`: the feed registry, the configured feeds and the fetch-once probe; absent, /feed says it is off. */
  feeds?: FeedCommandDeps | undefined;
}

/** Verbs that change settings need canManage; lookups are open to all. */
export const MANAGE_VERBS: ReadonlySet<Verb> = new Set<Verb>(['subscribe', 'unsubscribe', 'watchlist', 'filter', 'mention', 'feed', 'threads']);

/** Verbs whose default action is a lookup: `watchlist list`, `filter show`, `mention show`. */
const LOOKUP_ACTIONS: Partial<Record<Verb, string>> = { watchlist: 'list', filter: 'show', mention: 'show', feed: 'list' };

/** Whether a verb (and action) changes settings: `watchlist list`, `filter show` and `mention show` are lookups. */
export function verbChangesSettings(verb: string, action?: string): boolean {
  const lookup = LOOKUP_ACTIONS[verb as Verb];
  return MANAGE_VERBS.has(verb as Verb) && !(lookup !== undefined && (action ?? lookup) === lookup);
}
