/**
 * The one HTTP call every quote provider makes: a GET with a hard deadline that covers the body too, and the
 * failure classes all providers share (network error, timeout, 429, 5xx) turned into QuoteError codes.
 */
import type { Clock, Logger } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import { QuoteError } from './errors.js';

export type FetchImpl = typeof fetch;

/** What every provider takes, besides its key. */
export interface ProviderOptions {
  baseUrl?: string;
  /** Deadline per request, body included; 1.5 s keeps /ticker under 2 s. */
  timeoutMs?: number;
  fetchImpl?: FetchImpl;
  logger: Logger;
  clock?: Clock;
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** Parsed Retry-After (seconds or HTTP date), when the server sent one. */
  retryAfterMs: number | undefined;
}

export interface GetOptions {
  provider: string;
  timeoutMs: number;
  fetchImpl: FetchImpl;
  headers?: Record<string, string>;
  now?: () => number;
  /** Larger bodies are refused: a chart answer is a few kB. */
  maxBytes?: number;
}

export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * GET `url` within `timeoutMs` (headers and body). Throws QUOTE_TIMEOUT, QUOTE_UNAVAILABLE (network, 5xx) or
 * QUOTE_RATE_LIMITED (429); any other status is returned for the provider to read.
 */
export async function getText(url: string, opts: GetOptions): Promise<HttpAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  try {
    const res = await opts.fetchImpl(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...opts.headers },
      signal: controller.signal,
      redirect: 'follow',
    });
    const text = await res.text();
    const max = opts.maxBytes ?? 1024 * 1024;
    if (text.length > max) throw new QuoteError('QUOTE_BAD_RESPONSE', `${opts.provider}: response larger than ${max} bytes`);
    const ans = { status: res.status, text, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), (opts.now ?? Date.now)()) };
    const common = statusError(opts.provider, ans);
    if (common) throw common;
    return ans;
  } catch (cause) {
    if (cause instanceof QuoteError) throw cause;
    if (timedOut) throw new QuoteError('QUOTE_TIMEOUT', `${opts.provider}: no answer within ${opts.timeoutMs} ms`, { cause });
    throw new QuoteError('QUOTE_UNAVAILABLE', `${opts.provider}: request failed`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

/** The failures every provider reports the same way; undefined when the status is for the provider to read. */
function statusError(provider: string, ans: HttpAnswer): QuoteError | undefined {
  if (ans.status === 429) {
    const wait = ans.retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(ans.retryAfterMs / 1000)} s`;
    return new QuoteError('QUOTE_RATE_LIMITED', `${provider}: rate limited (HTTP 429${wait})`, { retryAfterMs: ans.retryAfterMs });
  }
  if (ans.status >= 500) return new QuoteError('QUOTE_UNAVAILABLE', `${provider}: HTTP ${ans.status}`);
  return undefined;
}

export function parseJson(provider: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new QuoteError('QUOTE_BAD_RESPONSE', `${provider}: response is not valid JSON`, { cause });
  }
}

/** A provider's options with defaults filled in, and a GET bound to them. */
export function providerHttp(provider: string, opts: ProviderOptions, defaultBase: string) {
  const base = (opts.baseUrl ?? defaultBase).replace(/\/+$/, '');
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? 1500;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const get = (pathAndQuery: string, headers?: Record<string, string>): Promise<HttpAnswer> =>
    getText(base + pathAndQuery, { provider, timeoutMs, fetchImpl, now: () => clock.now().getTime(), ...(headers ? { headers } : {}) });
  return { clock, get };
}
