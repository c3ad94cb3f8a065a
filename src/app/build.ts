/**
 * Wiring only: config → stores, matcher, poller, outputs, deliverer. Nothing here decides anything.
 */
import { join } from 'node:path';
import type { Config } from '../config/load.js';
import { secretValues } from '../config/env.js';
import { createMatcher } from '../core/match/matcher.js';
import type { ChatAdapter, Clock, Logger } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import { Universe } from '../core/symbols.js';
import type { Matcher } from '../core/types.js';
import { createDeliverer, type Deliverer } from '../delivery/deliverer.js';
import { fetchFeed } from '../feeds/fetch.js';
import { HostLimiter } from '../feeds/host-limit.js';
import { parseFeed } from '../feeds/parse.js';
import { createPoller, type FeedSpec, type Poller } from '../feeds/poller.js';
import { openStores, type Stores } from '../store/open.js';
import { createConsoleAdapter } from '../adapters/console/adapter.js';
import { createLogger } from './logger.js';
import { resolveStatic, syncStaticSubscriptions } from './static-subs.js';
import { runCycle, type CycleReport, type FeedLease } from './pipeline.js';
import { noMetrics, type MetricsSink } from './metrics.js';
import { createStoriesStage, SHARED_REFRESH_MS } from './stories-stage.js';
import { createDigests, type Digests } from './digests.js';
import { createHealthNotices, healthNoticeSettings } from './health-notices.js';

export interface App {
  config: Config;
  stores: Stores;
  universe: Universe;
  matcher: Matcher;
  poller: Poller;
  deliverer: Deliverer;
  adapters: Map<string, ChatAdapter>;
  logger: Logger;
  clock: Clock;
  feeds: FeedSpec[];
  /** Hourly/daily digests and quiet hours: `tick()` queues the digests that are due. */
  digests: Digests;
  /** With `lease`: only the feeds this instance wins for that interval (scale-out). */
  runCycle(feeds?: readonly FeedSpec[], lease?: Omit<FeedLease, 'coordinator'>): Promise<CycleReport>;
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
  /** Where console alerts go (default stdout). */
  consoleWrite?: (text: string) => void;
  /** Print alerts to the console even when chat tokens are set (demo). */
  forceConsole?: boolean;
  storeUrl?: string;
  /** Overrides of poll settings (the demo alerts on old sample items). */
  pollOverrides?: Partial<Config['poll']>;
  allowPrivate?: boolean;
  /** Chat outputs built by the caller (Discord, Slack), keyed by platform. */
  chatAdapters?: readonly ChatAdapter[];
  /** Where polls, alerts and deliveries are counted (default: nowhere). */
  metrics?: MetricsSink;
  /** Drain the outbox at the end of each poll cycle (default true; a poller-only role leaves it to others). */
  drainAfterPoll?: boolean;
  /** Group reports of one event into one alert, edited in place (default true). */
  storyGrouping?: boolean;
}

export function consoleEnabled(config: Config, force = false): boolean {
  return force || (!config.env.DISCORD_TOKEN && !config.env.SLACK_BOT_TOKEN);
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const logger = opts.logger ?? createLogger({ level: config.env.LOG_LEVEL, secrets: secretValues(config.env) });
  const clock = opts.clock ?? systemClock;
  const poll = { ...config.poll, ...(opts.pollOverrides ?? {}) };
  const universe = new Universe(config.tickers);
  const matcher = createMatcher({ tickers: config.tickers, topics: config.topics });
  const metrics = opts.metrics ?? noMetrics;
  const stores = await openStores(opts.storeUrl ?? config.env.STORE_URL, {
    redisPrefix: config.env.REDIS_PREFIX,
    ...(config.env.INSTANCE_ID ? { instanceId: config.env.INSTANCE_ID } : {}),
    onRedisError: (e) => logger.warn('redis connection error; reconnecting', { error: String(e) }),
    onNotice: (msg, ctx) => logger.info(msg, ctx),
  });

  const subsFile = join(config.dir, 'subscriptions.yaml');
  try {
    await syncStaticSubscriptions(stores.subscriptions, resolveStatic(config.subscriptions, universe, subsFile, clock.now()));
  } catch (e) {
    await stores.close();
    throw e;
  }

  const adapters = new Map<string, ChatAdapter>();
  if (consoleEnabled(config, opts.forceConsole)) {
    const write = opts.consoleWrite ?? ((t: string) => process.stdout.write(t + '\n'));
    adapters.set('console', createConsoleAdapter({ write, color: !opts.consoleWrite && process.stdout.isTTY === true }));
  }
  for (const a of opts.chatAdapters ?? []) adapters.set(a.platform, a);

  const hostLimiter = new HostLimiter({ perHost: poll.perHostConcurrency });
  const allowPrivate = opts.allowPrivate ?? config.env.ALLOW_PRIVATE_FEEDS;
  const poller = createPoller({
    feedStates: stores.feedStates,
    seen: stores.seen,
    fetch: async (url, validators) => {
      metrics.count('lw_polls_total');
      try {
        const r = await fetchFeed(url, validators, {
          timeoutMs: poll.timeoutMs,
          maxBytes: poll.maxBytes,
          maxRedirects: poll.maxRedirects,
          userAgent: poll.userAgent,
          allowPrivate,
          allowAddresses: config.env.ALLOW_FEED_ADDRESSES,
          hostLimiter,
        });
        if (r.status === 'not-modified') metrics.count('lw_polls_not_modified_total');
        return r;
      } catch (e) {
        metrics.count('lw_poll_fetch_errors_total');
        throw e;
      }
    },
    parse: async (xml, o) => {
      try {
        return await parseFeed(xml, o);
      } catch (e) {
        metrics.count('lw_poll_parse_errors_total');
        throw e;
      }
    },
    clock,
    logger,
    backoffBaseMs: poll.backoffBaseMs,
    backoffMaxMs: poll.backoffMaxMs,
    newItemWindowHours: poll.newItemWindowHours,
    seenRetentionDays: poll.seenRetentionDays,
  });
  const deliverer = countDrains(
    createDeliverer({
      outbox: stores.outbox,
      subscriptions: stores.subscriptions,
      alerts: stores.alerts,
      adapters,
      clock,
      logger,
      coordinator: stores.coordinator,
      channelLeaseMs: config.env.DELIVERY_LEASE_MS,
      stories: stores.stories,
      // Platforms pace each channel (about 1 post/s): serving many channels at once is what gives throughput;
      // the global cap (config delivery.maxPerSecond) still bounds the total.
      concurrency: 16,
      maxPerSecond: config.delivery.maxPerSecond,
      giveUpAfterMs: config.delivery.giveUpAfterHours * 3600_000,
      // A 5xx, reset or short retry-after is retried within the drain, so a channel keeps its pace under faults.
      inlineRetryMs: 2_000,
      onLeasesHeld: (held) => metrics.set('lw_delivery_leases_held', held),
    }),
    metrics,
  );
  const feeds: FeedSpec[] = config.feeds.filter((f) => f.enabled).map((f) => ({ id: f.id, url: f.url, source: f.source, tags: f.tags }));
  const platforms = new Set(adapters.keys());
  // Restored from the store now, saved after each report: a restart keeps editing the stories it had posted.
  const digests = createDigests({ store: stores.digests, subscriptions: stores.subscriptions, outbox: stores.outbox, drain: () => deliverer.drain(), clock, logger });
  const healthNotices = createHealthNotices({ settings: healthNoticeSettings(poll.healthNotices), feedStates: stores.feedStates, platforms, clock, logger });
  const stories = opts.storyGrouping === false ? undefined : await createStoriesStage({
    store: stores.stories, clock, logger, tickers: config.tickers,
    // Both engines may be shared by several processes (SQLite: --role poller beside --role delivery).
    refreshMs: SHARED_REFRESH_MS,
  });

  return {
    config, stores, universe, matcher, poller, deliverer, adapters, logger, clock, feeds, digests,
    runCycle: (which = feeds, lease) =>
      runCycle(
        {
          poller, matcher, universe, subscriptions: stores.subscriptions, alerts: stores.alerts, outbox: stores.outbox, committer: stores.committer,
          deliverer, platforms, clock, logger, metrics, drain: opts.drainAfterPoll ?? true, pollConcurrency: poll.concurrency,
          ...(stories ? { stories } : {}),
          digests,
          healthNotices,
        },
        which,
        lease ? { ...lease, coordinator: stores.coordinator } : undefined,
      ),
    close: () => stores.close(),
  };
}

/** Counts what each drain did. Callers that join a running drain share its result object: count it once. */
function countDrains(deliverer: Deliverer, metrics: MetricsSink): Deliverer {
  const counted = new WeakSet<object>();
  return {
    ...deliverer,
    drain: async (limit?: number) => {
      const r = await deliverer.drain(limit);
      if (!counted.has(r)) {
        counted.add(r);
        metrics.count('lw_deliveries_sent_total', r.sent);
        metrics.count('lw_deliveries_retried_total', r.retried);
        metrics.count('lw_deliveries_dead_total', r.dead);
      }
      return r;
    },
  };
}
