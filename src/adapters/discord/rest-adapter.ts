/**
 * The Discord ChatAdapter over REST only (no gateway), so `poll --once` can post and exit. Each send is exactly
 * one HTTP request: retries, backoff and pacing belong to the delivery outbox, which needs to see every failure.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError as DjsRateLimitError, REST, Routes, type APIMessage } from 'discord.js';
import { alertView } from '../../core/alert-view.js';
import { ConfigurationError, PermanentDeliveryError, RateLimitError, RejectedMessageError, WireError } from '../../core/errors.js';
import type { Logger, SentMessage } from '../../core/ports.js';
import type { ThreadingAdapter } from '../../core/threads.js';
import type { Delivery } from '../../core/types.js';
import { alertMessage } from './format.js';
import { digestMessage } from './digest-format.js';
import { digestView } from '../../core/digest-view.js';
import { noticeMessage } from './notice-format.js';
import { createDiscordThreads } from './threads.js';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base without the version (DISCORD_API_URL), e.g. "https://discord.com/api" or a loopback fake. */
  apiUrl?: string | undefined;
  logger: Logger;
  /** Per-request timeout; a timeout is transient (the nonce makes the resend safe). Default 15 s. */
  timeoutMs?: number;
  /** Optional REST instance to share (tests, or the gateway client's). */
  rest?: REST;
  /**
   * Spacing between posts to one channel, for the deliverer's pacing. Discord allows bursts of 5 per 5 s per
   * channel; one a second sustained never meets the limit. Default 1,000 ms.
   */
  minChannelIntervalMs?: number;
}

/** Discord error codes that mean "this channel will not take our posts as things stand". */
const PERMANENT_CODES = new Set([10003, 50001, 50013, 10004, 50007]);

/**
 * The message nonce: deterministic per (alert, channel), so a resend after a crash or timeout carries the same
 * nonce and Discord (enforce_nonce) returns the first message instead of posting a second. Max 25 characters.
 */
export function deliveryNonce(alertId: string, channelId: string): string {
  return createHash('sha256').update(`${alertId}\u0000${channelId}`).digest('base64url').slice(0, 25);
}

/** A REST client that makes one attempt per call and rejects on 429 instead of sleeping inside the library. */
export function createDiscordRest(opts: { token: string; apiUrl?: string | undefined; timeoutMs?: number }): REST {
  return new REST({
    ...(opts.apiUrl ? { api: opts.apiUrl } : {}),
    retries: 0,
    rejectOnRateLimit: () => true,
    offset: 0,
    timeout: opts.timeoutMs ?? 15_000,
  }).setToken(opts.token);
}

/** Maps what discord.js/rest threw to our error kinds: permanent, rate limited, or transient. */
export function mapDiscordError(e: unknown, channelId: string): WireError {
  if (e instanceof DjsRateLimitError) {
    return new RateLimitError(Math.max(0, Math.ceil(e.retryAfter)), { cause: e });
  }
  if (e instanceof DiscordAPIError) {
    const code = typeof e.code === 'number' ? e.code : 0;
    if (e.status === 403 || e.status === 404 || PERMANENT_CODES.has(code)) {
      return new PermanentDeliveryError(
        `DISCORD_${code || e.status}`,
        `Discord refused channel ${channelId}: ${e.status} ${e.message} (code ${code})`,
        { cause: e },
      );
    }
    if (e.status === 401) {
      return new ConfigurationError('DISCORD_UNAUTHORIZED', 'Discord rejected the bot token (401)', 'set DISCORD_TOKEN to the bot token from the Developer Portal (Bot → Reset Token)', { cause: e });
    }
    if (e.status >= 500) return new WireError('TRANSIENT', `Discord ${e.status}: ${e.message}`, { cause: e });
    if (e.status === 400 || e.status === 413) return new RejectedMessageError(`DISCORD_${code || e.status}`, `Discord rejected the message: ${e.status} ${e.message}`, { cause: e });
    return new WireError(`DISCORD_${code || e.status}`, `Discord rejected the message: ${e.status} ${e.message}`, { cause: e });
  }
  if (e instanceof HTTPError) {
    return new WireError('TRANSIENT', `Discord ${e.status} ${e.message}`, { cause: e });
  }
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new WireError('TRANSIENT', `Discord request failed: ${msg}`, { cause: e });
}

export function createDiscordAdapter(opts: DiscordAdapterOptions): ThreadingAdapter {
  const rest = opts.rest ?? createDiscordRest(opts);
  // discord.js drops the token on a 401; put it back, so the deliverer's next probe asks Discord again instead
  // of failing locally with "Expected token to be set" forever.
  const restoreToken = (e: unknown) => {
    if (e instanceof DiscordAPIError && e.status === 401) rest.setToken(opts.token);
  };
  const fail = (e: unknown, channelId: string): WireError => {
    restoreToken(e);
    return mapDiscordError(e, channelId);
  };
  const threads = createDiscordThreads({
    rest, logger: opts.logger, fail,
    send: (d) => adapter.send(d),
    nonce: (d) => deliveryNonce(d.alert.id, d.channel.id),
  });
  const adapter: ThreadingAdapter = {
    platform: 'discord',
    minChannelIntervalMs: opts.minChannelIntervalMs ?? 1_000,
    async send(delivery: Delivery): Promise<SentMessage> {
      const channelId = delivery.channel.id;
      const body = {
        ...(delivery.notice ? noticeMessage(delivery.notice) : delivery.digest ? digestMessage(digestView(delivery.digest)) : alertMessage(alertView(delivery))),
        nonce: deliveryNonce(delivery.alert.id, channelId),
        enforce_nonce: true,
      };
      try {
        const msg = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
        return { messageId: msg.id };
      } catch (e) {
        restoreToken(e);
        const err = mapDiscordError(e, channelId);
        // A configuration error is logged once, by the deliverer's pause, not on every probe.
        if (!(err instanceof ConfigurationError)) opts.logger.warn('discord send failed', { channel: channelId, alert: delivery.alert.id, code: err.code });
        throw err;
      }
    },
    async update(delivery: Delivery, messageId: string): Promise<SentMessage> {
      const channelId = delivery.channel.id;
      try {
        // PATCH replaces the embeds; allowed_mentions stays "parse nothing" (at most the admin's role) on the edit too.
        await rest.patch(Routes.channelMessage(channelId, messageId), { body: alertMessage(alertView(delivery)) });
        return { messageId };
      } catch (e) {
        // Someone deleted the story's message: post the story afresh rather than lose the update.
        if (e instanceof DiscordAPIError && e.code === UNKNOWN_MESSAGE) return adapter.send(delivery);
        restoreToken(e);
        const err = mapDiscordError(e, channelId);
        opts.logger.warn('discord edit failed', { channel: channelId, message: messageId, alert: delivery.alert.id, code: err.code });
        throw err;
      }
    },
    // Threads on (/threads): later reports as replies in a thread, forum channels a post per story (threads.ts).
    reply: (delivery, root, ro) => threads.reply(delivery, root, ro),
    sendThreaded: (delivery, earlierAttempt) => threads.sendThreaded(delivery, earlierAttempt),
  };
  return adapter;
}

/** Discord's "Unknown Message": the message to edit is gone. */
const UNKNOWN_MESSAGE = 10008;
