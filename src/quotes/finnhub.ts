/**
 * Finnhub's /api/v1/quote as a QuoteProvider (FINNHUB_API_KEY; the free plan answers for US listings).
 * Its quote carries no currency, exchange or market state: currency comes from the listing's suffix, and the
 * market counts as open while the last trade is recent, which saves a second request per lookup.
 */
import { z } from 'zod';
import type { Quote, QuoteProvider } from '../core/commands/types.js';
import { QuoteError } from './errors.js';
import { parseJson, providerHttp, type ProviderOptions } from './http.js';
import { listingCurrency, providerSymbol } from './symbol-map.js';

export interface FinnhubOptions extends ProviderOptions {
  apiKey: string;
  /** A last trade younger than this means the market is open. */
  openWindowMs?: number;
}

const FinnhubQuoteSchema = z.object({
  c: z.number().finite(),
  d: z.number().finite().nullable(),
  dp: z.number().finite().nullable(),
  pc: z.number().finite(),
  t: z.number().finite(),
});

export function createFinnhubQuotes(opts: FinnhubOptions): QuoteProvider {
  const { clock, get } = providerHttp('Finnhub', opts, 'https://finnhub.io');
  const openWindowMs = opts.openWindowMs ?? 15 * 60_000;

  return {
    async quote(symbol: string): Promise<Quote> {
      const fsym = providerSymbol(symbol, 'finnhub');
      if (!fsym) throw new QuoteError('QUOTE_UNKNOWN_SYMBOL', `Finnhub: ${symbol} is not covered`);
      // The key goes in a header, not the query string, so it never shows in logged URLs.
      const ans = await get(`/api/v1/quote?symbol=${encodeURIComponent(fsym)}`, { 'x-finnhub-token': opts.apiKey });
      if (ans.status === 401 || ans.status === 403) {
        throw new QuoteError('QUOTE_UNAVAILABLE', `Finnhub: HTTP ${ans.status} (key missing or plan does not cover ${fsym})`);
      }
      if (ans.status !== 200) throw new QuoteError('QUOTE_UNAVAILABLE', `Finnhub: HTTP ${ans.status}`);
      const parsed = FinnhubQuoteSchema.safeParse(parseJson('Finnhub', ans.text));
      if (!parsed.success) throw new QuoteError('QUOTE_BAD_RESPONSE', 'Finnhub: unexpected quote shape', { cause: parsed.error });
      const q = parsed.data;
      // Finnhub answers an unknown symbol with 200 and zeros.
      if (q.t === 0 || q.pc === 0) throw new QuoteError('QUOTE_UNKNOWN_SYMBOL', `Finnhub: no data for ${fsym}`);
      const change = q.d ?? q.c - q.pc;
      const tMs = q.t * 1000;
      opts.logger.debug('quote fetched', { provider: 'finnhub', symbol, price: q.c });
      return {
        symbol,
        price: q.c,
        currency: listingCurrency(symbol),
        change,
        changePct: q.dp ?? (change / q.pc) * 100,
        previousClose: q.pc,
        asOf: new Date(tMs).toISOString(),
        marketOpen: clock.now().getTime() - tMs < openWindowMs,
        exchange: undefined,
        closes: [q.pc, q.c],
      };
    },
  };
}
