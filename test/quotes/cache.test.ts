import { Keyv } from 'keyv';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { Quote, QuoteProvider } from '../../src/core/commands/types.js';
import { createCachedQuotes, createMemoryQuoteStore, type QuoteCacheRecord, type QuoteCacheStore } from '../../src/quotes/cache.js';
import { QuoteError } from '../../src/quotes/errors.js';
import { createYahooQuotes } from '../../src/quotes/yahoo.js';
import { testClock, type TestClock, suiteQuotesServer } from './helpers.js';

let clock: TestClock;
const server = suiteQuotesServer({ slowMs: 1000 });
beforeEach(() => {
  clock = testClock('2026-11-19T16:00:00Z');
});

function yahoo(timeoutMs = 1500): QuoteProvider {
  return createYahooQuotes({ baseUrl: server().url, timeoutMs, logger: createMemoryLogger(), clock });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof QuoteError ? `${e.code}${e.retryAfterMs === undefined ? '' : ` ${e.retryAfterMs}`}` : String(e);
  }
}

describe('quote cache', () => {
  it('serves a quote for ttlMs (60 s) without asking upstream again', async () => {
    const quotes = createCachedQuotes(yahoo(), { clock });
    const before = server().requests('ALB');
    await quotes.quote('ALB');
    clock.advance(59_999);
    expect((await quotes.quote('ALB')).price).toBe(104.5);
    expect(server().requests('ALB') - before).toBe(1);
    clock.advance(1);
    await quotes.quote('ALB');
    expect(server().requests('ALB') - before).toBe(2);
  });

  it('twenty concurrent lookups of ALB make one upstream request', async () => {
    const quotes = createCachedQuotes(yahoo(), { clock });
    const before = server().requests('ALB');
    const all = await Promise.all(Array.from({ length: 20 }, () => quotes.quote('ALB')));
    expect(all.map((q) => q.price)).toEqual(Array(20).fill(104.5));
    expect(server().requests('ALB') - before).toBe(1);
  });

  it('after a 429 makes no upstream call until Retry-After has passed', async () => {
    server().setMode('rate-limit-then-ok');
    const quotes = createCachedQuotes(yahoo(), { clock });
    const before = server().requests('ALB');
    expect(await code(quotes.quote('ALB'))).toBe('QUOTE_RATE_LIMITED 30000');
    clock.advance(10_000);
    expect(await code(quotes.quote('ALB'))).toBe('QUOTE_RATE_LIMITED 20000');
    // The pause is provider-wide: a 429 is about us, not about one symbol.
    expect(await code(quotes.quote('PLS.AX'))).toBe('QUOTE_RATE_LIMITED 20000');
    expect(server().requests('ALB') - before).toBe(1);
    clock.advance(20_000);
    expect(await code(quotes.quote('ALB'))).toBe('ok');
    expect(server().requests('ALB') - before).toBe(2);
  });

  it('serves the cached quote, even stale, while rate limited', async () => {
    const quotes = createCachedQuotes(yahoo(), { clock });
    const first = await quotes.quote('ALB');
    clock.advance(120_000);
    server().setMode('rate-limit-then-ok');
    const before = server().requests('ALB');
    expect(await quotes.quote('ALB')).toEqual(first);
    clock.advance(5_000);
    expect(await quotes.quote('ALB')).toEqual(first);
    expect(server().requests('ALB') - before).toBe(1);
  });

  it('without Retry-After pauses backoffMs, doubling on each 429 in a row', async () => {
    let calls = 0;
    const limited: QuoteProvider = {
      quote: async () => {
        calls += 1;
        throw new QuoteError('QUOTE_RATE_LIMITED', 'HTTP 429');
      },
    };
    const quotes = createCachedQuotes(limited, { clock, backoffMs: 1000 });
    expect(await code(quotes.quote('ALB'))).toBe('QUOTE_RATE_LIMITED 1000');
    clock.advance(1000);
    expect(await code(quotes.quote('ALB'))).toBe('QUOTE_RATE_LIMITED 2000');
    clock.advance(1999);
    expect(await code(quotes.quote('ALB'))).toBe('QUOTE_RATE_LIMITED 1');
    expect(calls).toBe(2);
  });

  it('does not cache failures: after a timeout the next lookup goes upstream', async () => {
    server().setMode('slow');
    const quotes = createCachedQuotes(yahoo(100), { clock });
    const before = server().requests('ALB');
    expect(await code(quotes.quote('ALB'))).toBe('QUOTE_TIMEOUT');
    server().setMode('normal');
    expect(await code(quotes.quote('ALB'))).toBe('ok');
    expect(server().requests('ALB') - before).toBe(2);
  });

  it('shares quotes and the backoff between instances through one store (scale-out)', async () => {
    const store = createMemoryQuoteStore(clock);
    const a = createCachedQuotes(yahoo(), { clock, store });
    const b = createCachedQuotes(yahoo(), { clock, store });
    const before = server().requests('ALB');
    await a.quote('ALB');
    await b.quote('ALB');
    expect(server().requests('ALB') - before).toBe(1);
    server().setMode('rate-limit-then-ok');
    expect(await code(a.quote('PLS.AX'))).toBe('QUOTE_RATE_LIMITED 30000');
    expect(await code(b.quote('PLS.AX'))).toBe('QUOTE_RATE_LIMITED 30000');
    expect(server().requests('PLS.AX')).toBe(1);
  });

  it('keeps answering when the store fails, and logs it', async () => {
    const broken: QuoteCacheStore = {
      get: async () => {
        throw new Error('redis down');
      },
      set: async () => {
        throw new Error('redis down');
      },
    };
    const logger = createMemoryLogger();
    const quotes = createCachedQuotes(yahoo(), { clock, store: broken, logger });
    const q: Quote = await quotes.quote('ALB');
    expect(q.price).toBe(104.5);
    expect(logger.lines.filter((l) => l.includes('quote cache')).length).toBe(3);
  });
});

describe('quote cache on Keyv', () => {
  it('takes a Keyv as its store as is (the scale-out path: Keyv on Redis)', async () => {
    const kv = new Keyv<QuoteCacheRecord>({ namespace: 'quotes-test' });
    const a = createCachedQuotes(yahoo(), { clock, store: kv });
    const b = createCachedQuotes(yahoo(), { clock, store: kv });
    const before = server().requests('ALB');
    const q = await a.quote('ALB');
    expect(await b.quote('ALB')).toEqual(q);
    expect(server().requests('ALB') - before).toBe(1);
    expect((await kv.get('quotes:ALB'))?.kind).toBe('quote');
  });
});
