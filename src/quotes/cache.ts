/**
 * A QuoteProvider in front of another: quotes kept `ttlMs` (60 s), one upstream request in flight per symbol, and
 * a pause after a 429 during which nothing goes upstream (a stale quote is served if we have one). State lives in
 * a tiny get/set-with-ttl store: in memory by default; on Redis (Stores.quoteCache, or a Keyv, which fits the port
 * as is), so instances in a scale-out share quotes and the backoff.
 */
import type { Quote, QuoteProvider } from '../core/commands/types.js';
import type { PriceHistory } from '../core/ticker-chart.js';
import type { Clock, Logger, QuoteCacheRecord, QuoteCacheStore } from '../core/ports.js';
import { describeError } from '../core/errors.js';
import { QuoteError, isQuoteError } from './errors.js';

/** The storage port lives with the other ports; re-exported for the cache's callers. */
export type { QuoteCacheRecord, QuoteCacheStore };

export interface CachedQuotesOptions {
  clock: Clock;
  ttlMs?: number;
  store?: QuoteCacheStore;
  logger?: Logger;
  /** How long a quote stays available to be served stale while rate limited. */
  keepStaleMs?: number;
  /** Pause after a 429 without Retry-After; doubles with each 429 in a row, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Prefix of every key, so two providers can share one store. */
  keyPrefix?: string;
  /** How long a chart history is reused (per process: a month of bars is too big for the shared store). */
  historyTtlMs?: number;
}

/** The default store: a Map whose entries expire on the injected clock. */
export function createMemoryQuoteStore(clock: Clock): QuoteCacheStore & { size(): number } {
  const map = new Map<string, { value: QuoteCacheRecord; expires: number }>();
  return {
    async get(key) {
      const hit = map.get(key);
      if (!hit) return undefined;
      if (hit.expires <= clock.now().getTime()) {
        map.delete(key);
        return undefined;
      }
      return structuredClone(hit.value);
    },
    async set(key, value, ttlMs) {
      map.set(key, { value: structuredClone(value), expires: clock.now().getTime() + ttlMs });
    },
    size: () => map.size,
  };
}

export function createCachedQuotes(provider: QuoteProvider, opts: CachedQuotesOptions): QuoteProvider {
  const { clock, logger } = opts;
  const ttlMs = opts.ttlMs ?? 60_000;
  const keepStaleMs = Math.max(opts.keepStaleMs ?? 30 * 60_000, ttlMs);
  const backoffMs = opts.backoffMs ?? 60_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 15 * 60_000;
  const prefix = opts.keyPrefix ?? 'quotes:';
  const store = opts.store ?? createMemoryQuoteStore(clock);
  const backoffKey = `${prefix}backoff`;
  const inFlight = new Map<string, Promise<Quote>>();

  // A cache that cannot be read or written must not take quotes down with it.
  async function read(key: string): Promise<QuoteCacheRecord | undefined> {
    try {
      return await store.get(key);
    } catch (e) {
      logger?.warn('quote cache read failed', { key, error: describeError(e) });
      return undefined;
    }
  }
  async function write(key: string, value: QuoteCacheRecord, ttl: number): Promise<void> {
    try {
      await store.set(key, value, ttl);
    } catch (e) {
      logger?.warn('quote cache write failed', { key, error: describeError(e) });
    }
  }

  async function lookup(symbol: string): Promise<Quote> {
    const key = `${prefix}${symbol}`;
    const now = clock.now().getTime();
    const rec = await read(key);
    const cached = rec?.kind === 'quote' ? rec : undefined;
    if (cached && now - cached.fetchedAt < ttlMs) return cached.quote;

    const b = await read(backoffKey);
    const backoff = b?.kind === 'backoff' ? b : undefined;
    if (backoff && now < backoff.until) {
      if (cached) return cached.quote;
      throw new QuoteError('QUOTE_RATE_LIMITED', `rate limited, no upstream request for ${Math.ceil((backoff.until - now) / 1000)} s`, {
        retryAfterMs: backoff.until - now,
      });
    }

    try {
      const quote = await provider.quote(symbol);
      await write(key, { kind: 'quote', quote, fetchedAt: clock.now().getTime() }, keepStaleMs);
      if (backoff && backoff.strikes > 0) await write(backoffKey, { kind: 'backoff', until: 0, strikes: 0 }, 1000);
      return quote;
    } catch (e) {
      if (!isQuoteError(e, 'QUOTE_RATE_LIMITED')) throw e;
      const strikes = (backoff?.strikes ?? 0) + 1;
      const wait = e.retryAfterMs ?? Math.min(backoffMs * 2 ** (strikes - 1), maxBackoffMs);
      const at = clock.now().getTime();
      // The record outlives the pause so that a 429 right after it doubles the next pause.
      await write(backoffKey, { kind: 'backoff', until: at + wait, strikes }, wait + maxBackoffMs);
      logger?.warn('quote provider rate limited', { symbol, pauseMs: wait, strikes });
      if (cached) return cached.quote;
      throw new QuoteError('QUOTE_RATE_LIMITED', e.message, { cause: e, retryAfterMs: wait });
    }
  }

  // Histories: kept in this process only, one request in flight per symbol, none while the provider's pause lasts.
  const historyTtlMs = opts.historyTtlMs ?? 5 * 60_000;
  const histories = new Map<string, { history: PriceHistory; at: number }>();
  const historyInFlight = new Map<string, Promise<PriceHistory>>();
  async function historyLookup(upstream: (s: string) => Promise<PriceHistory>, symbol: string): Promise<PriceHistory> {
    const now = clock.now().getTime();
    const hit = histories.get(symbol);
    if (hit && now - hit.at < historyTtlMs) return hit.history;
    const b = await read(backoffKey);
    if (b?.kind === 'backoff' && now < b.until) {
      if (hit) return hit.history;
      throw new QuoteError('QUOTE_RATE_LIMITED', 'rate limited, no history request now', { retryAfterMs: b.until - now });
    }
    let history: PriceHistory;
    try {
      history = await upstream(symbol);
    } catch (e) {
      // A 429 on the history pauses quotes too: it is the same provider's limit.
      if (isQuoteError(e, 'QUOTE_RATE_LIMITED')) {
        const strikes = (b?.kind === 'backoff' ? b.strikes : 0) + 1;
        const wait = e.retryAfterMs ?? Math.min(backoffMs * 2 ** (strikes - 1), maxBackoffMs);
        await write(backoffKey, { kind: 'backoff', until: clock.now().getTime() + wait, strikes }, wait + maxBackoffMs);
        logger?.warn('quote provider rate limited (history)', { symbol, pauseMs: wait, strikes });
      }
      if (hit) return hit.history;
      throw e;
    }
    if (histories.size >= 500) histories.clear(); // a bound, not an LRU: 500 symbols is far more than the universe
    histories.set(symbol, { history, at: clock.now().getTime() });
    return history;
  }
  const upstreamHistory = provider.history?.bind(provider);

  return {
    quote(symbol: string): Promise<Quote> {
      const pending = inFlight.get(symbol);
      if (pending) return pending;
      const p = lookup(symbol).finally(() => inFlight.delete(symbol));
      inFlight.set(symbol, p);
      return p;
    },
    ...(upstreamHistory
      ? {
          history(symbol: string): Promise<PriceHistory> {
            const pending = historyInFlight.get(symbol);
            if (pending) return pending;
            const p = historyLookup(upstreamHistory, symbol).finally(() => historyInFlight.delete(symbol));
            historyInFlight.set(symbol, p);
            return p;
          },
        }
      : {}),
  };
}
