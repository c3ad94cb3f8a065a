/** zod schemas for the files in config/. Unknown fields are errors: a typo must not be silently ignored. */
import { z } from 'zod';
import cron from 'node-cron';
import { WANTS } from '../core/types.js';

const httpUrl = z
  .string()
  .url('must be a URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const cronExpr = z.string().refine((s) => cron.validate(s), 'must be a valid cron expression (e.g. "*/5 * * * *")');

export const FeedSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore'),
    url: httpUrl,
    schedule: cronExpr.optional(),
    tags: z.array(z.string()).default([]),
    /** Outlet name shown in alerts when the feed's own title is unhelpful. */
    source: z.string().optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

/** `platform:channel-id`, e.g. `discord:123456789012345678` or `slack:C0123456`. */
const channelRef = z
  .string()
  .regex(/^[a-z][a-z0-9-]*:[A-Za-z0-9._-]+$/, 'must be platform:channel-id, e.g. "discord:123456789012345678" or "slack:C0123456"');

/**
 * Feed health notices. On by default, after 5 failures: with the default backoff (1 min doubling) a feed polled
 * every 10 minutes has then failed for about 40 minutes and is about to be backed off for longer than an interval,
 * which is the moment someone should look; fewer would notify on a host's brief outage.
 */
export const HealthNoticesSchema = z
  .object({
    enabled: z.boolean().default(true),
    after: z.number().int().min(1).default(5),
    /** Admin channels for every feed's notices; empty: the channels subscribed to the feed get them. */
    channels: z.array(channelRef).default([]),
  })
  .strict();

export const PollSchema = z
  .object({
    schedule: cronExpr.default('*/5 * * * *'),
    timeoutMs: z.number().int().positive().default(15_000),
    maxBytes: z.number().int().positive().default(5 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    perHostConcurrency: z.number().int().positive().default(2),
    concurrency: z.number().int().positive().default(8),
    backoffBaseMs: z.number().int().positive().default(60_000),
    backoffMaxMs: z.number().int().positive().default(6 * 3600_000),
    /** On a feed's first poll, items newer than this still alert so a new install shows something. */
    newItemWindowHours: z.number().min(0).default(6),
    seenRetentionDays: z.number().positive().default(30),
    /** Feeds one Discord server or Slack workspace may add from chat (`/feed add`). */
    chatFeedsPerWorkspace: z.number().int().min(0).default(25),
    userAgent: z.string().default('lithium-wire/0.1 (+https://github.com/lithium-wire/lithium-wire)'),
    healthNotices: HealthNoticesSchema.default(HealthNoticesSchema.parse({})),
  })
  .strict();

export const DeliverySchema = z
  .object({
    /** Global cap on chat API sends per second, all channels together. */
    maxPerSecond: z.number().positive().default(20),
    /** A delivery that keeps failing transiently goes to the dead letters after this long. */
    giveUpAfterHours: z.number().positive().default(24),
  })
  .strict();

/** /ticker's quotes. `charts: false` answers text only and never asks the provider for price history. */
export const QuotesSchema = z
  .object({
    charts: z.boolean().default(true),
  })
  .strict();

export const FeedsFileSchema = z
  .object({
    poll: PollSchema.default(PollSchema.parse({})),
    delivery: DeliverySchema.default(DeliverySchema.parse({})),
    quotes: QuotesSchema.default(QuotesSchema.parse({})),
    feeds: z.array(FeedSchema),
  })
  .strict();

export const TickerSchema = z
  .object({
    symbol: z.string().regex(/^[A-Z0-9][A-Z0-9.-]*$/, 'upper-case canonical symbol such as ALB or PLS.AX'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    exchange: z.string().optional(),
    listings: z.array(z.string()).default([]),
    delisted: z
      .object({ since: z.string(), successor: z.string().optional(), note: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

export const TickersFileSchema = z.object({ tickers: z.array(TickerSchema) }).strict();

const WantSchema = z.enum(WANTS as unknown as [string, ...string[]]);

export const StaticSubscriptionSchema = z
  .object({
    platform: z.string().min(1),
    channel: z.string().min(1),
    workspace: z.string().optional(),
    want: WantSchema.default('lithium-supply'),
    watchlist: z
      .array(z.union([z.string(), z.object({ symbol: z.string(), name: z.string().optional() }).strict()]))
      .default([]),
    /** Later reports of a story as thread replies (on / broadcast) instead of edits in place (off, the default). */
    threads: z.union([z.boolean(), z.enum(['on', 'off', 'broadcast'])]).optional(),
  })
  .strict();

export const SubscriptionsFileSchema = z
  .object({ subscriptions: z.array(StaticSubscriptionSchema).default([]) })
  .strict();

export type FeedConfig = z.infer<typeof FeedSchema>;
export type PollConfig = z.infer<typeof PollSchema>;
export type HealthNoticesConfig = z.infer<typeof HealthNoticesSchema>;
export type DeliveryConfig = z.infer<typeof DeliverySchema>;
export type QuotesConfig = z.infer<typeof QuotesSchema>;
export type TickerConfig = z.infer<typeof TickerSchema>;
export type StaticSubscription = z.infer<typeof StaticSubscriptionSchema>;
