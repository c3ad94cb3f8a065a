/**
 * The quote cache in scale-out: two instances, each opening the store on its own Redis connection under one
 * deployment prefix as `start` does, and building its quotes from it. What one fetched the other serves without
 * asking upstream; a 429 seen by one pauses both.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { QuoteProvider } from '../../src/core/commands/types.js';
import { createQuotes } from '../../src/quotes/index.js';
import { openStores, type Stores } from '../../src/store/open.js';
import type { RedisClient } from '../../src/store/redis/client.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from '../redis/redis-env.js';
import { failure, suiteQuotesServer, testClock, type TestClock } from './helpers.js';

const server = suiteQuotesServer();
let admin: RedisClient | undefined;
let prefix = '';
let clock: TestClock;
let opened: Stores[] = [];

beforeAll(async () => {
  admin = await connectTestRedis();
});
afterAll(async () => {
  await admin?.close();
});
beforeEach(() => {
  prefix = runPrefix('quotes');
  clock = testClock('2026-11-19T16:00:00Z');
});
afterEach(async () => {
  for (const s of opened) await s.close();
  opened = [];
  if (admin) await dropPrefix(admin, prefix);
});

/** One instance's quotes, wired as start.ts wires them. */
async function instance(): Promise<QuoteProvider> {
  const stores = await openStores(REDIS_URL, { redisPrefix: prefix });
  opened.push(stores);
  return createQuotes({ apiUrl: server().url }, { logger: createMemoryLogger(), clock, store: stores.quoteCache });
}

describe('quote cache shared through Redis', () => {
  it('a quote fetched by one instance is served by the other with one upstream request', async () => {
    const [a, b] = [await instance(), await instance()];
    const before = server().requests('ALB');
    expect((await a.quote('ALB')).price).toBe(104.5);
    clock.advance(30_000);
    expect((await b.quote('ALB')).price).toBe(104.5);
    expect(server().requests('ALB') - before).toBe(1);
    // Under the deployment's prefix, where `dropPrefix` and the key table in docs/scale-out.md expect it.
    expect(await admin?.exists(`${prefix}quote:yahoo:ALB`)).toBe(1);
  });

  it("a 429 seen by one instance puts the other in backoff: no upstream request until Retry-After", async () => {
    server().setMode('rate-limit-then-ok', 'ALB');
    const [a, b] = [await instance(), await instance()];
    const before = { alb: server().requests('ALB'), pls: server().requests('PLS.AX') };
    const first = await failure(a.quote('ALB'));
    expect([first.code, first.retryAfterMs]).toEqual(['QUOTE_RATE_LIMITED', 30_000]);

    clock.advance(10_000);
    const other = await failure(b.quote('ALB'));
    expect([other.code, other.retryAfterMs]).toEqual(['QUOTE_RATE_LIMITED', 20_000]);
    // The pause is provider-wide, on every instance.
    expect((await failure(b.quote('PLS.AX'))).code).toBe('QUOTE_RATE_LIMITED');
    expect(server().requests('ALB') - before.alb).toBe(1);
    expect(server().requests('PLS.AX') - before.pls).toBe(0);

    clock.advance(20_000);
    expect((await b.quote('ALB')).price).toBe(104.5);
    expect((await a.quote('ALB')).price).toBe(104.5);
    expect(server().requests('ALB') - before.alb).toBe(2);
  });
});
