/**
 * Quote failures. Every provider throws these codes so the cache and /ticker can react without knowing which
 * provider answered: QUOTE_UNKNOWN_SYMBOL, QUOTE_RATE_LIMITED, QUOTE_TIMEOUT, QUOTE_BAD_RESPONSE, QUOTE_UNAVAILABLE.
 */
import { WireError } from '../core/errors.js';

export type QuoteErrorCode =
  | 'QUOTE_UNKNOWN_SYMBOL'
  | 'QUOTE_RATE_LIMITED'
  | 'QUOTE_TIMEOUT'
  | 'QUOTE_BAD_RESPONSE'
  | 'QUOTE_UNAVAILABLE';

export class QuoteError extends WireError {
  declare readonly code: QuoteErrorCode;
  /** Set on QUOTE_RATE_LIMITED when the provider (or our backoff) says how long to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(code: QuoteErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number | undefined }) {
    super(code, message, options);
    this.name = 'QuoteError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export function isQuoteError(e: unknown, code?: QuoteErrorCode): e is QuoteError {
  return e instanceof QuoteError && (code === undefined || e.code === code);
}
