/**
 * What a failed send means for delivery, decided once for every platform. Adapters map their SDK's errors into
 * the WireError kinds of core/errors.ts; the deliverer reads only the classification below.
 *
 *   transient   retry later (5xx, timeouts, resets, 429 with its retry-after)
 *   rejected    this message can never go (too large, malformed): dead letter, the channel is fine
 *   refused     this channel will not take our posts (unknown channel, forbidden): dead letter, channel failing
 *   config      the platform refuses our credentials or set-up: pause the platform, keep everything pending
 */
import { ConfigurationError, describeError, PermanentDeliveryError, RateLimitError, RejectedMessageError, WireError } from '../core/errors.js';

export type DeliveryFailure =
  | { kind: 'transient'; code: string; message: string; retryAfterMs?: number | undefined }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'config'; code: string; message: string; fix: string };

export function classifyDeliveryError(e: unknown): DeliveryFailure {
  const message = describeError(e).slice(0, 500);
  if (e instanceof ConfigurationError) return { kind: 'config', code: e.code, message, fix: e.fix };
  if (e instanceof RateLimitError) return { kind: 'transient', code: e.code, message, retryAfterMs: e.retryAfterMs };
  if (e instanceof RejectedMessageError) return { kind: 'rejected', code: e.code, message };
  if (e instanceof PermanentDeliveryError) return { kind: 'refused', code: e.code, message };
  // Anything else (our own TRANSIENT, an unknown platform answer, a bug in an adapter) is retried: it may pass,
  // and after giveUpAfterMs it becomes a dead letter rather than a silent loss.
  return { kind: 'transient', code: e instanceof WireError ? e.code : 'UNEXPECTED', message };
}
