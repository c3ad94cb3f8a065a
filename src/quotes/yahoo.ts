/**
 * Yahoo Finance's chart endpoint as a QuoteProvider: no key, and it covers every exchange in our universe
 * (.AX .SZ .SS .HK .TO .V). One request per quote: `GET {base}/v8/finance/chart/{symbol}?range=5d&interval=1d`;
 * the /ticker chart's history is the same endpoint at `range=1mo&interval=30m` (one request for both panels).
 */
import { z } from 'zod';
import type { Quote, QuoteProvider } from '../core/commands/types.js';
import type { PriceHistory } from '../core/ticker-chart.js';
import { QuoteError } from './errors.js';
import { parseJson, providerHttp, type ProviderOptions } from './http.js';
import { providerSymbol } from './symbol-map.js';

export interface YahooOptions extends ProviderOptions {
  /** Yahoo answers 429 to some default client agents; a browser-like one is accepted. */
  userAgent?: string;
}

const finite = z.number().finite();

const PeriodSchema = z.object({ start: finite, end: finite });

const ResultSchema = z.object({
  meta: z.object({
    currency: z.string().min(1),
    symbol: z.string(),
    exchangeName: z.string().optional(),
    fullExchangeName: z.string().optional(),
    regularMarketPrice: finite,
    regularMarketTime: finite,
    chartPreviousClose: finite.optional(),
    gmtoffset: finite.optional(),
    currentTradingPeriod: z.object({ regular: PeriodSchema }).optional(),
  }),
  timestamp: z.array(finite).optional(),
  indicators: z.object({
    quote: z.array(z.object({ close: z.array(finite.nullable()).optional() })).min(1),
  }),
});

const ChartSchema = z.object({
  chart: z.object({
    result: z.array(ResultSchema).nullable(),
    error: z.object({ code: z.string(), description: z.string().optional() }).nullable().optional(),
  }),
});

type ChartResult = z.infer<typeof ResultSchema>;

const DAY_S = 86_400;

/** Exchange-local calendar day of a unix time, so a session is compared with the price's own session. */
function localDay(unixS: number, gmtoffset: number): number {
  return Math.floor((unixS + gmtoffset) / DAY_S);
}

/**
 * Change is measured against the previous SESSION's close, read from the daily bars: `chartPreviousClose` is the
 * close before the chart's 5-day range, which would make every change a 5-day change.
 */
export function quoteFromChart(canonical: string, r: ChartResult, nowMs: number): Quote {
  const m = r.meta;
  const stamps = r.timestamp ?? [];
  const raw = r.indicators.quote[0]?.close ?? [];
  const bars: { t: number; close: number }[] = [];
  for (const [i, close] of raw.entries()) {
    const t = stamps[i];
    if (close !== null && t !== undefined) bars.push({ t, close });
  }
  const offset = m.gmtoffset ?? 0;
  const last = bars.at(-1);
  const lastIsPriceSession = last !== undefined && localDay(last.t, offset) === localDay(m.regularMarketTime, offset);
  // Closes before the price's own session, oldest first; the close before the range comes first when known.
  const earlier = (lastIsPriceSession ? bars.slice(0, -1) : bars).map((b) => b.close);
  const series = m.chartPreviousClose === undefined ? earlier : [m.chartPreviousClose, ...earlier];
  const previousClose = series.at(-1);
  if (previousClose === undefined || previousClose === 0) {
    throw new QuoteError('QUOTE_BAD_RESPONSE', `Yahoo: no previous close for ${canonical}`);
  }
  const closes = [...series, m.regularMarketPrice].slice(-5);
  const change = m.regularMarketPrice - previousClose;
  const period = m.currentTradingPeriod?.regular;
  const nowS = nowMs / 1000;
  return {
    symbol: canonical,
    price: m.regularMarketPrice,
    currency: m.currency,
    change: round(change, 6),
    changePct: round((change / previousClose) * 100, 6),
    previousClose,
    asOf: new Date(m.regularMarketTime * 1000).toISOString(),
    marketOpen: period !== undefined && nowS >= period.start && nowS < period.end,
    exchange: m.fullExchangeName ?? m.exchangeName,
    closes,
  };
}

/** A month of 30-minute bars as a PriceHistory; bars without a close (Yahoo sends null for gaps) are left out. */
export function historyFromChart(canonical: string, r: ChartResult): PriceHistory {
  const stamps = r.timestamp ?? [];
  const raw = r.indicators.quote[0]?.close ?? [];
  const points = raw.flatMap((close, i) => {
    const t = stamps[i];
    return close !== null && t !== undefined ? [{ t: t * 1000, close }] : [];
  });
  return { symbol: canonical, currency: r.meta.currency, utcOffsetS: r.meta.gmtoffset ?? 0, points };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function describeIssue(e: z.ZodError): string {
  const issue = e.issues[0];
  return issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'unexpected shape';
}

export function createYahooQuotes(opts: YahooOptions): QuoteProvider {
  const { clock, get } = providerHttp('Yahoo', opts, 'https://query1.finance.yahoo.com');
  const userAgent = opts.userAgent ?? 'Mozilla/5.0 (compatible; lithium-wire/0.1)';

  /** One chart request, its failures turned into QuoteErrors: the quote and the history read the same answer. */
  async function chart(ysym: string, query: string): Promise<ChartResult> {
    const ans = await get(`/v8/finance/chart/${encodeURIComponent(ysym)}?${query}`, { 'user-agent': userAgent });
    if (ans.status === 404) {
      throw new QuoteError('QUOTE_UNKNOWN_SYMBOL', `Yahoo: no data for ${ysym}${yahooErrorText(ans.text)}`);
    }
    if (ans.status !== 200) throw new QuoteError('QUOTE_UNAVAILABLE', `Yahoo: HTTP ${ans.status}${yahooErrorText(ans.text)}`);
    const parsed = ChartSchema.safeParse(parseJson('Yahoo', ans.text));
    if (!parsed.success) {
      throw new QuoteError('QUOTE_BAD_RESPONSE', `Yahoo: unexpected chart shape (${describeIssue(parsed.error)})`, {
        cause: parsed.error,
      });
    }
    const { result, error } = parsed.data.chart;
    const first = result?.[0];
    if (!first) {
      if (error?.code === 'Not Found') throw new QuoteError('QUOTE_UNKNOWN_SYMBOL', `Yahoo: no data for ${ysym}`);
      throw new QuoteError('QUOTE_BAD_RESPONSE', `Yahoo: empty chart result${error ? ` (${error.code})` : ''}`);
    }
    return first;
  }

  return {
    async quote(symbol: string): Promise<Quote> {
      const first = await chart(providerSymbol(symbol, 'yahoo') ?? symbol, 'range=5d&interval=1d');
      const quote = quoteFromChart(symbol, first, clock.now().getTime());
      opts.logger.debug('quote fetched', { provider: 'yahoo', symbol, price: quote.price });
      return quote;
    },
    async history(symbol: string): Promise<PriceHistory> {
      const first = await chart(providerSymbol(symbol, 'yahoo') ?? symbol, 'range=1mo&interval=30m');
      return historyFromChart(symbol, first);
    },
  };
}

/** ": No data found, symbol may be delisted" from Yahoo's error body, when it has one. */
function yahooErrorText(text: string): string {
  try {
    const body = ChartSchema.shape.chart.safeParse((JSON.parse(text) as { chart?: unknown }).chart);
    const d = body.success ? body.data.error?.description : undefined;
    return d ? `: ${d.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
