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
import { isTransient, readSlackError, slackDeliveryError } from './errors.js';
import { outboxId, type Logger, type SentMessage } from '../../core/ports.js';
import { replyDelivery, type ThreadingAdapter, type ThreadReply, type ThreadReplyOptions } from '../../core/threads.js';
import type { Delivery } from '../../core/types.js';
import { alertMessage } from './format.js';
import { digestMessage } from './digest-format.js';
import { digestView } from '../../core/digest-view.js';
import { noticeMessage } from './notice-format.js';
import { slackLogger } from './slack-logger.js';

export const SLACK_PLATFORM = 'slack';

/** Slack allows about one chat.postMessage per second per channel (short bursts tolerated). */
export const SLACK_CHANNEL_INTERVAL_MS = 1000;

export { CHANNEL_REFUSALS } from './errors.js';

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
  /**
   * Lookups that could not run (missing channels:history / groups:history, any other non-transient answer, or
   * transient failures maxHistoryFailures times in a row): the resend went ahead unchecked.
   */
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
  /** Transient history failures in a row (5xx, timeouts) after which a delivery is sent unchecked. Default 6. */
  maxHistoryFailures?: number;
  /** Told each time a resend goes ahead without the duplicate check, with why (the metric). */
  onUncheckedSend?: (reason: string) => void;
}

export interface SlackAdapter extends ThreadingAdapter {
  readonly platform: typeof SLACK_PLATFORM;
  readonly minChannelIntervalMs: number;
  /** The WebClient in use (shared with the Bolt app when both run). */
  readonly client: webApi.WebClient;
  readonly stats: SlackIdempotencyStats;
  alreadySent(delivery: Delivery, since: Date, root?: string): Promise<SentMessage | undefined>;
}

/** A reply's place: under the story's first message, also shown in the channel with broadcast. */
interface ThreadPlace {
  thread_ts: string;
  reply_broadcast: boolean;
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

function describeAnswer(a: ReturnType<typeof readSlackError>): string {
  switch (a.kind) {
    case 'ratelimited':
      return 'Slack rate limited the call';
    case 'platform':
      return `Slack answered ${a.error}`;
    case 'http':
      return `Slack answered HTTP ${a.status}`;
    case 'network':
      return 'request to Slack failed';
    case 'other':
      return a.detail;
  }
}

export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const client = createSlackWebClient(opts);
  const maxWait = opts.maxRetryAfterMs ?? 60_000;
  const maxWaits = opts.maxRateLimitWaits ?? 3;
  const log = opts.logger;

  async function send(delivery: Delivery): Promise<SentMessage> {
    return post(delivery, delivery.notice ? noticeMessage(delivery.notice) : delivery.digest ? digestMessage(digestView(delivery.digest)) : alertMessage(alertView(delivery)));
  }

  /** Threads on: a later report of a story as a reply under its first message (`thread_ts`), broadcast if asked. */
  async function reply(delivery: Delivery, root: string, ro: ThreadReplyOptions): Promise<ThreadReply> {
    return post(delivery, alertMessage(alertView(replyDelivery(delivery))), { thread_ts: root, reply_broadcast: ro.broadcast });
  }

  async function post(delivery: Delivery, message: { text: string; blocks: webApi.KnownBlock[] }, thread?: ThreadPlace): Promise<SentMessage> {
    const channel = delivery.channel.id;
    if (delivery.channel.platform !== SLACK_PLATFORM) {
      throw new PermanentDeliveryError('WRONG_PLATFORM', `slack adapter asked to post to a ${delivery.channel.platform} channel`);
    }
    for (let waits = 0; ; waits++) {
      try {
        const args = {
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          link_names: false,
          // Lets alreadySent() find this post in history after a lost answer (crash, timeout).
          metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { delivery_id: slackDeliveryId(delivery) } },
        };
        const res = await client.chat.postMessage(thread ? { ...args, ...thread } : args);
        if (typeof res.ts !== 'string' || !res.ts) throw new WireError('TRANSIENT', 'Slack accepted the post without a ts');
        return { messageId: res.ts };
      } catch (e) {
        if (e instanceof WireError) throw e;
        const err = slackDeliveryError(e, `chat.postMessage to ${channel}`);
        if (err instanceof RateLimitError && waits < maxWaits && err.retryAfterMs <= maxWait) {
          log.info('slack rate limited, waiting', { channel, retryAfterMs: err.retryAfterMs });
          await sleep(err.retryAfterMs);
          continue;
        }
        if (err instanceof PermanentDeliveryError) log.warn('slack refused the post', { channel, error: err.code, alert: delivery.alert.id });
        throw err;
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
        const a = readSlackError(e);
        if (a.kind === 'platform' && /^(message_not_found|cant_update_message|edit_window_closed)$/.test(a.error)) return send(delivery);
        const err = slackDeliveryError(e, `chat.update in ${channel}`);
        if (err instanceof RateLimitError && waits < maxWaits && err.retryAfterMs <= maxWait) {
          await sleep(err.retryAfterMs);
          continue;
        }
        throw err;
      }
    }
  }

  const stats: SlackIdempotencyStats = { historyChecks: 0, found: 0, refused: 0 };
  const maxPages = opts.maxHistoryPages ?? 5;
  const maxHistoryFailures = opts.maxHistoryFailures ?? 6;
  // Transient history failures per delivery, in a row: after maxHistoryFailures the check is skipped.
  const historyFailures = new Map<string, number>();
  const warned = new Set<string>();

  /** "Check after": looks for this delivery's post in the channel since the attempt was recorded. */
  async function alreadySent(delivery: Delivery, since: Date, root?: string): Promise<SentMessage | undefined> {
    const channel = delivery.channel.id;
    const id = slackDeliveryId(delivery);
    const oldest = ((since.getTime() - HISTORY_SKEW_MS) / 1000).toFixed(6);
    stats.historyChecks++;
    let cursor: string | undefined;
    let waits = 0;
    for (let page = 0; page < maxPages; page++) {
      let res: webApi.ConversationsHistoryResponse | webApi.ConversationsRepliesResponse;
      try {
        const args = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        // A thread reply is not in the channel's history (unless broadcast): it is among the replies under its root.
        res = root ? await client.conversations.replies({ ...args, ts: root }) : await client.conversations.history(args);
      } catch (e) {
        const a = readSlackError(e);
        // Waited out here, like send(): throwing would restart the check at page 1 and never reach page 2 on
        // installs where history allows one call a minute.
        if (a.kind === 'ratelimited' && waits < maxWaits && a.retryAfterMs <= maxWait) {
          waits++;
          await sleep(a.retryAfterMs);
          page--;
          continue;
        }
        if (a.kind === 'ratelimited') throw new RateLimitError(a.retryAfterMs, { cause: e });
        const key = slackDeliveryId(delivery);
        const failures = (historyFailures.get(key) ?? 0) + 1;
        if (isTransient(a) && failures < maxHistoryFailures) {
          historyFailures.set(key, failures);
          throw new WireError('TRANSIENT', `${describeAnswer(a)} for conversations.history in ${channel}`, { cause: e });
        }
        // The check must never hold a channel up: whatever else history answers (a missing scope, an unknown
        // method, a channel it cannot read, or the same 5xx again and again), send without it. That may
        // duplicate, never lose; the send itself meets a real refusal and classifies it.
        historyFailures.delete(key);
        stats.refused++;
        const reason = a.kind === 'platform' ? a.error : describeAnswer(a);
        opts.onUncheckedSend?.(reason);
        if (!warned.has(reason)) {
          warned.add(reason);
          log.warn('slack history unavailable; sending without the duplicate check (counted in lw_duplicate_checks_skipped_total)', {
            channel, reason, ...(a.kind === 'platform' && a.error === 'missing_scope' ? { fix: 'add channels:history and groups:history' } : {}),
          });
        }
        return undefined;
      }
      historyFailures.delete(slackDeliveryId(delivery));
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

  return { platform: SLACK_PLATFORM, minChannelIntervalMs: SLACK_CHANNEL_INTERVAL_MS, client, stats, send, alreadySent, update, reply };
}
