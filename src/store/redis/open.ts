/**
 * Opens every store port on Redis primitives (not keyv): what several instances sharing one Redis need.
 * Returns the same Stores shape as ../open.ts (with the shared quote cache), plus the coordinator and the raw client
 * (for metrics and for other Redis users in the process, which should share this one connection).
 */
import type { QuoteCacheStore } from '../../core/ports.js';
import type { Stores } from '../open.js';
import { sequentialCommitter } from '../sequential-commit.js';
import { connectRedis, safeRedisLocation, type ConnectOptions, type RedisClient } from './client.js';
import { createRedisCoordinator, type RedisCoordinator } from './coordination.js';
import { RedisDashboardQueries } from './dashboard-queries.js';
import { RedisOutbox } from './outbox.js';
import { RedisFeedRegistry } from './feed-registry.js';
import { createRedisQuoteCache } from './quote-cache.js';
import { RedisDigests, RedisStories } from './redis-stories.js';
import { RedisAlertLog, RedisFeedStates, RedisSeen, RedisSubscriptions } from './state-stores.js';

export interface RedisStoreOptions extends ConnectOptions {
  /**
   * Prefix of every key (default `lw:`). Instances of one deployment share it; two deployments on one Redis use
   * two. For Redis Cluster, put it in braces (`{lw}:`) so that every key hashes to one slot, as the Lua
   * scripts touching several keys need.
   */
  prefix?: string;
  instanceId?: string;
}

export interface RedisStores extends Stores {
  readonly engine: 'redis';
  outbox: RedisOutbox;
  coordinator: RedisCoordinator;
  quoteCache: QuoteCacheStore;
  client: RedisClient;
}

export async function openRedisStores(url: string, opts: RedisStoreOptions = {}): Promise<RedisStores> {
  const prefix = opts.prefix ?? 'lw:';
  const client = await connectRedis(url, opts);
  const seen = new RedisSeen(client, prefix);
  const feedStates = new RedisFeedStates(client, prefix);
  const outbox = new RedisOutbox(client, prefix);
  const subscriptions = new RedisSubscriptions(client, prefix);
  const coordinator = createRedisCoordinator({ client, prefix, ...(opts.instanceId ? { instanceId: opts.instanceId } : {}) });
  return {
    engine: 'redis',
    location: safeRedisLocation(url),
    subscriptions,
    seen,
    feedStates,
    alerts: new RedisAlertLog(client, prefix),
    outbox,
    committer: sequentialCommitter({ outbox, seen, feedStates, coordinator }),
    stories: new RedisStories(client, prefix),
    digests: new RedisDigests(client, prefix),
    coordinator,
    feedRegistry: new RedisFeedRegistry(client, prefix),
    quoteCache: createRedisQuoteCache(client, prefix),
    dashboard: new RedisDashboardQueries(client, prefix, subscriptions),
    client,
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}
