/**
 * Errors carry a code and a cause. UserError is a refusal meant for the person who typed a command
 * (shown verbatim); anything else is a fault: logged with context, never shown with its stack.
 */
export class WireError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'WireError';
  }
}

export class UserError extends WireError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'UserError';
  }
}

/** A platform told us to wait: retry after exactly this long. */
export class RateLimitError extends WireError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, options?: { cause?: unknown }) {
    super('RATE_LIMITED', `rate limited, retry after ${retryAfterMs} ms`, options);
    this.retryAfterMs = retryAfterMs;
    this.name = 'RateLimitError';
  }
}

/** A post that will never succeed as things stand (403, 404, not_in_channel): do not retry. */
export class PermanentDeliveryError extends WireError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PermanentDeliveryError';
  }
}

/** The platform rejected this message itself (malformed, too long): resending cannot help, the channel is fine. */
export class RejectedMessageError extends WireError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RejectedMessageError';
  }
}

/**
 * The platform refuses our credentials or set-up (bad token, missing scope, wrong API URL): no delivery to that
 * platform can succeed until an operator changes the configuration. `fix` says what to change (an env variable).
 */
export class ConfigurationError extends WireError {
  readonly fix: string;
  constructor(code: string, message: string, fix: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.fix = fix;
    this.name = 'ConfigurationError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** One line for logs: code and message, plus the cause chain, never a stack. */
export function describeError(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    if (cur instanceof WireError) parts.push(`${cur.code}: ${cur.message}`);
    else if (cur instanceof Error) parts.push(`${cur.name}: ${cur.message}`);
    else parts.push(String(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return parts.join(' <- ');
}
