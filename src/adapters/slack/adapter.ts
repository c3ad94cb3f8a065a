/**
 * The Slack ChatAdapter: one chat.postMessage per delivery through the SDK's WebClient, pointed at SLACK_API_URL
 * when set. Refusals that will not go away on their own become PermanentDeliveryError; a 429 is waited out here
 * (exactly Retry-After) a few times, then surfaced as RateLimitError; anything else is a TRANSIENT WireError for
 * the caller's retry policy. The WebClient itself never retries: a silent SDK retry after a timeout could post
 * twice, and the outbox (issue 7) owns retries.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { webApi } from '@slack/bolt';
import { alertView } from '../../core/alert-view.js';
import { PermanentDeliveryError, RateLimitError, WireError } from '../../core/errors.js';
import { outboxId, type ChatAdapter, type Logger, type SentMessage } from '../../core/ports.js';
import type { Delivery } from '../../core/types.js';
import { alertMessage } from './format.js';
import { digestMessage } from './digest-format.js';
import { digestView } from '../../core/digest-view.js';
import { slackLogger } from './slack-logger.js';

export const SLACK_PLATFORM = 'slack';

/** Slack allows about one chat.postMessage per second per channel (short bursts tolerated). */
export const SLACK_CHANNEL_INTERVAL_MS = 1000;

/** Slack answers these when the bot cannot post in a channel; only a person can fix them. */
export const CHANNEL_REFUSALS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
]);

/** The message metadata event type that marks our alerts, so a resend can find the first post. */
export const ALERT_EVENT_TYPE = 'lithium_wire_alert';

/** How far before the recorded attempt time history is read: covers clock skew between us and Slack. */
export const HISTORY_SKEW_MS = 60_000;

/** Deterministic per (alert, channel), short enough for metadata: the same delivery always carries the same id. */
export function slackDeliveryId(delivery: Delivery): string {
  return createHash('sha256').update(outboxId(delivery)).digest('base64url').slice(0, 24);
}

/** Counts of the check-after lookups, for tests and logs. */
export interface SlackIdempotencyStats {
  historyChecks: number;
  /** Lookups that found the message already posted (a resend avoided). */
  found: number;
  /** Lookups Slack refused (missing channels:history / groups:history): the resend went ahead unchecked. */
  refused: number;
}

export interface SlackAdapterOptions {
  /** Bot token (xoxb-…). */
  token: string;
  /** Web API base (SLACK_API_URL); a missing trailing `/` is added. Default https://slack.com/api/. */
  apiUrl?: string | undefined;
  logger: Logger;
  /** The longest Retry-After send() sleeps through; a longer one is thrown as RateLimitError. Default 60 s. */
  maxRetryAfterMs?: number;
  /** How many 429s send() waits out before throwing RateLimitError. Default 3. */
  maxRateLimitWaits?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** History pages read by alreadySent() before giving up on finding the post. Default 5 (of 200 messages). */
  maxHistoryPages?: number;
}

export interface SlackAdapter extends ChatAdapter {
  readonly platform: typeof SLACK_PLATFORM;
  readonly minChannelIntervalMs: number;
  /** The WebClient in use (shared with the Bolt app when both run). */
  readonly client: webApi.WebClient;
  readonly stats: SlackIdempotencyStats;
  alreadySent(delivery: Delivery, since: Date): Promise<SentMessage | undefined>;
}

/** `https://x/api` → `https://x/api/`: WebClient joins method names straight onto the base. */
export function normaliseApiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/** A WebClient configured the way the adapter and the app both want it. */
export function createSlackWebClient(opts: Pick<SlackAdapterOptions, 'token' | 'apiUrl' | 'logger' | 'timeoutMs'>): webApi.WebClient {
  const slackApiUrl = normaliseApiUrl(opts.apiUrl);
  return new webApi.WebClient(opts.token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger: slackLogger(opts.logger, 'slack-web-api'),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: opts.timeoutMs ?? 10_000,
  });
}

interface CodedSdkError {
  code?: unknown;
  data?: { error?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
}

/** What a failed call means for delivery. */
export function classifySlackError(e: unknown): { kind: 'refused'; error: string } | { kind: 'ratelimited'; retryAfterMs: number } | { kind: 'other'; detail: string } {
  const err = (typeof e === 'object' && e !== null ? e : {}) as CodedSdkError;
  if (err.code === webApi.ErrorCode.RateLimitedError) {
    const sec = typeof err.retryAfter === 'number' && Number.isFinite(err.retryAfter) ? err.retryAfter : 1;
    return { kind: 'ratelimited', retryAfterMs: Math.max(0, sec) * 1000 };
  }
  if (err.code === webApi.ErrorCode.PlatformError) {
    const code = typeof err.data?.error === 'string' ? err.data.error : 'unknown_error';
    if (CHANNEL_REFUSALS.has(code)) return { kind: 'refused', error: code };
    // Slack sometimes reports a limit in the body rather than with a 429; it gives no wait, so take one second.
    if (code === 'ratelimited') return { kind: 'ratelimited', retryAfterMs: 1000 };
    return { kind: 'other', detail: `Slack answered ${code}` };
  }
  if (err.code === webApi.ErrorCode.HTTPError) return { kind: 'other', detail: `Slack answered HTTP ${String(err.statusCode)}` };
  if (err.code === webApi.ErrorCode.RequestError) return { kind: 'other', detail: 'request to Slack failed' };
  return { kind: 'other', detail: e instanceof Error ? e.message : String(e) };
}

export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const client = createSlackWebClient(opts);
  const maxWait = opts.maxRetryAfterMs ?? 60_000;
  const maxWaits = opts.maxRateLimitWaits ?? 3;
  const log = opts.logger;

  async function send(delivery: Delivery): Promise<SentMessage> {
    const channel = delivery.channel.id;
    if (delivery.channel.platform !== SLACK_PLATFORM) {
      throw new PermanentDeliveryError('WRONG_PLATFORM', `slack adapter asked to post to a ${delivery.channel.platform} channel`);
    }
    const message = delivery.digest ? digestMessage(digestView(delivery.digest)) : alertMessage(alertView(delivery));
    for (let waits = 0; ; waits++) {
      try {
        const res = await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          link_names: false,
          // Lets alreadySent() find this post in history after a lost answer (crash, timeout).
          metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { delivery_id: slackDeliveryId(delivery) } },
        });
        if (typeof res.ts !== 'string' || !res.ts) throw new WireError('TRANSIENT', 'Slack accepted the post without a ts');
        return { messageId: res.ts };
      } catch (e) {
        if (e instanceof WireError) throw e;
        const c = classifySlackError(e);
        if (c.kind === 'refused') {
          log.warn('slack refused the post', { channel, error: c.error, alert: delivery.alert.id });
          throw new PermanentDeliveryError(c.error, `Slack refused the post to ${channel}: ${c.error}`, { cause: e });
        }
        if (c.kind === 'ratelimited') {
          if (waits >= maxWaits || c.retryAfterMs > maxWait) throw new RateLimitError(c.retryAfterMs, { cause: e });
          log.info('slack rate limited, waiting', { channel, retryAfterMs: c.retryAfterMs });
          await sleep(c.retryAfterMs);
          continue;
        }
        throw new WireError('TRANSIENT', `${c.detail} for chat.postMessage to ${channel}`, { cause: e });
      }
    }
  }

  /** chat.update of a story's alert; a message that is gone (or too old to edit) is posted afresh instead. */
  async function update(delivery: Delivery, messageId: string): Promise<SentMessage> {
    const channel = delivery.channel.id;
    const message = alertMessage(alertView(delivery));
    for (let waits = 0; ; waits++) {
      try {
        await client.chat.update({ channel, ts: messageId, text: message.text, blocks: message.blocks, link_names: false });
        return { messageId };
      } catch (e) {
        const c = classifySlackError(e);
        if (c.kind === 'other' && /message_not_found|cant_update_message|edit_window_closed/.test(c.detail)) return send(delivery);
        if (c.kind === 'refused') throw new PermanentDeliveryError(c.error, `Slack refused the edit in ${channel}: ${c.error}`, { cause: e });
        if (c.kind === 'ratelimited') {
          if (waits >= maxWaits || c.retryAfterMs > maxWait) throw new RateLimitError(c.retryAfterMs, { cause: e });
          await sleep(c.retryAfterMs);
          continue;
        }
        throw new WireError('TRANSIENT', `${c.detail} for chat.update in ${channel}`, { cause: e });
      }
    }
  }

  const stats: SlackIdempotencyStats = { historyChecks: 0, found: 0, refused: 0 };
  const maxPages = opts.maxHistoryPages ?? 5;

  /** "Check after": looks for this delivery's post in the channel since the attempt was recorded. */
  async function alreadySent(delivery: Delivery, since: Date): Promise<SentMessage | undefined> {
    const channel = delivery.channel.id;
    const id = slackDeliveryId(delivery);
    const oldest = ((since.getTime() - HISTORY_SKEW_MS) / 1000).toFixed(6);
    stats.historyChecks++;
    let cursor: string | undefined;
    let waits = 0;
    for (let page = 0; page < maxPages; page++) {
      let res: webApi.ConversationsHistoryResponse;
      try {
        res = await client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
      } catch (e) {
        const limited = classifySlackError(e);
        // Waited out here, like send(): throwing would restart the check at page 1 and never reach page 2 on
        // installs where history allows one call a minute.
        if (limited.kind === 'ratelimited' && waits < maxWaits && limited.retryAfterMs <= maxWait) {
          waits++;
          await sleep(limited.retryAfterMs);
          page--;
          continue;
        }
        const c = classifySlackError(e);
        if (c.kind === 'other' && /missing_scope|not_allowed_token_type|no_permission/.test(c.detail)) {
          // Without the history scopes the check cannot run; sending anyway may duplicate, never lose.
          stats.refused++;
          log.warn('slack history unavailable; resending without the duplicate check (add channels:history and groups:history)', { channel, detail: c.detail });
          return undefined;
        }
        if (c.kind === 'refused') throw new PermanentDeliveryError(c.error, `Slack refused reading ${channel}: ${c.error}`, { cause: e });
        if (c.kind === 'ratelimited') throw new RateLimitError(c.retryAfterMs, { cause: e });
        throw new WireError('TRANSIENT', `${c.detail} for conversations.history in ${channel}`, { cause: e });
      }
      const hit = (res.messages ?? []).find((m) => {
        const payload = m.metadata?.event_payload as Record<string, unknown> | undefined;
        return m.metadata?.event_type === ALERT_EVENT_TYPE && payload?.['delivery_id'] === id;
      });
      if (hit?.ts) {
        stats.found++;
        return { messageId: hit.ts };
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return undefined;
    }
    log.warn('slack history too long to finish the duplicate check; resending', { channel, pages: maxPages });
    return undefined;
  }

  return { platform: SLACK_PLATFORM, minChannelIntervalMs: SLACK_CHANNEL_INTERVAL_MS, client, stats, send, alreadySent, update };
}
