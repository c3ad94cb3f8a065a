/**
 * The Redis connection the Redis stores and the coordinator share, with their Lua scripts registered on it
 * (scripts.ts), and the small helpers they all use.
 */
import { createClient } from '@keyv/redis';
import { WireError } from '../../core/errors.js';
import { SCRIPTS } from './scripts.js';

function newClient(url: string, connectTimeout: number, reconnect: (retries: number) => number | false) {
  return createClient({ url, disableOfflineQueue: true, scripts: SCRIPTS, socket: { connectTimeout, reconnectStrategy: reconnect } });
}

export type RedisClient = ReturnType<typeof newClient>;

export interface ConnectOptions {
  /** Gives up on the first connection after this long (later drops reconnect with backoff). Default 5 s. */
  connectTimeoutMs?: number;
  /** Called for connection errors after the first connect; the client reconnects by itself. */
  onError?: (e: unknown) => void;
}

/** `redis://user:pass@host:6379/0` → `redis://host:6379/0`, safe to print. */
export function safeRedisLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis://(invalid url)';
  }
}

/**
 * Connects, failing fast with STORE_UNAVAILABLE when Redis is not there at start. Once connected, a dropped
 * connection is retried with capped backoff, and commands fail at once while it is down (no offline queue),
 * so a poll or a send errors and is retried later instead of hanging.
 */
export async function connectRedis(url: string, opts: ConnectOptions = {}): Promise<RedisClient> {
  if (!/^rediss?:\/\//.test(url)) throw new WireError('STORE_URL_INVALID', 'a Redis URL must start with redis:// or rediss://');
  try {
    new URL(url);
  } catch (cause) {
    throw new WireError('STORE_URL_INVALID', 'STORE_URL is not a valid redis:// URL', { cause });
  }
  let ready = false;
  const client = newClient(url, opts.connectTimeoutMs ?? 5000, (retries) => (ready ? Math.min(3000, 50 * 2 ** retries) : false));
  // Without a listener an 'error' event would crash the process.
  client.on('error', (e: unknown) => {
    if (ready) opts.onError?.(e);
  });
  try {
    await client.connect();
  } catch (cause) {
    if (client.isOpen) client.destroy();
    throw new WireError('STORE_UNAVAILABLE', `cannot connect to Redis at ${safeRedisLocation(url)}`, { cause });
  }
  ready = true;
  return client;
}

export const chanKey = (c: { platform: string; id: string }): string => `${c.platform}:${c.id}`;

/** Parses stored JSON; a value that is not JSON is treated as missing, not as a crash. */
export function parseJson<T>(raw: string | null | undefined): T | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** Splits a list into chunks so that one command never carries an unbounded number of arguments. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
