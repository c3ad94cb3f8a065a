import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createFinnhubQuotes } from '../../src/quotes/finnhub.js';
import { testClock, suiteQuotesServer, failure } from './helpers.js';

const TOKEN = 'fh-test-key-123456';
const server = suiteQuotesServer({ finnhubToken: TOKEN });

const clock = testClock('2026-11-19T16:00:00Z');
const finnhub = (apiKey = TOKEN) => createFinnhubQuotes({ apiKey, baseUrl: server().url, logger: createMemoryLogger(), clock });


describe('Finnhub quote provider', () => {
  it('reads /api/v1/quote (recorded shape) with the key in a header, never in the URL', async () => {
    expect(await finnhub().quote('ALB')).toEqual({
      symbol: 'ALB',
      price: 104.5,
      currency: 'USD',
      change: 3.3,
      changePct: 3.2609,
      previousClose: 101.2,
      asOf: '2026-11-19T15:59:30.000Z',
      marketOpen: true,
      exchange: undefined,
      closes: [101.2, 104.5],
    });
    expect(server().paths.at(-1)).toBe('/api/v1/quote?symbol=ALB');
    expect(server().headers.at(-1)?.['x-finnhub-token']).toBe(TOKEN);
  });

  it('counts the market closed once the last trade is older than the open window', async () => {
    clock.set('2026-11-19T16:20:00Z');
    expect((await finnhub().quote('ALB')).marketOpen).toBe(false);
    clock.set('2026-11-19T16:00:00Z');
  });

  it('maps the all-zero answer for an unknown symbol to QUOTE_UNKNOWN_SYMBOL', async () => {
    const e = await failure(finnhub().quote('SGML'));
    expect([e.code, e.message]).toEqual(['QUOTE_UNKNOWN_SYMBOL', 'Finnhub: no data for SGML']);
  });

  it('maps 429, a bad key and malformed JSON to their codes', async () => {
    server().setMode('rate-limit-then-ok');
    const limited = await failure(finnhub().quote('ALB'));
    expect([limited.code, limited.retryAfterMs]).toEqual(['QUOTE_RATE_LIMITED', 30_000]);
    const denied = await failure(finnhub('wrong-key').quote('ALB'));
    expect([denied.code, denied.message]).toEqual(['QUOTE_UNAVAILABLE', 'Finnhub: HTTP 401 (key missing or plan does not cover ALB)']);
    server().setMode('malformed');
    expect((await failure(finnhub().quote('ALB'))).code).toBe('QUOTE_BAD_RESPONSE');
  });
});
