/**
 * The small interfaces the core depends on. Implementations live at the edges (store/, feeds/, adapters/,
 * quotes/); tests pass recording fakes. None of them names a storage engine or a chat SDK.
 */
import type { FeedFetchStats } from './fetch-stats.js';
import type { Quote } from './commands/types.js';
import type { Story } from './stories.js';
import type { Alert, ChannelRef, Delivery, Subscription } from './types.js';

/** Channel subscriptions and their watchlists. */
export interface SubscriptionStore {
  get(channel: ChannelRef): Promise<Subscription | undefined>;
  put(sub: Subscription): Promise<void>;
  remove(channel: ChannelRef): Promise<void>;
  list(): Promise<Subscription[]>;
}

/** Item ids already handled, per feed; ids older than the retention are pruned. */
export interface SeenStore {
  /** The ids of `ids` not seen before, in input order. */
  unseen(feedId: string, ids: readonly string[]): Promise<string[]>;
  markSeen(feedId: string, ids: readonly string[], at: Date): Promise<void>;
  /** Forget ids recorded before `before`; returns how many were dropped. */
  prune(feedId: string, before: Date): Promise<number>;
}

/** Per-feed HTTP validators, backoff and health. */
export interface FeedState {
  feedId: string;
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** True once the first poll has recorded the feed's backlog. */
  primed: boolean;
  lastPollAt?: string | undefined;
  lastSuccessAt?: string | undefined;
  lastError?: { at: string; code: string; message: string } | undefined;
  consecutiveFailures: number;
  /** No fetch before this time (exponential backoff after failures). */
  nextAttemptAt?: string | undefined;
  /** When the current run of failures began. */
  failingSince?: string | undefined;
  /**
   * A failing notice was queued for the run of failures that began at `failingSince`, to `channels` (cleared on
   * recovery, whose notice goes to those channels only).
   */
  healthNotice?: { failingSince: string; sentAt: string; channels?: ChannelRef[] | undefined } | undefined;
  /** Items in the document at the last successful fetch with a body (a 304 keeps it), for `/feed list`. */
  itemCount?: number | undefined;
  /** Last HTTP status and latency, decayed poll/304/error counts: see fetch-stats.ts. Saved with the poll's state. */
  fetch?: FeedFetchStats | undefined;
}

export interface FeedStateStore {
  get(feedId: string): Promise<FeedState | undefined>;
  put(state: FeedState): Promise<void>;
  list(): Promise<FeedState[]>;
  /** Forgets a feed that is no longer polled (a chat-added feed removed), so /status stops counting it. */
  remove(feedId: string): Promise<void>;
}

/** Alerts matched, newest first, for /ticker and /status. */
export interface AlertLog {
  record(alert: Alert): Promise<void>;
  /** Most recent alerts that name `symbol` among their tickers. */
  latestFor(symbol: string, limit: number): Promise<Alert[]>;
  /** Time of the most recent alert delivered to `channel` (or anywhere, without one). */
  lastDeliveredAt(channel?: ChannelRef): Promise<string | undefined>;
  markDelivered(channel: ChannelRef, at: string): Promise<void>;
}

/** What posting returned: the platform's id for the message, for edits and idempotency. */
export interface SentMessage {
  messageId: string;
}

/** A chat platform's outbound side. Adding a platform is one folder implementing this. */
export interface ChatAdapter {
  readonly platform: string;
  /** The platform's sustained limit for one channel (Slack: about one message a second). */
  readonly minChannelIntervalMs?: number;
  send(delivery: Delivery): Promise<SentMessage>;
  /**
   * For platforms without a send nonce (Slack): whether this delivery was already posted since `since` (a send
   * whose answer was lost to a crash or a timeout). The deliverer asks before resending an attempted entry.
   */
  alreadySent?(delivery: Delivery, since: Date): Promise<SentMessage | undefined>;
  /**
   * Replaces the content of a message posted earlier (a story's alert, edited as more outlets report it).
   * Platforms that cannot edit leave it out, and the deliverer posts instead.
   */
  update?(delivery: Delivery, messageId: string): Promise<SentMessage>;
}

/** A story as stored: the grouper's state plus the alert that opened it (an edited message keeps showing it). */
export interface StoredStory {
  story: Story;
  lead?: Alert | undefined;
}

/** Open stories and, per channel, the message each one was posted as (for edits). */
export interface StoryStore {
  /** Stories with a report at or after `since`. */
  recent(since: Date): Promise<StoredStory[]>;
  /** Saves a story; `lead` is kept from before when not given. */
  put(story: Story, lead?: Alert): Promise<void>;
  messageFor(storyId: string, channel: ChannelRef): Promise<string | undefined>;
  setMessage(storyId: string, channel: ChannelRef, messageId: string): Promise<void>;
  /**
   * Makes placing a report (read the stories, assign, save) one step among the instances sharing the store, so
   * that of two reports of one event placed at once the second joins the story the first opened. Waits at most
   * `waitMs`; undefined when other placements held it all that time. `version` counts every put so far, by
   * anyone: while it is what a reader last saw, there is nothing new to read. A claim whose holder died expires.
   */
  claimPlacement(waitMs: number): Promise<{ version: number; release(): Promise<void> } | undefined>;
}

/** Deliveries held for a channel's next digest (hourly, daily, or after quiet hours), and when it last went out. */
export interface DigestStore {
  hold(deliveries: readonly Delivery[]): Promise<void>;
  /** The channel's held deliveries in arrival order, left held until `drop`. */
  peek(channel: ChannelRef): Promise<Delivery[]>;
  /** Removes these held deliveries (by outbox id, once each) after their digest is queued; later ones stay. */
  drop(channel: ChannelRef, deliveries: readonly Delivery[]): Promise<void>;
  /** When the channel's digest was last due and handled (ISO-8601). */
  lastDigestAt(channel: ChannelRef): Promise<string | undefined>;
  setLastDigestAt(channel: ChannelRef, at: string): Promise<void>;
}

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type OutboxState = 'pending' | 'sent' | 'dead';

/** One (alert, channel) delivery, written before any send and marked after. */
export interface OutboxEntry {
  /** `${alert.id}|${platform}:${channel}`: the same delivery is never queued twice. */
  id: string;
  /** Enqueue order; deliveries to one channel go out in this order. */
  seq: number;
  delivery: Delivery;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  /** Not before this time (backoff, or a platform's retry-after). */
  nextAttemptAt: string;
  lastError?: { at: string; code: string; message: string } | undefined;
  messageId?: string | undefined;
  sentAt?: string | undefined;
  /** When a send was first attempted without a recorded answer (set before the send, for `alreadySent`). */
  inFlightSince?: string | undefined;
}

/** The durable delivery queue. */
export interface Outbox {
  /** Queues deliveries not queued before; returns the entries created. */
  enqueue(deliveries: readonly Delivery[], at: Date): Promise<OutboxEntry[]>;
  /** Pending entries in enqueue order (due or not: the deliverer decides). */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** One channel's pending entries in enqueue order: a deliverer draining that channel reads only its own. */
  pendingFor(channel: ChannelRef, limit: number): Promise<OutboxEntry[]>;
  update(entry: OutboxEntry): Promise<void>;
  list(state: OutboxState): Promise<OutboxEntry[]>;
}

/** One feed's poll, ready to commit: the ids it carries marked seen, older ones pruned, its new state. */
export interface FeedCommit {
  feedId: string;
  seenIds: readonly string[];
  at: Date;
  pruneBefore: Date;
  state: FeedState;
  /** The feed's claim for this interval (`start`, under feed leases): marked done by the same commit. */
  claim?: { intervalStartMs: number; holdMs: number } | undefined;
}

export interface PollCommitResult {
  /** The outbox entries created (deliveries not queued before). */
  created: OutboxEntry[];
  /** Feeds whose claim had expired or been taken before the commit: another instance may fetch them again. */
  claimsLost: string[];
}

/**
 * The writes that end a batch of polls and must stand or fall together: the alerts' new outbox entries and the
 * items of their feeds marked seen. An engine with transactions commits them as one; a crash can then neither
 * lose an alert (marked seen, never queued) nor, where the engine allows it, queue one twice. A feed's interval
 * claim is completed with it (in the transaction, where there is one): done exactly when its results are safe.
 */
export interface PollCommitter {
  commit(deliveries: readonly Delivery[], at: Date, feeds: readonly FeedCommit[]): Promise<PollCommitResult>;
}

export const outboxId = (d: Pick<Delivery, 'alert' | 'channel'>): string =>
  `${d.alert.id}|${d.channel.platform}:${d.channel.id}`;

/**
 * Who does which piece of shared work when several instances run against one store. Each method is a lease
 * with an owner (the instance id) and a time to live: an instance that dies stops renewing, its leases expire
 * and another instance takes the work over. Every store engine brings its own.
 */
export interface Coordinator {
  /** This instance's id: the owner written into every lease it takes. */
  readonly instanceId: string;

  /**
   * Claims fetching `feedId` for the interval starting at `intervalStartMs`, for `ttlMs` (long enough for one
   * fetch). True for exactly one caller until the claim expires or is completed.
   */
  claimFeedInterval(feedId: string, intervalStartMs: number, ttlMs: number): Promise<boolean>;
  /**
   * The owner says the interval's fetch is done: the claim then holds for `holdMs` (to the end of the interval
   * at least), so no one fetches the feed again in it. False when the claim was lost meanwhile.
   */
  completeFeedInterval(feedId: string, intervalStartMs: number, holdMs: number): Promise<boolean>;
  /** Extends a feed claim this instance still owns while its poll runs long; false when it was lost. */
  renewFeedInterval(feedId: string, intervalStartMs: number, ttlMs: number): Promise<boolean>;

  /**
   * Claims one piece of delivery work for `ttlMs`: an outbox entry id, or a channel's queue (to keep one
   * channel's deliveries in order, claim `chan:<platform>:<id>` before its entries). Not re-entrant: a second
   * claim of a held key is refused, even from the same instance.
   */
  claimDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Extends a claim this instance still owns; false when it expired or another instance has it now. */
  renewDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back (the work was not done: another instance may take it at once). Owner only. */
  releaseDelivery(key: string): Promise<boolean>;
  /**
   * The work is done: the claim becomes a done marker for `holdMs`, so an instance acting on an older read of
   * the queue cannot claim and redo it. Owner only.
   */
  completeDelivery(key: string, holdMs: number): Promise<boolean>;

  /**
   * Acquires or renews the leader lease `name` (e.g. the one connection to a chat gateway). Call it every
   * ttl/3 or so: true while this instance holds it; a holder that stops calling loses it after `ttlMs`.
   */
  leader(name: string, ttlMs: number): Promise<boolean>;
  /** Steps down at once (graceful shutdown), so another instance takes over without waiting for the TTL. */
  resign(name: string): Promise<boolean>;
}

/** What the quote cache keeps: a quote with its fetch time, or the provider's 429 pause. */
export type QuoteCacheRecord =
  | { kind: 'quote'; quote: Quote; fetchedAt: number }
  | { kind: 'backoff'; until: number; strikes: number };

/** The quote cache's storage: a get/set with a time to live. `Keyv<QuoteCacheRecord>` satisfies it. */
export interface QuoteCacheStore {
  get(key: string): Promise<QuoteCacheRecord | undefined>;
  set(key: string, value: QuoteCacheRecord, ttlMs: number): Promise<unknown>;
}
