/** The real Redis the tests use, a key prefix per run so parallel suites never collide, and cleanup. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type RedisClient } from '../../src/store/redis/client.js';
import { openRedisStores, type RedisStores } from '../../src/store/redis/open.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other run shares: `lwtest:<tag>:<pid>:<random>:`. */
export function runPrefix(tag: string): string {
  return `lwtest:${tag}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Connects or fails with a message that says what to do, never a bare ECONNREFUSED. */
export async function connectTestRedis(): Promise<RedisClient> {
  try {
    return await connectRedis(REDIS_URL, { connectTimeoutMs: 2000 });
  } catch (cause) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL}: these tests need a real Redis. Start one ` +
        '(`redis-server --port 6379 --save ""`, or .ci/run does it) or point TEST_REDIS_URL at one.',
      { cause },
    );
  }
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(client: RedisClient, prefix: string): Promise<number> {
  let n = 0;
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length) n += await client.unlink(keys);
  }
  return n;
}

/**
 * For a test file: `instances(n)` opens n stores (one connection each, instance ids i0…) on a fresh key prefix
 * under the file's `prefix`; `admin()` is a plain client. Everything is closed and the prefix dropped after the file.
 */
export function sharedRedisStores(tag: string): { prefix: string; admin(): RedisClient; instances(n: number): Promise<RedisStores[]> } {
  const prefix = runPrefix(tag);
  let admin: RedisClient | undefined;
  const opened: RedisStores[] = [];
  let ns = 0;
  beforeAll(async () => {
    admin = await connectTestRedis();
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    if (admin) {
      await dropPrefix(admin, prefix);
      await admin.close();
    }
  });
  return {
    prefix,
    admin: () => {
      if (!admin) throw new Error('sharedRedisStores: admin() before beforeAll');
      return admin;
    },
    async instances(n) {
      const p = `${prefix}${++ns}:`;
      const s = await Promise.all(Array.from({ length: n }, (_, i) => openRedisStores(REDIS_URL, { prefix: p, instanceId: `i${i}` })));
      opened.push(...s);
      return s;
    },
  };
}

/**
 * For a store contract file run on both engines: `dir`, a temp dir for its SQLite files, and `prefix`, a Redis key
 * prefix of its own (more may be pushed on `prefixes`); after the file the dir is removed and every prefix dropped.
 * `redisOptional`: when Redis is down, skip dropping instead of failing the file's teardown.
 */
export function storeScratch(dirPrefix: string, tag: string, o: { redisOptional?: boolean } = {}): { dir: string; prefix: string; prefixes: string[] } {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const prefix = runPrefix(tag);
  const prefixes = [prefix];
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const admin = o.redisOptional ? await connectTestRedis().catch(() => undefined) : await connectTestRedis();
    if (admin) {
      for (const p of prefixes) await dropPrefix(admin, p);
      await admin.close();
    }
  });
  return { dir, prefix, prefixes };
}
