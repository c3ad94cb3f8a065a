/**
 * `start`: the long-running bot. Polls each feed on its schedule, delivers continuously, listens for
 * slash commands, and on SIGINT/SIGTERM stops taking new work and lets in-flight work finish.
 */
import cron from 'node-cron';
import type { Config } from '../config/load.js';
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

export interface StartOptions {
  /** Resolves when the bot should stop (tests); default: SIGINT/SIGTERM. */
  until?: Promise<void>;
  out?: (line: string) => void;
  /** Skip the DNS check and decide offline mode directly (tests). */
  offline?: boolean;
  /** Run one cycle right away instead of waiting for the first cron tick. */
  pollOnStart?: boolean;
  shutdownDeadlineMs?: number;
}

export async function startCommand(config: Config, opts: StartOptions = {}): Promise<void> {
  const out = opts.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const logger = createLogger({ level: config.env.LOG_LEVEL, secrets: secretValues(config.env), base: { pid: process.pid } });
  const chat = buildChatOutputs(config, logger);
  const offline = opts.offline ?? (await feedHostsUnreachable(config.feeds.filter((f) => f.enabled).map((f) => f.url)));
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
    // Sample stories are old: show them once rather than only the last few hours.
    ...(offline ? { allowPrivate: true, pollOverrides: { newItemWindowHours: 24 * 365 * 100 } } : {}),
  });

  out(`lithium-wire: ${app.feeds.length} feeds, ${config.tickers.length} tickers, store ${app.stores.location}`);
  out(consoleEnabled(config) ? 'console: on (alerts print here; set a chat token in .env to post to Discord or Slack instead)' : 'console: off');
  for (const line of chat.describe) out(line);

  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };
  const busy = new Set<string>();
  const cycle = async (key: string, feeds: readonly FeedSpec[]) => {
    if (stopping || busy.has(key)) return;
    busy.add(key);
    try {
      await track(app.runCycle(feeds));
    } catch (e) {
      logger.error('poll cycle failed', { schedule: key, error: describeError(e) });
    } finally {
      busy.delete(key);
    }
  };

  const groups = new Map<string, FeedSpec[]>();
  for (const f of runConfig.feeds.filter((x) => x.enabled)) {
    const spec = app.feeds.find((s) => s.id === f.id);
    if (!spec) continue;
    const key = f.schedule ?? config.poll.schedule;
    groups.set(key, [...(groups.get(key) ?? []), spec]);
  }
  const tasks = [...groups].map(([expr, feeds]) => cron.schedule(expr, () => cycle(expr, feeds), { name: `poll ${expr}`, noOverlap: true }));
  // Retries and deliveries queued by commands go out between polls too.
  const drainTimer = setInterval(() => {
    if (!stopping) void track(app.deliverer.drain()).catch((e: unknown) => logger.error('delivery failed', { error: describeError(e) }));
  }, 5_000);

  const quotes = createQuotes(
    { provider: config.env.QUOTES_PROVIDER, apiUrl: config.env.QUOTES_API_URL, finnhubApiKey: config.env.FINNHUB_API_KEY, alphavantageApiKey: config.env.ALPHAVANTAGE_API_KEY },
    { logger, clock: app.clock },
  );
  const commandDeps = {
    subscriptions: app.stores.subscriptions,
    alerts: app.stores.alerts,
    feedStates: app.stores.feedStates,
    universe: app.universe,
    clock: app.clock,
    logger,
    quotes,
  };
  let listeners: Awaited<ReturnType<typeof startChatListeners>>;
  try {
    listeners = await startChatListeners(config, commandDeps, logger, out);
  } catch (e) {
    for (const t of tasks) await t.stop();
    clearInterval(drainTimer);
    await app.close();
    samples?.server.close();
    throw e;
  }

  if (opts.pollOnStart ?? true) void Promise.all([...groups].map(([expr, feeds]) => cycle(expr, feeds)));
  out(`polling ${groups.size} schedule(s): ${[...groups.keys()].join(', ')} — Ctrl-C to stop`);

  await (opts.until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));

  stopping = true;
  out('stopping: no new polls; finishing in-flight work…');
  for (const t of tasks) await t.stop();
  clearInterval(drainTimer);
  const deadline = new Promise((r) => setTimeout(r, opts.shutdownDeadlineMs ?? 20_000).unref());
  await Promise.race([Promise.allSettled([...inFlight]), deadline]);
  for (const l of listeners) await l.stop().catch(() => undefined);
  await app.close();
  samples?.server.close();
  // Whatever did not finish stays pending in the outbox and is resumed on the next start.
  out('stopped');
}
