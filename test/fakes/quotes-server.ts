/**
 * A loopback fake of Yahoo Finance's chart endpoint (its daily quote form, and the `range=1mo&interval=30m` form the
 * /ticker chart reads, served from `{symbol}.history.json` with modes of its own: setHistoryMode), plus Finnhub's /api/v1/quote and Alpha Vantage's
 * GLOBAL_QUOTE), serving the recorded-shape fixtures in test/fixtures/quotes/. Modes reproduce what the real
 * services do on a bad day; every request is counted per symbol so tests can prove the cache keeps traffic down.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type QuotesMode =
  | 'normal' // the open-market fixture
  | 'closed' // the market-closed fixture
  | 'unknown' // Yahoo: 404 with its error body (each API answers an unknown symbol its own way)
  | 'rate-limit-then-ok' // the next request per symbol is rate limited, later ones succeed
  | 'malformed' // 200 with truncated JSON
  | 'missing-fields' // 200, valid JSON, no regularMarketPrice
  | 'server-error' // 503
  | 'slow'; // answers after `slowMs`

export interface QuotesServerOptions {
  mode?: QuotesMode;
  /** Delay of the slow mode. */
  slowMs?: number;
  /** Retry-After (seconds) sent with 429; null sends none. */
  retryAfterS?: number | null;
  /** The key the Finnhub route expects in X-Finnhub-Token. */
  finnhubToken?: string;
  /** The key the Alpha Vantage route expects in `apikey`. */
  alphavantageKey?: string;
}

export interface FakeQuotesServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (pass as QUOTES_API_URL). */
  url: string;
  /** Sets the mode for one symbol (as the provider spells it), or the default for all. */
  setMode(mode: QuotesMode, symbol?: string): void;
  /** Requests received for a provider symbol (as the provider spelt it); chart history requests not included. */
  requests(symbol: string): number;
  /** Sets the mode of the history (intraday chart) requests, for one Yahoo symbol or all; quotes keep theirs. */
  setHistoryMode(mode: QuotesMode, symbol?: string): void;
  /** History requests received for a Yahoo symbol. */
  historyRequests(symbol: string): number;
  /** Every request path with query, in order. */
  readonly paths: string[];
  /** Request headers, in order. */
  readonly headers: IncomingMessage['headers'][];
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/quotes/', import.meta.url);

function fixture(name: string): string | undefined {
  const url = new URL(name, FIXTURES);
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
}

export function readFixture(name: string): string {
  const text = fixture(name);
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
}

interface Canned {
  status: number;
  body: string;
  type?: string;
}

/** How each API answers: a known symbol, an unknown one, and a rate limit. */
interface Api {
  ok(sym: string, mode: QuotesMode): Canned | undefined;
  unknown(): Canned;
  limited(): Canned;
}

const YAHOO: Api = {
  ok: (sym, mode) => {
    const body = (mode === 'closed' ? fixture(`${sym}.closed.json`) : undefined) ?? fixture(`${sym}.open.json`);
    return body === undefined ? undefined : { status: 200, body };
  },
  unknown: () => ({ status: 404, body: readFixture('not-found.json') }),
  limited: () => ({ status: 429, body: 'Too Many Requests\r\n', type: 'text/plain;charset=utf-8' }),
};

/** Yahoo's chart endpoint asked for intraday bars (the /ticker chart's history). */
const YAHOO_HISTORY: Api = {
  ok: (sym) => {
    const body = fixture(`${sym}.history.json`);
    return body === undefined ? undefined : { status: 200, body };
  },
  unknown: YAHOO.unknown,
  limited: YAHOO.limited,
};

const FINNHUB: Api = {
  ok: (sym) => {
    const body = fixture(`finnhub/${sym}.json`);
    return body === undefined ? undefined : { status: 200, body };
  },
  // Finnhub answers an unknown symbol with 200 and zeros.
  unknown: () => ({ status: 200, body: readFixture('finnhub/unknown.json') }),
  limited: () => ({ status: 429, body: '{"error":"API limit reached. Please try again later. Remaining Limit: 0"}' }),
};

const ALPHAVANTAGE: Api = {
  ok: (sym) => {
    const body = fixture(`alphavantage/${sym}.json`);
    return body === undefined ? undefined : { status: 200, body };
  },
  unknown: () => ({ status: 200, body: readFixture('alphavantage/unknown.json') }),
  // Alpha Vantage signals its limit with 200 and an "Information" message.
  limited: () => ({ status: 200, body: readFixture('alphavantage/rate-limit.json') }),
};

export async function startQuotesServer(opts: QuotesServerOptions = {}): Promise<FakeQuotesServer> {
  let defaultMode: QuotesMode = opts.mode ?? 'normal';
  const modes = new Map<string, QuotesMode>();
  let historyDefault: QuotesMode = 'normal';
  const historyModes = new Map<string, QuotesMode>();
  const limited = new Set<string>();
  const counts = new Map<string, number>();
  const paths: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const slowMs = opts.slowMs ?? 3000;
  const retryAfterS = opts.retryAfterS === undefined ? 30 : opts.retryAfterS;

  const send = (res: ServerResponse, c: Canned, extra: Record<string, string> = {}) => {
    res.writeHead(c.status, { 'content-type': c.type ?? 'application/json;charset=utf-8', 'cache-control': 'max-age=0, private', ...extra });
    res.end(c.body);
  };

  function answer(res: ServerResponse, sym: string, api: Api): void {
    const history = api === YAHOO_HISTORY;
    const key = history ? `history:${sym}` : sym;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const mode = history ? (historyModes.get(sym) ?? historyDefault) : (modes.get(sym) ?? defaultMode);
    if (mode === 'rate-limit-then-ok' && !limited.has(key)) {
      limited.add(key);
      send(res, api.limited(), retryAfterS === null ? {} : { 'retry-after': String(retryAfterS) });
      return;
    }
    // The real services have no data for symbols we hold no fixture for.
    const ok = mode === 'unknown' ? undefined : api.ok(sym, mode);
    switch (mode) {
      case 'server-error':
        send(res, { status: 503, body: '<html><body>Service Unavailable</body></html>', type: 'text/html' });
        return;
      case 'malformed': {
        // Cut mid-document, as a dropped connection behind a proxy leaves it.
        const whole = ok?.body ?? '{"chart":{"result":[{"meta":{"currency":"USD"}}]}}';
        send(res, { status: 200, body: whole.slice(0, Math.min(120, Math.floor(whole.length / 2))) });
        return;
      }
      case 'missing-fields': {
        const body = JSON.parse(ok?.body ?? '{}') as { chart?: { result?: { meta: Record<string, unknown> }[] } };
        for (const r of body.chart?.result ?? []) delete r.meta.regularMarketPrice;
        send(res, { status: 200, body: JSON.stringify(body) });
        return;
      }
      case 'slow': {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) send(res, ok ?? api.unknown());
        }, slowMs);
        timers.add(t);
        return;
      }
      default:
        send(res, ok ?? api.unknown());
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    paths.push(url.pathname + url.search);
    headers.push(req.headers);
    const q = url.searchParams;
    const chart = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET') {
      send(res, { status: 405, body: '{"error":"method not allowed"}' });
    } else if (chart?.[1]) {
      // Daily bars are the quote; anything finer is the chart's history.
      const interval = q.get('interval') ?? '1d';
      answer(res, decodeURIComponent(chart[1]), /^\d+[mh]$/.test(interval) ? YAHOO_HISTORY : YAHOO);
    } else if (url.pathname === '/api/v1/quote') {
      if (opts.finnhubToken !== undefined && req.headers['x-finnhub-token'] !== opts.finnhubToken) {
        send(res, { status: 401, body: '{"error":"Invalid API key"}' });
      } else answer(res, q.get('symbol') ?? '', FINNHUB);
    } else if (url.pathname === '/query') {
      if (opts.alphavantageKey !== undefined && q.get('apikey') !== opts.alphavantageKey) {
        send(res, { status: 200, body: readFixture('alphavantage/bad-key.json') });
      } else if (q.get('function') === 'MARKET_STATUS') {
        counts.set('MARKET_STATUS', (counts.get('MARKET_STATUS') ?? 0) + 1);
        send(res, { status: 200, body: readFixture('alphavantage/market-status.json') });
      } else if (q.get('function') === 'GLOBAL_QUOTE') {
        answer(res, q.get('symbol') ?? '', ALPHAVANTAGE);
      } else send(res, { status: 200, body: '{"Error Message":"This API function does not exist."}' });
    } else {
      send(res, { status: 404, body: '{"finance":{"result":null,"error":{"code":"Not Found","description":"HTTP 404 Not Found"}}}' });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setMode(mode, symbol) {
      if (symbol === undefined) {
        defaultMode = mode;
        modes.clear();
      } else modes.set(symbol, mode);
      limited.clear();
    },
    requests: (symbol) => counts.get(symbol) ?? 0,
    setHistoryMode(mode, symbol) {
      if (symbol === undefined) {
        historyDefault = mode;
        historyModes.clear();
      } else historyModes.set(symbol, mode);
      for (const key of limited) if (key.startsWith('history:')) limited.delete(key);
    },
    historyRequests: (symbol) => counts.get(`history:${symbol}`) ?? 0,
    paths,
    headers,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
