import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { WireError } from '../../src/core/errors.js';
import { createQuotes } from '../../src/quotes/index.js';
import { testClock, suiteQuotesServer } from './helpers.js';

const server = suiteQuotesServer({ finnhubToken: 'fh-key-abcdef' });

const deps = () => ({ logger: createMemoryLogger(), clock: testClock('2026-11-19T16:00:00Z') });

describe('createQuotes (app wiring)', () => {
  it('defaults to Yahoo at QUOTES_API_URL, behind the cache', async () => {
    const quotes = createQuotes({ apiUrl: server().url }, deps());
    const before = server().requests('ALB');
    await Promise.all([quotes.quote('ALB'), quotes.quote('ALB')]);
    expect((await quotes.quote('ALB')).exchange).toBe('NYSE');
    expect(server().requests('ALB') - before).toBe(1);
  });

  it('picks Finnhub with its key', async () => {
    const quotes = createQuotes({ provider: 'finnhub', apiUrl: server().url, finnhubApiKey: 'fh-key-abcdef' }, deps());
    expect((await quotes.quote('ALB')).closes).toEqual([101.2, 104.5]);
  });

  it('refuses a provider without its key, or an unknown provider, at start', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof WireError ? `${e.code}: ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(err(() => createQuotes({ provider: 'finnhub' }, deps()))).toBe(
      'CONFIG_INVALID: QUOTES_PROVIDER=finnhub needs FINNHUB_API_KEY (https://finnhub.io/dashboard)',
    );
    expect(err(() => createQuotes({ provider: 'bloomberg' }, deps()))).toBe(
      'CONFIG_INVALID: QUOTES_PROVIDER: unknown provider "bloomberg" (one of yahoo, finnhub, alphavantage)',
    );
  });
});
