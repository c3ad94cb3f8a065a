/**
 * Opens every store port on the engine STORE_URL names: sqlite://path (the embedded default: tables in one file,
 * safe for several processes) or redis://host:port (scale-out: the Redis primitives in ./redis).
 */
import { WireError } from '../core/errors.js';
import type { FeedRegistry } from '../core/feed-registry.js';
import type {
  AlertLog, Coordinator, DigestStore, FeedStateStore, Outbox, PollCommitter, QuoteCacheStore, SeenStore, StoryStore, SubscriptionStore,
} from '../core/ports.js';
import type { DashboardQueries } from '../core/dashboard-queries.js';
import { openRedisStores } from './redis/open.js';
import { openSqliteStores } from './sqlite/open.js';

export interface Stores {
  readonly engine: 'sqlite' | 'redis';
  /** Where the data lives, without credentials (safe to print). */
  readonly location: string;
  subscriptions: SubscriptionStore;
  seen: SeenStore;
  feedStates: FeedStateStore;
  alerts: AlertLog;
  outbox: Outbox;
  /** A batch's outbox entries with its feeds' seen items: one transaction where the engine has them. */
  committer: PollCommitter;
  /** Open stories and the message each was posted as per channel (story grouping, edits in place). */
  stories: StoryStore;
  /** Deliveries held for digests (hourly, daily, quiet hours). */
  digests: DigestStore;
  /** Who does which piece of shared work: leases every process sharing the store sees. */
  coordinator: Coordinator;
  /** Feeds added from chat or `feeds import` (config/feeds.yaml feeds are not stored). */
  feedRegistry: FeedRegistry;
  /** Quotes and the quote provider's 429 pause, shared by every process on the store (keyv on both engines). */
  quoteCache?: QuoteCacheStore;
  /** The web dashboard's reads: the alert log paged and filtered, deliveries per alert, stories, feed failures. */
  dashboard: DashboardQueries;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  /** Prefix of every Redis key (default `lw:`); ignored for SQLite. */
  redisPrefix?: string;
  /** The owner written into this instance's leases (default host:pid:random). */
  instanceId?: string;
  /** Redis connection errors after the first connect (the client reconnects by itself). */
  onRedisError?: (e: unknown) => void;
  /** One line worth logging about the store (a migration that moved data). */
  onNotice?: (msg: string, ctx?: Record<string, unknown>) => void;
  /** Milliseconds now, for retention and leases (tests pass a fixed clock). */
  now?: () => number;
}

export async function openStores(storeUrl: string, opts: OpenStoresOptions = {}): Promise<Stores> {
  if (/^rediss?:\/\//.test(storeUrl)) {
    return openRedisStores(storeUrl, {
      prefix: opts.redisPrefix ?? 'lw:',
      ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
      ...(opts.onRedisError ? { onError: opts.onRedisError } : {}),
    });
  }
  if (!storeUrl.startsWith('sqlite://')) {
    throw new WireError('STORE_URL_INVALID', `STORE_URL=${storeUrl.replace(/\/\/[^@/]*@/, '//***@')} is not a store this bot can open: use sqlite://./data/lithium-wire.sqlite (embedded) or redis://127.0.0.1:6379`);
  }
  const file = storeUrl.slice('sqlite://'.length);
  if (!file) throw new WireError('STORE_URL_INVALID', 'STORE_URL sqlite:// needs a file path, e.g. sqlite://./data/lithium-wire.sqlite');
  return openSqliteStores(file, opts);
}
