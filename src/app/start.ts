/**
 * `start`: the long-running bot. Polls each feed on its schedule, delivers continuously, listens for
 * slash commands, and on SIGINT/SIGTERM stops taking new work and lets in-flight work finish.
 * `--role` picks a part of that (roles.ts); several instances share the work through the store's coordinator.
 * One HTTP server on HOST:PORT carries every route (/healthz, /metrics, /slack/events, /discord/interactions, the
 * samples in offline mode); it is bound first, so a port conflict is known before any work starts.
 */
import type { Config } from '../config/load.js';
import { describeError, WireError } from '../core/errors.js';
import type { FeedSpec } from '../feeds/poller.js';
import { join } from 'node:path';
import { buildApp, consoleEnabled } from './build.js';
import { sampleFeeds, samplesHandler, serveSamples } from './demo.js';
import { feedHostsUnreachable } from './offline.js';
import { buildChatOutputs, inboundHttpNeeded, startChatListeners } from './chat.js';
import { createLogger } from './logger.js';
import { secretValues } from '../config/env.js';
import { createChartRenderer } from '../charts/render.js';
import { createQuotes } from '../quotes/index.js';
import { deadLetterCounter } from '../delivery/dead-letters.js';
import { createMetrics } from './metrics.js';
import { dutiesOf, startPollSchedule, type FeedGroup, type Role } from './roles.js';
import { configuredFeedSource, forgetRemovedFeeds, storedFeedSource } from './feed-sources.js';
import { feedCommandDeps } from './feed-probe.js';
import { startDigestTimer } from './digests.js';
import { createHealthRegistry } from './http/health.js';
import { createRouter } from './http/router.js';
import { startHttpServer, type HttpServer } from './http/server.js';
import { mountHealth, mountMetrics, storeCheck } from './http/bot-routes.js';
import { mountDashboard } from './dashboard/index.js';
import { listDashboardFeeds } from './dashboard/feed-list.js';

export interface StartOptions {
  /** Resolves when the bot should stop (tests); default: SIGINT/SIGTERM. */
  until?: Promise<void>;
  out?: (line: string) => void;
  /** Skip the DNS check and decide offline mode directly (tests). */
  offline?: boolean;
  /** Run one cycle right away instead of waiting for the first cron tick. */
  pollOnStart?: boolean;
  shutdownDeadlineMs?: number;
  /** Which part of the work this instance does (default all). */
  role?: Role;
  /** Called once the bot is up with the HTTP server's bound URL (undefined when the port was unavailable). */
  onReady?: (info: { url: string | undefined }) => void;
}

export async function startCommand(config: Config, opts: StartOptions = {}): Promise<void> {
  const out = opts.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const { env } = config;
  const logger = createLogger({ level: env.LOG_LEVEL, secrets: secretValues(env), base: { pid: process.pid } });
  const metrics = createMetrics();
  const chat = buildChatOutputs(config, logger, metrics);
  const role = opts.role ?? 'all';
  const duties = dutiesOf(role);
  const router = createRouter();
  const health = createHealthRegistry();
  const removeStarting = health.register('start', () => ({ ok: false, reason: 'starting' }));
  const instance: Record<string, unknown> = { role };
  mountHealth(router, health, () => instance);

  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  let http: HttpServer | undefined;
  try {
    http = await startHttpServer({ host: env.HOST, port: env.PORT, router });
  } catch (e) {
    const why = `cannot listen on ${env.HOST}:${env.PORT} (${describeError(e)})`;
    // Slack and Discord would post to a server that is not there: stop now rather than run deaf.
    if (inboundHttpNeeded(env, duties.deliver)) {
      throw new WireError('HTTP_LISTEN', `${why}; Slack events and Discord interactions need it: free the port or set PORT / HOST`, { cause: e });
    }
    out(`http: off: ${why}; the dashboard, /healthz and /metrics are unavailable (set PORT or HOST)`);
  }
  if (http) closers.push(() => http.close());

  try {
    // Only a poller cares whether feed hosts resolve.
    const offline = duties.poll && (opts.offline ?? (await feedHostsUnreachable(config.feeds.filter((f) => f.enabled).map((f) => f.url))));
    let runConfig = config;
    if (offline) {
      const dir = join(config.dir, 'samples');
      let urls: { id: string; url: string }[];
      if (http) {
        const s = samplesHandler(dir, '/samples/');
        router.mount('/samples/', s.handler, { prefix: true, methods: ['GET', 'HEAD'] });
        urls = sampleFeeds(s.files, `${http.localUrl}/samples/`);
      } else {
        const samples = await serveSamples(dir);
        closers.push(async () => samples.server.close());
        urls = samples.urls;
      }
      runConfig = { ...config, feeds: urls.map((u) => ({ ...u, tags: ['sample'], enabled: true, schedule: undefined, source: undefined })) };
      out('offline: no feed host resolves, so this run polls the bundled sample feeds in config/samples (run online for the real feeds)');
    }
    const app = await buildApp(runConfig, {
      logger,
      chatAdapters: chat.adapters,
      metrics,
      // A poller-only instance queues; delivery instances send.
      drainAfterPoll: duties.deliver,
      // Sample stories are old: show them once rather than only the last few hours.
      ...(offline ? { allowPrivate: true, pollOverrides: { newItemWindowHours: 24 * 365 * 100 } } : {}),
    });
    closers.push(() => app.close());
    instance.instance = app.stores.coordinator.instanceId;
    health.register('store', storeCheck(app));
    // A platform paused on a configuration error (bad token, missing scope) is unhealthy until it works again.
    for (const name of chat.adapters.map((a) => a.platform)) {
      health.register(`delivery:${name}`, () => {
        const p = app.deliverer.platformHealth().find((x) => x.name === name);
        return p && !p.ok ? { ok: false, reason: p.reason ?? 'paused' } : { ok: true };
      });
    }

    const stored = offline ? 0 : (await app.stores.feedRegistry.list().catch(() => [])).length;
    out(`lithium-wire: ${app.feeds.length} feeds${stored ? ` (+${stored} added from chat)` : ''}, ${config.tickers.length} tickers, store ${app.stores.location}`);
    out(`role: ${role} (instance ${app.stores.coordinator.instanceId})`);
    out(consoleEnabled(config) ? 'console: on (alerts print here; set a chat token in .env to post to Discord or Slack instead)' : 'console: off');
    for (const line of chat.describe) out(line);

    const inFlight = new Set<Promise<unknown>>();
    let stopping = false;
    const track = <T>(p: Promise<T>): Promise<T> => {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => undefined);
      return p;
    };
    const fixed = new Map<string, FeedSpec[]>();
    for (const f of runConfig.feeds.filter((x) => x.enabled)) {
      const spec = app.feeds.find((s) => s.id === f.id);
      if (!spec) continue;
      const key = f.schedule ?? config.poll.schedule;
      fixed.set(key, [...(fixed.get(key) ?? []), spec]);
    }
    // Read at every tick: a paused config feed is left out from the next one on (feed-sources.ts).
    const sourceOpts = { registry: app.stores.feedRegistry, logger };
    const groups = new Map<string, FeedGroup>([...fixed].map(([key, specs]) => [key, configuredFeedSource(specs, sourceOpts)]));
    // The default schedule runs even with no configured feed on it, for the feeds added from chat.
    const chatOnly = !offline && !fixed.has(config.poll.schedule);
    // Chat-added feeds poll on the default schedule, read from the store at each tick (no restart). Offline, the
    // samples are fetched with private addresses allowed: stored feeds must not ride along on that.
    if (!offline) {
      const stored = storedFeedSource({ registry: app.stores.feedRegistry, yaml: config.feeds, logger });
      const yamlDefault = configuredFeedSource(fixed.get(config.poll.schedule) ?? [], sourceOpts);
      groups.set(config.poll.schedule, async () => [...(await yamlDefault()), ...(await stored())]);
    }
    // Each feed is fetched once per interval across instances (feed leases; roles.ts).
    // Offline, the polled samples are neither configured nor stored: nothing to forget then.
    const afterCycle = offline ? undefined : { registry: app.stores.feedRegistry, yaml: config.feeds, logger, feedStates: app.stores.feedStates };
    const runCycle = async (feeds: readonly FeedSpec[], lease: Parameters<typeof app.runCycle>[1]) => {
      const report = await app.runCycle(feeds, lease);
      if (afterCycle) await forgetRemovedFeeds(feeds, afterCycle);
      return report;
    };
    const schedule = duties.poll ? startPollSchedule({ groups, runCycle, logger, track }) : undefined;
    // Retries, deliveries queued by commands and by poller-only instances go out between polls too.
    const drainTimer = duties.deliver
      ? setInterval(() => {
          if (!stopping) void track(app.deliverer.drain()).catch((e: unknown) => logger.error('delivery failed', { error: describeError(e) }));
        }, env.DRAIN_INTERVAL_MS)
      : undefined;
    // Digests (hourly, daily, after quiet hours) are looked for every minute; a digest is queued once per slot.
    const digestTimer = duties.deliver ? startDigestTimer(app.digests, { logger, track }) : undefined;
    const stopWork = async () => {
      await schedule?.stop();
      clearInterval(drainTimer);
      digestTimer?.stop();
    };
    closers.push(stopWork);

    const quotes = createQuotes(
      { provider: env.QUOTES_PROVIDER, apiUrl: env.QUOTES_API_URL, finnhubApiKey: env.FINNHUB_API_KEY, alphavantageApiKey: env.ALPHAVANTAGE_API_KEY },
      // Shared by every instance on Redis, so one fetch and one 429 pause serve them all; per process on SQLite.
      { logger, clock: app.clock, store: app.stores.quoteCache },
    );
    const commandDeps = {
      subscriptions: app.stores.subscriptions,
      alerts: app.stores.alerts,
      feedStates: app.stores.feedStates,
      universe: app.universe,
      clock: app.clock,
      logger,
      quotes,
      // /ticker's chart image (resvg, in process); a failing render leaves the text trend alone. Without a
      // renderer (`quotes.charts: false`) /ticker answers text only and never asks for price history.
      charts: config.quotes.charts ? createChartRenderer() : undefined,
      deadLetters: deadLetterCounter(app.stores.outbox),
      topics: config.topics.map((t) => ({ id: t.id, short: t.short })),
      feeds: feedCommandDeps(config, app.stores.feedRegistry),
    };
    const chatListeners = await startChatListeners(config, commandDeps, logger, out, {
      commands: duties.deliver,
      gateway: duties.gateway ? { coordinator: app.stores.coordinator, ttlMs: env.GATEWAY_LEASE_MS } : undefined,
      router,
      health,
    });
    const listeners = chatListeners.listeners;
    if (http) {
      const dashboard = mountDashboard(router, {
        stores: app.stores,
        matcher: app.matcher,
        // Every feed: what config/feeds.yaml makes this run poll, and the chat-added ones, paused or not.
        feeds: () => listDashboardFeeds(app.feeds, app.stores.feedRegistry),
        topics: ['lithium-supply', ...config.topics.map((t) => t.id).filter((id) => id !== 'lithium-supply')],
        commandDeps,
        clock: app.clock,
        logger,
      }, { token: env.DASHBOARD_TOKEN, host: env.HOST });
      if (!dashboard.enabled) logger.warn('dashboard refused to start: HOST is not loopback and DASHBOARD_TOKEN is not set', { host: env.HOST });
      out(dashboard.describe);
    }
    Object.defineProperty(instance, 'gatewayLeader', { enumerable: true, get: () => chatListeners.gatewayLeader() });
    if (env.METRICS_PORT !== 'off') {
      mountMetrics(router, metrics, app, { role, leader: chatListeners.gatewayLeader, feedsClaimed: () => schedule?.feedsClaimed() ?? 0 });
    }
    if (typeof env.METRICS_PORT === 'number') out(`METRICS_PORT is no longer used: /metrics is served with everything else on PORT (${env.PORT})`);
    removeStarting();
    if (http) out(`http: listening on ${http.url} (${router.paths().join(', ')})`);
    opts.onReady?.({ url: http?.url });

    if (schedule && (opts.pollOnStart ?? true)) void schedule.pollNow();
    out(
      schedule
        ? `polling ${fixed.size} schedule(s): ${[...fixed.keys()].join(', ')}${chatOnly ? `; feeds added from chat on ${config.poll.schedule}` : ''} — Ctrl-C to stop`
        : `polling: off (role ${role}) — Ctrl-C to stop`,
    );

    await (opts.until ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }));

    stopping = true;
    // The send in flight finishes and is recorded; the rest of the queue stays pending for the next start.
    void app.deliverer.stop();
    out('stopping: no new polls; finishing in-flight work…');
    await stopWork();
    const deadline = new Promise((r) => setTimeout(r, opts.shutdownDeadlineMs ?? 20_000).unref());
    await Promise.race([Promise.allSettled([...inFlight]), deadline]);
    for (const l of listeners) await l.stop().catch(() => undefined);
  } finally {
    // Whatever did not finish stays pending in the outbox and is resumed on the next start.
    await closeAll();
  }
  out('stopped');
}
