/** The store contract on both engines: SQLite (keyv, real files) and the Redis primitives (real Redis). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStores } from '../../src/store/open.js';
import { openRedisStores } from '../../src/store/redis/open.js';
import type { RedisClient } from '../../src/store/redis/client.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from './redis-env.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
storeContract({
  name: 'sqlite',
  fresh: () => `sqlite://${join(dir, `s${++n}.sqlite`)}`,
  open: (loc) => openStores(loc),
});

const prefix = runPrefix('contract');
let admin: RedisClient | undefined;

// Its own describe, so that a missing Redis fails these tests (with connectTestRedis's message), not SQLite's.
describe('Redis engine', () => {
  beforeAll(async () => {
    admin = await connectTestRedis();
  });
  afterAll(async () => {
    if (!admin) return;
    await dropPrefix(admin, prefix);
    await admin.close();
  });

  let m = 0;
  storeContract({
    name: 'redis',
    fresh: () => `${prefix}${++m}:`,
    open: async (loc) => {
      if (!admin) throw new Error(`Redis is not reachable at ${REDIS_URL}`);
      return openRedisStores(REDIS_URL, { prefix: loc });
    },
  });
});
