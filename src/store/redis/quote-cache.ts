/**
 * The quote cache's get/set-with-ttl port on the shared Redis connection, so every instance of a deployment sees
 * the same quotes and the same 429 pause. Plain GET / SET PX: the cache needs no atomicity beyond one key, and a
 * Keyv on top would open a second connection per instance for nothing.
 */
import type { QuoteCacheRecord, QuoteCacheStore } from '../../core/ports.js';
import { parseJson, type RedisClient } from './client.js';

function isRecord(v: unknown): v is QuoteCacheRecord {
  if (typeof v !== 'object' || v === null || !('kind' in v)) return false;
  return v.kind === 'quote' || v.kind === 'backoff';
}

/** Keys are `<prefix>quote:<key>`. */
export function createRedisQuoteCache(client: RedisClient, prefix: string): QuoteCacheStore {
  const full = (key: string) => `${prefix}quote:${key}`;
  return {
    async get(key) {
      // A value some other version wrote in another shape is a miss, not a crash.
      const v = parseJson<unknown>(await client.get(full(key)));
      return isRecord(v) ? v : undefined;
    },
    async set(key, value, ttlMs) {
      // PX takes a positive integer; a sub-millisecond TTL still has to expire.
      return client.set(full(key), JSON.stringify(value), { expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } });
    },
  };
}
