import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { handleTicker } from '../../src/core/commands/ticker.js';
import { createAlphaVantageQuotes } from '../../src/quotes/alphavantage.js';
import { createCachedQuotes } from '../../src/quotes/cache.js';
import { commandDeps, ctx, testClock, suiteQuotesServer, failure } from './helpers.js';

const KEY = 'AVKEY0123456789';
const server = suiteQuotesServer({ alphavantageKey: KEY });

const clock = testClock('2026-11-19T16:00:00Z');
const av = (apiKey = KEY) => createAlphaVantageQuotes({ apiKey, baseUrl: server().url, logger: createMemoryLogger(), clock });


describe('Alpha Vantage quote provider', () => {
  it('reads GLOBAL_QUOTE for 300750.SZ as 300750.SHZ, with the market state from MARKET_STATUS', async () => {
    expect(await av().quote('300750.SZ')).toEqual({
      symbol: '300750.SZ',
      price: 261.5,
      currency: 'CNY',
      change: 4.62,
      changePct: 1.7985,
      previousClose: 256.88,
      asOf: '2026-11-19',
      marketOpen: false,
      exchange: undefined,
      closes: [256.88, 261.5],
    });
    expect(server().paths.some((p) => p.startsWith('/query?function=GLOBAL_QUOTE&symbol=300750.SHZ&apikey='))).toBe(true);
  });

  it('caches the market status: two quotes, one MARKET_STATUS request', async () => {
    const provider = av();
    const before = server().requests('MARKET_STATUS');
    await provider.quote('300750.SZ');
    await provider.quote('300750.SZ');
    expect(server().requests('MARKET_STATUS') - before).toBe(1);
  });

  it('reads its 200-with-a-message failures: unknown symbol, rate limit, bad key; refuses ASX without asking', async () => {
    server().setMode('unknown');
    expect((await failure(av().quote('601899.SS'))).message).toBe('Alpha Vantage: no data for 601899.SHH');
    server().setMode('rate-limit-then-ok');
    expect((await failure(av().quote('300750.SZ'))).code).toBe('QUOTE_RATE_LIMITED');
    const bad = await failure(av('wrong').quote('300750.SZ'));
    expect([bad.code, bad.message]).toEqual(['QUOTE_UNAVAILABLE', 'Alpha Vantage: request refused (check ALPHAVANTAGE_API_KEY)']);
    expect(bad.message).not.toContain('wrong');
    const before = server().paths.length;
    expect((await failure(av().quote('PLS.AX'))).message).toBe('Alpha Vantage: PLS.AX is not covered');
    expect(server().paths.length).toBe(before);
  });

  it('renders in /ticker with the trading day alone as the price time', async () => {
    const { deps } = commandDeps(clock, createCachedQuotes(av(), { clock }));
    expect(await handleTicker({ verb: 'ticker', symbol: 'CATL' }, ctx, deps)).toEqual({
      status: 'ok',
      ephemeral: false,
      title: '300750.SZ · Contemporary Amperex Technology · SZSE',
      lines: ['No moves for 300750.SZ seen in the news yet.'],
      fields: [
        { label: 'Last price', value: 'CNY 261.50' },
        { label: 'Change', value: '+4.62 (+1.80%)' },
        { label: 'Previous close', value: 'CNY 256.88' },
        { label: 'Market', value: 'SZSE, closed' },
        { label: 'Price time', value: '2026-11-19' },
        { label: '2-day trend', value: '▁█ 256.88 → 261.50' },
        { label: 'Other listings', value: '3750.HK' },
      ],
      links: [],
    });
  });
});
