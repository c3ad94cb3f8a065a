/**
 * Slack's answers mapped into the delivery error kinds (src/delivery/classify.ts): a configuration problem
 * (token, scopes, API URL), a channel that refuses us, a message Slack will never take, or something to retry.
 */
import { webApi } from '@slack/bolt';
import { ConfigurationError, PermanentDeliveryError, RateLimitError, RejectedMessageError, WireError } from '../../core/errors.js';

/** Slack answers these when the bot cannot post in a channel; only a person can fix them. */
export const CHANNEL_REFUSALS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
]);

/** This message can never be posted as it is; the channel is fine. */
export const MESSAGE_REJECTIONS: ReadonlySet<string> = new Set([
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'too_many_attachments',
  'invalid_attachments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'metadata_must_be_sent_from_app',
]);

const TOKEN_FIX = 'set SLACK_BOT_TOKEN to the app\'s Bot User OAuth Token (xoxb-…), from OAuth & Permissions';

/** Nothing to Slack can succeed until an operator changes these; each with what to change. */
export const CONFIG_ERRORS: ReadonlyMap<string, string> = new Map([
  ['invalid_auth', TOKEN_FIX],
  ['not_authed', TOKEN_FIX],
  ['account_inactive', `${TOKEN_FIX} (the token's app or workspace was deactivated)`],
  ['token_revoked', `${TOKEN_FIX} (this one was revoked: reinstall the app)`],
  ['token_expired', `${TOKEN_FIX} (this one expired)`],
  ['not_allowed_token_type', `${TOKEN_FIX}; a user (xoxp) or app-level (xapp) token cannot post`],
  ['missing_scope', 'add the missing bot scope (chat:write) under OAuth & Permissions, reinstall the app and set SLACK_BOT_TOKEN to the new token'],
  ['unknown_method', 'check SLACK_API_URL: it must be the Slack Web API base (default https://slack.com/api/)'],
]);

/** Slack's own "try again" answers. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

interface CodedSdkError {
  code?: unknown;
  data?: { error?: unknown; needed?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
}

export type SlackAnswer =
  | { kind: 'ratelimited'; retryAfterMs: number }
  | { kind: 'platform'; error: string; needed?: string | undefined }
  | { kind: 'http'; status: number }
  | { kind: 'network' }
  | { kind: 'other'; detail: string };

/** What the WebClient threw, read once. */
export function readSlackError(e: unknown): SlackAnswer {
  const err = (typeof e === 'object' && e !== null ? e : {}) as CodedSdkError;
  if (err.code === webApi.ErrorCode.RateLimitedError) {
    const sec = typeof err.retryAfter === 'number' && Number.isFinite(err.retryAfter) ? err.retryAfter : 1;
    return { kind: 'ratelimited', retryAfterMs: Math.max(0, sec) * 1000 };
  }
  if (err.code === webApi.ErrorCode.PlatformError) {
    const error = typeof err.data?.error === 'string' ? err.data.error : 'unknown_error';
    // Slack sometimes reports a limit in the body rather than with a 429; it gives no wait, so take one second.
    if (error === 'ratelimited') return { kind: 'ratelimited', retryAfterMs: 1000 };
    return { kind: 'platform', error, needed: typeof err.data?.needed === 'string' ? err.data.needed : undefined };
  }
  if (err.code === webApi.ErrorCode.HTTPError) return { kind: 'http', status: typeof err.statusCode === 'number' ? err.statusCode : 0 };
  if (err.code === webApi.ErrorCode.RequestError) return { kind: 'network' };
  return { kind: 'other', detail: e instanceof Error ? e.message : String(e) };
}

/** True for what may pass by itself: 429, 5xx, network errors and timeouts, Slack's internal errors. */
export function isTransient(a: SlackAnswer): boolean {
  if (a.kind === 'ratelimited' || a.kind === 'network') return true;
  if (a.kind === 'http') return a.status >= 500 || a.status === 408 || a.status === 0;
  if (a.kind === 'platform') return TRANSIENT_CODES.has(a.error);
  return false;
}

/** The delivery error for a failed call (`what`: "chat.postMessage to C123"). */
export function slackDeliveryError(e: unknown, what: string): WireError {
  const a = readSlackError(e);
  switch (a.kind) {
    case 'ratelimited':
      return new RateLimitError(a.retryAfterMs, { cause: e });
    case 'platform': {
      const fix = CONFIG_ERRORS.get(a.error);
      const needed = a.needed ? ` (needed: ${a.needed})` : '';
      if (fix) return new ConfigurationError(`SLACK_${a.error.toUpperCase()}`, `Slack answered ${a.error}${needed} for ${what}`, fix, { cause: e });
      if (CHANNEL_REFUSALS.has(a.error)) return new PermanentDeliveryError(a.error, `Slack refused ${what}: ${a.error}`, { cause: e });
      if (MESSAGE_REJECTIONS.has(a.error)) return new RejectedMessageError(a.error, `Slack rejected the message for ${what}: ${a.error}`, { cause: e });
      return new WireError('TRANSIENT', `Slack answered ${a.error} for ${what}`, { cause: e });
    }
    case 'http':
      return new WireError('TRANSIENT', `Slack answered HTTP ${a.status} for ${what}`, { cause: e });
    case 'network':
      return new WireError('TRANSIENT', `request to Slack failed for ${what}`, { cause: e });
    case 'other':
      return new WireError('TRANSIENT', `${a.detail} for ${what}`, { cause: e });
  }
}
