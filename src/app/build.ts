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
import { runCycle, type CycleReport } from './pipeline.js';

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
  runCycle(feeds?: readonly FeedSpec[]): Promise<CycleReport>;
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
  const stores = await openStores(opts.storeUrl ?? config.env.STORE_URL);

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
    fetch: (url, validators) =>
      fetchFeed(url, validators, {
        timeoutMs: poll.timeoutMs,
        maxBytes: poll.maxBytes,
        maxRedirects: poll.maxRedirects,
        userAgent: poll.userAgent,
        allowPrivate,
        hostLimiter,
      }),
    parse: (xml, o) => parseFeed(xml, o),
    clock,
    logger,
    backoffBaseMs: poll.backoffBaseMs,
    backoffMaxMs: poll.backoffMaxMs,
    newItemWindowHours: poll.newItemWindowHours,
    seenRetentionDays: poll.seenRetentionDays,
    concurrency: poll.concurrency,
  });
  const deliverer = createDeliverer({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    alerts: stores.alerts,
    adapters,
    clock,
    logger,
  });
  const feeds: FeedSpec[] = config.feeds.filter((f) => f.enabled).map((f) => ({ id: f.id, url: f.url, source: f.source, tags: f.tags }));
  const platforms = new Set(adapters.keys());

  return {
    config, stores, universe, matcher, poller, deliverer, adapters, logger, clock, feeds,
    runCycle: (which = feeds) =>
      runCycle({ poller, matcher, universe, subscriptions: stores.subscriptions, alerts: stores.alerts, outbox: stores.outbox, deliverer, platforms, clock, logger }, which),
    close: () => stores.close(),
  };
}
