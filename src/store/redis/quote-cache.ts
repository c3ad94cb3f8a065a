/**
 * The quote cache on Redis through keyv (the design card's key-value layer, the same as on SQLite): a Keyv over
 * @keyv/redis on the store's own connection, under the deployment's key prefix, so every instance sees the same
 * quotes and the same 429 pause without a second connection.
 */
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { QuoteCacheRecord, QuoteCacheStore } from '../../core/ports.js';
import type { RedisClient } from './client.js';

function isRecord(v: unknown): v is QuoteCacheRecord {
  if (typeof v !== 'object' || v === null || !('kind' in v)) return false;
  return v.kind === 'quote' || v.kind === 'backoff';
}

/** Keys are `<prefix>quote:<key>`. */
export function createRedisQuoteCache(client: RedisClient, prefix: string): QuoteCacheStore {
  const store = new KeyvRedis(client as ConstructorParameters<typeof KeyvRedis>[0], { namespace: `${prefix}quote`, keyPrefixSeparator: ':' });
  const kv = new Keyv<QuoteCacheRecord>({ store, namespace: `${prefix}quote`, useKeyPrefix: false, throwOnErrors: true });
  return {
    async get(key) {
      // A value some other version wrote in another shape is a miss, not a crash.
      const v: unknown = await kv.get(key);
      return isRecord(v) ? v : undefined;
    },
    // keyv needs a positive TTL: a sub-millisecond one still has to expire.
    set: (key, value, ttlMs) => kv.set(key, value, Math.max(1, Math.ceil(ttlMs))),
  };
}
