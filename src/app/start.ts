/**
 * `start`: the long-running bot. Polls each feed on its schedule, delivers continuously, listens for
 * slash commands, and on SIGINT/SIGTERM stops taking new work and lets in-flight work finish.
 * `--role` picks a part of that (roles.ts); several instances share the work through the store's coordinator.
 */
import type { Config } from '../config/load.js';
import type { Env } from '../config/env.js';
import { describeError } from '../core/errors.js';
import type { FeedSpec } from '../feeds/poller.js';
import { join } from 'node:path';
import { buildApp, consoleEnabled } from './build.js';
import { serveSamples } from './demo.js';
import { feedHostsUnreachable } from './offline.js';
import { buildChatOutputs, startChatListeners } from './chat.js';
import { createLogger } from './logger.js';
import { secretValues } from '../config/env.js';
import { createQuotes } from '../quotes/index.js';
import { deadLetterCounter } from '../delivery/dead-letters.js';
import { createMetrics, startMetricsServer, type Metrics, type MetricsServer } from './metrics.js';
import { dutiesOf, startPollSchedule, type Role } from './roles.js';
import type { App } from './build.js';
import { startDigestTimer } from './digests.js';

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
}

export async function startCommand(config: Config, opts: StartOptions = {}): Promise<void> {
  const out = opts.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const logger = createLogger({ level: config.env.LOG_LEVEL, secrets: secretValues(config.env), base: { pid: process.pid } });
  const metrics = createMetrics();
  const chat = buildChatOutputs(config, logger, metrics);
  const role = opts.role ?? 'all';
  const duties = dutiesOf(role);
  // Only a poller cares whether feed hosts resolve.
  const offline = duties.poll && (opts.offline ?? (await feedHostsUnreachable(config.feeds.filter((f) => f.enabled).map((f) => f.url))));
  let samples: Awaited<ReturnType<typeof serveSamples>> | undefined;
  let runConfig = config;
  if (offline) {
    samples = await serveSamples(join(config.dir, 'samples'));
    runConfig = { ...config, feeds: samples.urls.map((u) => ({ ...u, tags: ['sample'], enabled: true, schedule: undefined, source: undefined })) };
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

  out(`lithium-wire: ${app.feeds.length} feeds, ${config.tickers.length} tickers, store ${app.stores.location}`);
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
  const groups = new Map<string, FeedSpec[]>();
  for (const f of runConfig.feeds.filter((x) => x.enabled)) {
    const spec = app.feeds.find((s) => s.id === f.id);
    if (!spec) continue;
    const key = f.schedule ?? config.poll.schedule;
    groups.set(key, [...(groups.get(key) ?? []), spec]);
  }
  // Each feed is fetched once per interval across instances (feed leases; roles.ts).
  const schedule = duties.poll ? startPollSchedule({ groups, runCycle: (feeds, lease) => app.runCycle(feeds, lease), logger, track }) : undefined;
  // Retries, deliveries queued by commands and by poller-only instances go out between polls too.
  const drainTimer = duties.deliver
    ? setInterval(() => {
        if (!stopping) void track(app.deliverer.drain()).catch((e: unknown) => logger.error('delivery failed', { error: describeError(e) }));
      }, config.env.DRAIN_INTERVAL_MS)
    : undefined;
  // Digests (hourly, daily, after quiet hours) are looked for every minute; a digest is queued once per slot.
  const digestTimer = duties.deliver ? startDigestTimer(app.digests, { logger, track }) : undefined;
  const stopWork = async () => {
    await schedule?.stop();
    clearInterval(drainTimer);
    digestTimer?.stop();
  };

  const quotes = createQuotes(
    { provider: config.env.QUOTES_PROVIDER, apiUrl: config.env.QUOTES_API_URL, finnhubApiKey: config.env.FINNHUB_API_KEY, alphavantageApiKey: config.env.ALPHAVANTAGE_API_KEY },
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
    deadLetters: deadLetterCounter(app.stores.outbox),
  };
  let chatListeners: Awaited<ReturnType<typeof startChatListeners>>;
  let metricsServer: MetricsServer | undefined;
  try {
    chatListeners = await startChatListeners(config, commandDeps, logger, out, {
      commands: duties.deliver,
      gateway: duties.gateway ? { coordinator: app.stores.coordinator, ttlMs: config.env.GATEWAY_LEASE_MS } : undefined,
    });
    metricsServer = await serveMetrics(app, metrics, config.env, chatListeners.ports, {
      role,
      leader: chatListeners.gatewayLeader,
      feedsClaimed: () => schedule?.feedsClaimed() ?? 0,
    }, out);
  } catch (e) {
    await stopWork();
    await app.close();
    samples?.server.close();
    throw e;
  }
  const listeners = chatListeners.listeners;

  if (schedule && (opts.pollOnStart ?? true)) void schedule.pollNow();
  out(
    schedule
      ? `polling ${groups.size} schedule(s): ${[...groups.keys()].join(', ')} — Ctrl-C to stop`
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
  await metricsServer?.close();
  await app.close();
  samples?.server.close();
  // Whatever did not finish stays pending in the outbox and is resumed on the next start.
  out('stopped');
}

/**
 * /metrics and /healthz on METRICS_PORT, or by default on the first of PORT, PORT+1, PORT+2 that no chat HTTP
 * server holds (PORT=0: an ephemeral port). A port in use only turns metrics off: it never stops the bot.
 */
async function serveMetrics(
  app: App,
  metrics: Metrics,
  env: Env,
  taken: readonly number[],
  info: { role: Role; leader: () => boolean; feedsClaimed: () => number },
  out: (l: string) => void,
): Promise<MetricsServer | undefined> {
  if (env.METRICS_PORT === 'off') return undefined;
  const port = typeof env.METRICS_PORT === 'number' ? env.METRICS_PORT : env.PORT === 0 ? 0 : [env.PORT, env.PORT + 1, env.PORT + 2].find((p) => !taken.includes(p)) ?? 0;
  const { outbox, coordinator } = app.stores;
  const depth = async () => {
    if ('counts' in outbox && typeof outbox.counts === 'function') return (await outbox.counts()) as { pending: number; dead: number };
    return { pending: (await outbox.list('pending')).length, dead: (await outbox.list('dead')).length };
  };
  metrics.gauge('lw_outbox_pending', 'Deliveries waiting in the outbox (shared by every instance on one store).', async () => (await depth()).pending);
  metrics.gauge('lw_outbox_dead', 'Dead letters in the outbox.', async () => (await depth()).dead);
  metrics.gauge('lw_gateway_leader', '1 while this instance holds the Discord gateway lease.', () => (info.leader() ? 1 : 0));
  metrics.gauge('lw_feeds_claimed', "Feeds this instance fetched in each schedule's latest interval (feed leases won).", info.feedsClaimed);
  metrics.gauge('process_resident_memory_bytes', 'Resident set size of this process.', () => process.memoryUsage.rss());
  metrics.info('lw_instance_info', 'This instance: its lease owner id, role and store engine.', {
    instance: coordinator.instanceId,
    role: info.role,
    store: app.stores.engine,
  });
  const started = Date.now();
  try {
    const srv = await startMetricsServer({
      port,
      metrics,
      health: async () => {
        // Healthy while the store answers: an instance cut off from Redis can neither poll nor deliver.
        let timer: NodeJS.Timeout | undefined;
        const store = await Promise.race([
          outbox.pending(1).then(() => 'ok', (e: unknown) => `error: ${describeError(e)}`),
          new Promise<string>((r) => (timer = setTimeout(() => r('timeout'), 2000))),
        ]);
        clearTimeout(timer);
        // A platform paused on a configuration error (bad token, missing scope) is unhealthy: say why.
        const platforms = app.deliverer.platformHealth();
        const down = platforms.filter((p) => !p.ok);
        const reason = [...(store === 'ok' ? [] : [`store ${store}`]), ...down.map((p) => `${p.name}: ${p.reason ?? 'paused'}`)].join('; ');
        return { ok: store === 'ok' && down.length === 0, ...(reason ? { reason } : {}), store, platforms, instance: coordinator.instanceId, role: info.role, gatewayLeader: info.leader(), uptimeS: Math.round((Date.now() - started) / 1000) };
      },
    });
    out(`metrics: ${srv.url}/metrics and /healthz`);
    return srv;
  } catch (e) {
    out(`metrics: off (port ${port}: ${describeError(e)}; set METRICS_PORT)`);
    return undefined;
  }
}
