/**
 * Opens every store port on the engine STORE_URL names: sqlite://path (embedded default, keyv) or
 * redis://host:port (scale-out: the Redis primitives in ./redis, shared by several instances).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Keyv } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { WireError } from '../core/errors.js';

import type { AlertLog, Coordinator, DigestStore, FeedStateStore, Outbox, QuoteCacheStore, SeenStore, StoryStore, SubscriptionStore } from '../core/ports.js';
import { KeyedMutex } from './mutex.js';
import { KeyvAlertLog, KeyvFeedStates, KeyvOutbox, KeyvSeen, KeyvSubscriptions } from './keyv-stores.js';
import { KeyvDigests, KeyvStories } from './keyv-stories.js';
import { createLocalCoordinator } from './local-coordinator.js';
import { openRedisStores } from './redis/open.js';

export interface Stores {
  readonly engine: 'sqlite' | 'redis';
  /** Where the data lives, without credentials (safe to print). */
  readonly location: string;
  subscriptions: SubscriptionStore;
  seen: SeenStore;
  feedStates: FeedStateStore;
  alerts: AlertLog;
  outbox: Outbox;
  /** Open stories and the message each was posted as per channel (story grouping, edits in place). */
  stories: StoryStore;
  /** Deliveries held for digests (hourly, daily, quiet hours). */
  digests: DigestStore;
  /** Who does which piece of shared work: Redis leases, or the in-memory rules of a single process. */
  coordinator: Coordinator;
  /**
   * Where quotes and the quote provider's 429 pause are kept when instances must share them. Absent on SQLite:
   * one process owns the file, and quotes live 60 s, so an in-memory cache loses nothing worth a disk write.
   */
  quoteCache?: QuoteCacheStore;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  /** Prefix of every Redis key (default `lw:`); ignored for SQLite. */
  redisPrefix?: string;
  /** The owner written into this instance's leases (default host:pid:random). */
  instanceId?: string;
  /** Redis connection errors after the first connect (the client reconnects by itself). */
  onRedisError?: (e: unknown) => void;
}

export async function openStores(storeUrl: string, opts: OpenStoresOptions = {}): Promise<Stores> {
  if (/^rediss?:\/\//.test(storeUrl)) {
    return openRedisStores(storeUrl, {
      prefix: opts.redisPrefix ?? 'lw:',
      ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
      ...(opts.onRedisError ? { onError: opts.onRedisError } : {}),
    });
  }
  if (!storeUrl.startsWith('sqlite://')) throw new WireError('STORE_URL_INVALID', 'STORE_URL must start with sqlite:// or redis://');
  const file = storeUrl.slice('sqlite://'.length);
  if (!file) throw new WireError('STORE_URL_INVALID', 'STORE_URL sqlite:// needs a file path, e.g. sqlite://./data/lithium-wire.sqlite');
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  // busyTimeout: the `outbox` CLI may write while `start` runs.
  const store = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
  const location = `sqlite://${file}`;
  const kv = new Keyv({ store, namespace: 'lw', throwOnErrors: true });
  try {
    await kv.get('ping');
    // WAL: a commit is one append instead of a rollback journal's several syncs, and readers (the `outbox` CLI,
    // `status`) never block the writer. synchronous=NORMAL is crash-safe for the process; a power cut can drop the
    // newest commits, and since WAL keeps their order, the seen-items commit (the last of an alert's writes) goes
    // first: a repeat, never a loss.
    if (file !== ':memory:') {
      await store.query('PRAGMA journal_mode=WAL');
      await store.query('PRAGMA synchronous=NORMAL');
    }
  } catch (cause) {
    throw new WireError('STORE_UNAVAILABLE', `cannot open the store at ${location}`, { cause });
  }
  const lock = new KeyedMutex();
  return {
    engine: 'sqlite',
    location,
    subscriptions: new KeyvSubscriptions(kv, lock),
    seen: new KeyvSeen(kv, lock),
    feedStates: new KeyvFeedStates(kv, lock),
    alerts: new KeyvAlertLog(kv, lock),
    outbox: new KeyvOutbox(kv, lock),
    stories: new KeyvStories(kv, lock),
    digests: new KeyvDigests(kv, lock),
    // One process owns an SQLite file: the local coordinator only keeps its own overlapping work apart.
    coordinator: createLocalCoordinator(opts.instanceId ? { instanceId: opts.instanceId } : {}),
    close: async () => {
      await kv.disconnect();
    },
  };
}
