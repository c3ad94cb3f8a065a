/**
 * The platform-neutral command model. Adapters turn a slash command into a CommandRequest, call
 * handleCommand(), and render the Reply in their own format. Same semantics on every platform.
 */
import type { AlertLog, Clock, FeedStateStore, Logger, SubscriptionStore } from '../ports.js';
import type { Universe } from '../symbols.js';
import type { ChannelRef, DigestSettings, Want } from '../types.js';

export type CommandRequest =
  | { verb: 'subscribe'; want: Want; digest?: DigestSettings | undefined }
  | { verb: 'unsubscribe'; dropWatchlist: boolean }
  | { verb: 'watchlist'; action: 'add' | 'remove'; symbols: string[]; name?: string | undefined }
  | { verb: 'watchlist'; action: 'list' }
  | { verb: 'ticker'; symbol: string }
  | { verb: 'threads'; mode: 'on' | 'off'; broadcast: boolean }
  | { verb: 'status' }
  | { verb: 'help' };

export type Verb = CommandRequest['verb'];

/** Who sent the command and where. `canManage` is the platform's verdict (Discord Manage Channels, Slack admins). */
export interface CommandContext {
  channel: ChannelRef;
  user: { id: string; name?: string | undefined };
  canManage: boolean;
}

/** One labelled value in a reply (rendered as an embed field or a Block Kit field). */
export interface ReplyField {
  label: string;
  value: string;
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
}

/** Verbs that change settings need canManage; lookups are open to all. */
export const MANAGE_VERBS: ReadonlySet<Verb> = new Set<Verb>(['subscribe', 'unsubscribe', 'watchlist', 'threads']);

/** Whether a verb (and watchlist action) changes settings: `watchlist list` is a lookup. */
export function verbChangesSettings(verb: string, action?: string): boolean {
  return MANAGE_VERBS.has(verb as Verb) && !(verb === 'watchlist' && (action ?? 'list') === 'list');
}
