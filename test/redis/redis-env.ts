/** The real Redis the tests use, a key prefix per run so parallel suites never collide, and cleanup. */
import { randomBytes } from 'node:crypto';
import { connectRedis, type RedisClient } from '../../src/store/redis/client.js';

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
