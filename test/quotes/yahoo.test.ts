import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createYahooQuotes, quoteFromChart } from '../../src/quotes/yahoo.js';
import { startQuotesServer } from '../fakes/quotes-server.js';
import { testClock, suiteQuotesServer, failure } from './helpers.js';

const server = suiteQuotesServer({ slowMs: 2000 });

const clock = testClock('2026-11-19T16:00:00Z');
const yahoo = (timeoutMs = 1500) => createYahooQuotes({ baseUrl: server().url, timeoutMs, logger: createMemoryLogger(), clock });

describe('Yahoo chart provider', () => {
  it('reads an open-market quote; previous close is the last session close, not chartPreviousClose', async () => {
    clock.set('2026-11-19T16:00:00Z');
    const q = await yahoo().quote('ALB');
    expect(q).toEqual({
      symbol: 'ALB',
      price: 104.5,
      currency: 'USD',
      // Wednesday's close (101.2 as float32); chartPreviousClose (95.3) would give +9.65%.
      previousClose: 101.19999694824219,
      change: 3.300003,
      changePct: 3.260873,
      asOf: '2026-11-19T15:59:30.000Z',
      marketOpen: true,
      exchange: 'NYSE',
      closes: [97.8499984741211, 99.41999816894531, 98.76000213623047, 101.19999694824219, 104.5],
    });
    expect(server().paths.at(-1)).toBe('/v8/finance/chart/ALB?range=5d&interval=1d');
    expect(server().headers.at(-1)?.['user-agent']).toMatch(/^Mozilla\/5\.0/);
  });

  it('reads a closed market: last bar is the price session, so the close before it is the previous close', async () => {
    server().setMode('closed');
    clock.set('2026-11-21T15:00:00Z');
    const q = await yahoo().quote('ALB');
    expect(q.marketOpen).toBe(false);
    expect(q.price).toBe(102.35);
    expect(q.previousClose).toBe(104.87000274658203);
    expect(q.change).toBe(-2.520003);
    expect(q.changePct).toBe(-2.402978);
    expect(q.asOf).toBe('2026-11-20T21:00:02.000Z');
  });

  it('skips a null close (trading halt) and compares sessions in the exchange time zone (ASX)', async () => {
    clock.set('2026-11-20T02:00:00Z');
    const q = await yahoo().quote('PLS.AX');
    expect(q.previousClose).toBe(2.4700000286102295);
    expect(q.change).toBe(0.15);
    expect(q.changePct).toBe(6.072873);
    expect(q.currency).toBe('AUD');
    expect(q.marketOpen).toBe(true);
    // The close before the range fills the slot the halted day left.
    expect(q.closes).toEqual([2.359999895095825, 2.4100000858306885, 2.380000114440918, 2.4700000286102295, 2.62]);
  });

  it('uses the previous bar as previous close when today has no bar yet', async () => {
    // Thursday's regularMarketTime against a chart whose last bar is Wednesday (pre-open snapshot).
    const q = quoteFromChart(
      'ALB',
      {
        meta: { currency: 'USD', symbol: 'ALB', regularMarketPrice: 102, regularMarketTime: 1795098700, gmtoffset: -18000, chartPreviousClose: 95 },
        timestamp: [1794925800, 1795012200],
        indicators: { quote: [{ close: [98, 100] }] },
      },
      Date.parse('2026-11-19T16:00:00Z'),
    );
    expect(q.previousClose).toBe(100);
    expect(q.change).toBe(2);
    expect(q.closes).toEqual([95, 98, 100, 102]);
    expect(q.marketOpen).toBe(false);
  });

  it('maps an unknown symbol (404 + Yahoo error body) to QUOTE_UNKNOWN_SYMBOL', async () => {
    server().setMode('unknown');
    const e = await failure(yahoo().quote('ALB'));
    expect(e.code).toBe('QUOTE_UNKNOWN_SYMBOL');
    expect(e.message).toBe('Yahoo: no data for ALB: No data found, symbol may be delisted');
  });

  it('maps 429 to QUOTE_RATE_LIMITED with the Retry-After', async () => {
    server().setMode('rate-limit-then-ok');
    const e = await failure(yahoo().quote('ALB'));
    expect(e.code).toBe('QUOTE_RATE_LIMITED');
    expect(e.retryAfterMs).toBe(30_000);
    expect((await yahoo().quote('ALB')).price).toBe(104.5);
  });

  it('maps malformed JSON and missing fields to QUOTE_BAD_RESPONSE', async () => {
    server().setMode('malformed');
    expect((await failure(yahoo().quote('ALB'))).message).toBe('Yahoo: response is not valid JSON');
    server().setMode('missing-fields');
    const e = await failure(yahoo().quote('ALB'));
    expect(e.code).toBe('QUOTE_BAD_RESPONSE');
    expect(e.message).toBe('Yahoo: unexpected chart shape (chart.result.0.meta.regularMarketPrice: Invalid input: expected number, received undefined)');
  });

  it('maps 5xx and a refused connection to QUOTE_UNAVAILABLE', async () => {
    server().setMode('server-error');
    expect((await failure(yahoo().quote('ALB'))).message).toBe('Yahoo: HTTP 503');
    const closed = await startQuotesServer();
    const url = closed.url;
    await closed.close();
    const e = await failure(createYahooQuotes({ baseUrl: url, logger: createMemoryLogger(), clock }).quote('ALB'));
    expect(e.code).toBe('QUOTE_UNAVAILABLE');
    expect(e.message).toBe('Yahoo: request failed');
  });

  it('gives up after timeoutMs with QUOTE_TIMEOUT', async () => {
    server().setMode('slow');
    const e = await failure(yahoo(150).quote('ALB'));
    expect(e.code).toBe('QUOTE_TIMEOUT');
    expect(e.message).toBe('Yahoo: no answer within 150 ms');
  });

  it('asks Yahoo for its own spelling of the symbol (zero-padded Hong Kong codes)', async () => {
    server().setMode('unknown');
    await failure(yahoo().quote('700.HK'));
    expect(server().paths.at(-1)).toBe('/v8/finance/chart/0700.HK?range=5d&interval=1d');
    await failure(yahoo().quote('300750.SZ'));
    expect(server().paths.at(-1)).toBe('/v8/finance/chart/300750.SZ?range=5d&interval=1d');
  });
});
