/**
 * Builds the app's QuoteProvider from settings: which provider (Yahoo by default, no key), its base URL
 * (QUOTES_API_URL, for tests and proxies), its key, and the cache in front of it.
 */
import type { QuoteProvider } from '../core/commands/types.js';
import { WireError } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';
import { createAlphaVantageQuotes } from './alphavantage.js';
import { createCachedQuotes, type QuoteCacheStore } from './cache.js';
import { createFinnhubQuotes } from './finnhub.js';
import type { FetchImpl } from './http.js';
import { createYahooQuotes } from './yahoo.js';

export const QUOTE_PROVIDERS = ['yahoo', 'finnhub', 'alphavantage'] as const;
export type QuoteProviderChoice = (typeof QUOTE_PROVIDERS)[number];

export interface QuotesSettings {
  /** QUOTES_PROVIDER; default yahoo. */
  provider?: string | undefined;
  /** QUOTES_API_URL: replaces the chosen provider's base URL. */
  apiUrl?: string | undefined;
  /** FINNHUB_API_KEY. */
  finnhubApiKey?: string | undefined;
  /** ALPHAVANTAGE_API_KEY. */
  alphavantageApiKey?: string | undefined;
  timeoutMs?: number;
  ttlMs?: number;
}

export interface QuotesDeps {
  logger: Logger;
  clock: Clock;
  fetchImpl?: FetchImpl;
  /** The store's shared quote cache in scale-out (Stores.quoteCache); in memory when absent. */
  store?: QuoteCacheStore | undefined;
}

/** The upstream provider alone, without cache. */
export function createProvider(settings: QuotesSettings, deps: QuotesDeps): QuoteProvider {
  const choice = (settings.provider ?? 'yahoo').trim().toLowerCase() || 'yahoo';
  const common = { logger: deps.logger, clock: deps.clock, fetchImpl: deps.fetchImpl, timeoutMs: settings.timeoutMs ?? 1500 };
  const baseUrl = settings.apiUrl;
  switch (choice) {
    case 'yahoo':
      return createYahooQuotes({ ...common, ...(baseUrl ? { baseUrl } : {}) });
    case 'finnhub':
      if (!settings.finnhubApiKey) {
        throw new WireError('CONFIG_INVALID', 'QUOTES_PROVIDER=finnhub needs FINNHUB_API_KEY (https://finnhub.io/dashboard)');
      }
      return createFinnhubQuotes({ ...common, apiKey: settings.finnhubApiKey, ...(baseUrl ? { baseUrl } : {}) });
    case 'alphavantage':
      if (!settings.alphavantageApiKey) {
        throw new WireError('CONFIG_INVALID', 'QUOTES_PROVIDER=alphavantage needs ALPHAVANTAGE_API_KEY (https://www.alphavantage.co/support/#api-key)');
      }
      return createAlphaVantageQuotes({ ...common, apiKey: settings.alphavantageApiKey, ...(baseUrl ? { baseUrl } : {}) });
    default:
      throw new WireError('CONFIG_INVALID', `QUOTES_PROVIDER: unknown provider "${choice}" (one of ${QUOTE_PROVIDERS.join(', ')})`);
  }
}

/** What the app passes as CommandDeps.quotes: the chosen provider behind the 60 s cache. */
export function createQuotes(settings: QuotesSettings, deps: QuotesDeps): QuoteProvider {
  return createCachedQuotes(createProvider(settings, deps), {
    clock: deps.clock,
    logger: deps.logger,
    ttlMs: settings.ttlMs ?? 60_000,
    ...(deps.store ? { store: deps.store } : {}),
    // Per provider: two providers' quotes for one symbol differ. The store adds its own namespace (`lw:quote:`).
    keyPrefix: `${(settings.provider ?? 'yahoo').trim().toLowerCase() || 'yahoo'}:`,
  });
}
