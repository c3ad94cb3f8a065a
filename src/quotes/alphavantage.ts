/**
 * Alpha Vantage's GLOBAL_QUOTE as a QuoteProvider (ALPHAVANTAGE_API_KEY): global coverage including Shanghai
 * (.SHH) and Shenzhen (.SHZ), not ASX or Hong Kong. Alpha Vantage answers most failures with HTTP 200 and a
 * message field, so those are read here. Whether the market is open comes from its MARKET_STATUS call, cached
 * for a few minutes because the free plan allows 25 requests a day.
 */
import { z } from 'zod';
import type { Quote, QuoteProvider } from '../core/commands/types.js';
import { describeError } from '../core/errors.js';
import { QuoteError } from './errors.js';
import { parseJson, providerHttp, type ProviderOptions } from './http.js';
import { exchangeSuffix, listingCurrency, providerSymbol } from './symbol-map.js';

export interface AlphaVantageOptions extends ProviderOptions {
  apiKey: string;
  marketStatusTtlMs?: number;
}

const numeric = z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number);

const GlobalQuoteSchema = z.object({
  '05. price': numeric,
  '07. latest trading day': z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  '08. previous close': numeric,
  '09. change': numeric,
  '10. change percent': z.string().regex(/^-?\d+(\.\d+)?%$/).transform((s) => Number(s.slice(0, -1))),
});

const AnswerSchema = z.object({
  'Global Quote': z.record(z.string(), z.string()).optional(),
  Note: z.string().optional(),
  Information: z.string().optional(),
  'Error Message': z.string().optional(),
});

const MarketStatusSchema = z.object({
  markets: z.array(z.object({ market_type: z.string(), region: z.string(), current_status: z.string() })),
});

/** MARKET_STATUS region of each of our exchange suffixes. */
const REGION: Record<string, string> = {
  '': 'United States', TO: 'Canada', V: 'Canada', SS: 'Mainland China', SZ: 'Mainland China', HK: 'Hong Kong', L: 'United Kingdom',
};

export function createAlphaVantageQuotes(opts: AlphaVantageOptions): QuoteProvider {
  const { clock, get } = providerHttp('Alpha Vantage', opts, 'https://www.alphavantage.co');
  const statusTtlMs = opts.marketStatusTtlMs ?? 10 * 60_000;
  let status: { at: number; open: Map<string, boolean> } | undefined;

  // The key must travel in the query string here: error messages never include the URL.
  async function call(params: string): Promise<unknown> {
    const ans = await get(`/query?${params}&apikey=${encodeURIComponent(opts.apiKey)}`);
    if (ans.status !== 200) throw new QuoteError('QUOTE_UNAVAILABLE', `Alpha Vantage: HTTP ${ans.status}`);
    return parseJson('Alpha Vantage', ans.text);
  }

  async function marketOpen(symbol: string): Promise<boolean> {
    const region = REGION[exchangeSuffix(symbol)];
    if (!region) return false;
    const now = clock.now().getTime();
    if (!status || now - status.at >= statusTtlMs) {
      const parsed = MarketStatusSchema.safeParse(await call('function=MARKET_STATUS'));
      if (!parsed.success) throw new QuoteError('QUOTE_BAD_RESPONSE', 'Alpha Vantage: unexpected market status shape');
      const open = new Map<string, boolean>();
      for (const m of parsed.data.markets) if (m.market_type === 'Equity') open.set(m.region, m.current_status === 'open');
      status = { at: now, open };
    }
    return status.open.get(region) ?? false;
  }

  return {
    async quote(symbol: string): Promise<Quote> {
      const avSymbol = providerSymbol(symbol, 'alphavantage');
      if (!avSymbol) throw new QuoteError('QUOTE_UNKNOWN_SYMBOL', `Alpha Vantage: ${symbol} is not covered`);
      const [body, open] = await Promise.all([
        call(`function=GLOBAL_QUOTE&symbol=${encodeURIComponent(avSymbol)}`),
        // A missing market status must not cost the quote: the market then reads as closed.
        marketOpen(symbol).catch((e: unknown) => {
          opts.logger.warn('alpha vantage market status failed', { error: describeError(e) });
          return false;
        }),
      ]);
      const answer = AnswerSchema.safeParse(body);
      if (!answer.success) throw new QuoteError('QUOTE_BAD_RESPONSE', 'Alpha Vantage: unexpected answer shape');
      const a = answer.data;
      const note = a.Note ?? a.Information;
      if (note !== undefined) {
        if (/rate limit|call frequency|requests per (day|minute)/i.test(note)) {
          throw new QuoteError('QUOTE_RATE_LIMITED', 'Alpha Vantage: rate limited');
        }
        // Some of its messages quote the key back: it never reaches a log line.
        throw new QuoteError('QUOTE_UNAVAILABLE', `Alpha Vantage: ${note.split(opts.apiKey).join('[redacted]').slice(0, 160)}`);
      }
      if (a['Error Message'] !== undefined) throw new QuoteError('QUOTE_UNAVAILABLE', 'Alpha Vantage: request refused (check ALPHAVANTAGE_API_KEY)');
      const gq = a['Global Quote'];
      // An unknown symbol gets an empty "Global Quote".
      if (!gq || Object.keys(gq).length === 0) throw new QuoteError('QUOTE_UNKNOWN_SYMBOL', `Alpha Vantage: no data for ${avSymbol}`);
      const q = GlobalQuoteSchema.safeParse(gq);
      if (!q.success) throw new QuoteError('QUOTE_BAD_RESPONSE', 'Alpha Vantage: unexpected quote shape', { cause: q.error });
      const v = q.data;
      opts.logger.debug('quote fetched', { provider: 'alphavantage', symbol, price: v['05. price'] });
      return {
        symbol,
        price: v['05. price'],
        currency: listingCurrency(symbol),
        change: v['09. change'],
        changePct: v['10. change percent'],
        previousClose: v['08. previous close'],
        // Alpha Vantage gives the trading day only: the date alone, shown without a made-up time.
        asOf: v['07. latest trading day'],
        marketOpen: open,
        exchange: undefined,
        closes: [v['08. previous close'], v['05. price']],
      };
    },
  };
}
