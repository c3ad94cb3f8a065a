/** Feed fetch/parse failures: one class, a closed set of codes the poller can record and back off on. */
import { WireError } from '../core/errors.js';

export type FeedErrorCode =
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  | 'REDIRECT_LOOP'
  | 'BAD_SCHEME'
  | 'BAD_URL'
  | 'BLOCKED_ADDRESS'
  | 'HTTP_STATUS'
  | 'NETWORK'
  | 'ABORTED'
  | 'NOT_A_FEED'
  | 'PARSE';

export class FeedError extends WireError {
  declare readonly code: FeedErrorCode;
  /** HTTP status, for HTTP_STATUS. */
  readonly status: number | undefined;
  /** Server-requested wait (Retry-After on 429/503), when it sent a usable one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: FeedErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; retryAfterMs?: number },
  ) {
    super(code, message, options);
    this.name = 'FeedError';
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export function isFeedError(e: unknown): e is FeedError {
  return e instanceof FeedError;
}

/**
 * A URL for messages: scheme, host and path only. Feed URLs sometimes carry API keys in the query
 * string or credentials in the authority, and error messages end up in logs and `status` output.
 */
export function displayUrl(u: URL | string): string {
  try {
    const url = typeof u === 'string' ? new URL(u) : u;
    const path = url.pathname.length > 120 ? `${url.pathname.slice(0, 120)}…` : url.pathname;
    return `${url.protocol}//${url.host}${path}`;
  } catch {
    return '(invalid URL)';
  }
}
