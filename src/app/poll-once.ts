/** `poll --once`: one poll of every feed, deliver over REST, exit. Non-zero only if the run itself failed. */
import type { Config } from '../config/load.js';
import { secretValues } from '../config/env.js';
import { buildApp } from './build.js';
import { buildChatOutputs } from './chat.js';
import { createLogger } from './logger.js';
import { join } from 'node:path';
import { feedHostsUnreachable } from './offline.js';
import { serveSamples } from './demo.js';
import { configuredFeedSource, storedFeedSource } from './feed-sources.js';

export interface PollOnceOptions {
  /** Decide offline mode directly instead of by DNS (tests). */
  offline?: boolean;
}

export async function pollOnceCommand(config: Config, out: (l: string) => void, opts: PollOnceOptions = {}): Promise<number> {
  const base = createLogger({ level: config.env.LOG_LEVEL, secrets: secretValues(config.env) });
  // The summary below lists each failed feed with its error: the poller's own warning would say it twice.
  const logger = { ...base, warn: (msg: string, ctx?: Record<string, unknown>) => (msg === 'feed poll failed' ? undefined : base.warn(msg, ctx)) };
  const chat = buildChatOutputs(config, logger);
  // The same fallback as `start`: with no feed host resolving, poll the bundled samples instead of N DNS errors.
  const offline = opts.offline ?? (await feedHostsUnreachable(config.feeds.filter((f) => f.enabled).map((f) => f.url)));
  const samples = offline ? await serveSamples(join(config.dir, 'samples')) : undefined;
  const runConfig = samples
    ? { ...config, feeds: samples.urls.map((u) => ({ ...u, tags: ['sample'], enabled: true, schedule: undefined, source: undefined })) }
    : config;
  if (samples) out('offline: no feed host resolves, so this run polls the bundled sample feeds in config/samples (run online for the real feeds)');
  const app = await buildApp(runConfig, {
    logger, chatAdapters: chat.adapters,
    ...(samples ? { allowPrivate: true, pollOverrides: { newItemWindowHours: 24 * 365 * 100 } } : {}),
  });
  try {
    // Chat-added feeds too, except offline (the samples are fetched with private addresses allowed).
    const stored = samples ? [] : await storedFeedSource({ registry: app.stores.feedRegistry, yaml: config.feeds, logger })();
    // Paused feeds (`feed pause`) are left out here as in `start`.
    const configured = await configuredFeedSource(app.feeds, { registry: app.stores.feedRegistry, logger })();
    const r = await app.runCycle([...configured, ...stored]);
    const failed = r.feeds.filter((f) => f.outcome === 'failed');
    // Pending and dead as the outbox holds them after the run (what `outbox list` shows), not this drain's tally.
    const pending = (await app.stores.outbox.list('pending')).length;
    const dead = (await app.stores.outbox.list('dead')).length;
    out(
      `polled ${r.feeds.length} feeds: ${r.items} new items, ${r.alerts.length} matched, ` +
        `${r.delivery.sent} delivered, ${pending} pending, ${dead} dead, ${failed.length} feeds failed`,
    );
    if (pending) out(`  ${pending} deliveries wait for a later run (see \`lithium-wire outbox list\`)`);
    for (const f of failed) out(`  feed ${f.feedId} failed: ${f.error ?? 'unknown error'}`);
    return 0;
  } finally {
    await app.close();
    samples?.server.close();
  }
}
