/**
 * The whole bot on real parts for the hostile-input suite: a loopback feed server, a config copied from ./config
 * whose feeds point at it, a SQLite store in a temp dir, the real poller/matcher/route/outbox, and delivery through
 * the real Discord REST adapter (to FakeDiscord), the real Slack adapter (to FakeSlack) and the console adapter.
 *
 * The only departure from `buildApp().runCycle()` is pacing: the production deliverer spaces posts to one channel
 * by a second and caps all sends at 20/s, which would make thousands of fuzzed alerts take an hour. The rig runs
 * the same runCycle() with a deliverer built by the same createDeliverer() over the same stores, minus the pacing
 * (and the Discord adapter's REST client without its client-side global request cap, for the same reason).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { runCycle, type CycleReport } from '../../src/app/pipeline.js';
import { loadConfig } from '../../src/config/load.js';
import type { ChatAdapter } from '../../src/core/ports.js';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.js';
import type { FeedSpec } from '../../src/feeds/poller.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';

export const DISCORD_CHANNEL = '810000000000000001';
export const SLACK_CHANNEL = 'C0SECURITY';

export interface RigOptions {
  /** Feed ids; each is served at /<id>.xml on the feed server. */
  feeds: readonly string[];
  /** `poll:` settings over the rig defaults (no backoff, a window that lets any dated item alert, wide concurrency). */
  poll?: Record<string, number>;
  allowPrivate?: boolean;
  /** Override a feed's URL (redirect and scheme tests). */
  urls?: Record<string, string>;
}

export interface Rig {
  root: string;
  storeUrl: string;
  feedServer: FeedServer;
  discord: FakeDiscord;
  slack: FakeSlack;
  app: App;
  deliverer: Deliverer;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Everything the console adapter wrote, one entry per alert. */
  consoleOut: string[];
  feed(id: string): FeedSpec;
  /** One real cycle (poll → match → record → route → outbox → deliver) over the given feeds (default all). */
  cycle(feeds?: readonly FeedSpec[]): Promise<CycleReport>;
  close(): Promise<void>;
}

export async function startRig(o: RigOptions): Promise<Rig> {
  // A real SQLite file, on tmpfs when there is one: the fuzz makes tens of thousands of small writes, and an
  // fsync per write on a shared CI disk would dominate the run without testing anything more.
  const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'lw-security-'));
  const feedServer = await startFeedServer();
  const discord = await FakeDiscord.start();
  const slack = await FakeSlack.start();
  const dir = join(root, 'config');
  cpSync(new URL('../../config', import.meta.url), dir, { recursive: true });
  const poll = { newItemWindowHours: 1_000_000, backoffBaseMs: 1, backoffMaxMs: 1, perHostConcurrency: 16, concurrency: 16, ...(o.poll ?? {}) };
  const feedLines = o.feeds.map((id) => `  - { id: ${id}, url: "${o.urls?.[id] ?? feedServer.url(`/${id}.xml`)}" }`);
  writeFileSync(
    join(dir, 'feeds.yaml'),
    `poll:\n${Object.entries(poll).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\nfeeds:\n${feedLines.join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'subscriptions.yaml'),
    [
      'subscriptions:',
      '  - { platform: console, channel: terminal, want: all, watchlist: [ALB, SQM] }',
      `  - { platform: discord, channel: "${DISCORD_CHANNEL}", workspace: "${discord.guild.id}", want: all, watchlist: [ALB, PLS.AX] }`,
      `  - { platform: slack, channel: ${SLACK_CHANNEL}, workspace: T0LITHIUM, want: all, watchlist: [ALB, 300750.SZ] }`,
      '',
    ].join('\n'),
  );
  const storeUrl = `sqlite://${join(root, 'store.sqlite')}`;
  const config = loadConfig({ dir, env: { STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: o.allowPrivate === false ? 'false' : 'true' } });
  const logger = createMemoryLogger([discord.token, FAKE_BOT_TOKEN]);
  const consoleOut: string[] = [];
  // The adapter's own REST settings, except discord.js's client-side model of Discord's 50 requests/s global limit
  // (the production deliverer stays under it with its 20/s cap; the fake does not enforce it).
  const rest = new REST({ api: discord.apiUrl, retries: 0, rejectOnRateLimit: () => true, offset: 0, timeout: 10_000, globalRequestsPerSecond: 1_000_000 }).setToken(discord.token);
  const discordAdapter = createDiscordAdapter({ token: discord.token, apiUrl: discord.apiUrl, logger, minChannelIntervalMs: 0, rest });
  const slackAdapter: ChatAdapter = { ...createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: slack.apiUrl, logger }), minChannelIntervalMs: 0 };
  // No chat token in config.env, so buildApp adds the console output itself (as on a fresh install).
  const app = await buildApp(config, { logger, consoleWrite: (t) => consoleOut.push(t), chatAdapters: [discordAdapter, slackAdapter] });
  const deliverer = createDeliverer({
    outbox: app.stores.outbox,
    subscriptions: app.stores.subscriptions,
    alerts: app.stores.alerts,
    adapters: app.adapters,
    clock: app.clock,
    logger,
    maxPerSecond: 1_000_000,
    concurrency: 4,
  });
  const platforms = new Set(app.adapters.keys());
  return {
    root,
    storeUrl,
    feedServer,
    discord,
    slack,
    app,
    deliverer,
    logger,
    consoleOut,
    feed(id) {
      const f = app.feeds.find((x) => x.id === id);
      if (!f) throw new Error(`rig: no feed ${id}`);
      return f;
    },
    cycle(feeds = app.feeds) {
      const s = app.stores;
      return runCycle(
        { poller: app.poller, matcher: app.matcher, universe: app.universe, subscriptions: s.subscriptions, alerts: s.alerts, outbox: s.outbox, deliverer, platforms, clock: app.clock, logger },
        feeds,
      );
    },
    async close() {
      await app.close();
      await feedServer.close();
      await discord.close();
      await slack.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Collects unhandled rejections for the life of a suite. */
export function watchUnhandled(): { list: unknown[]; stop(): void } {
  const list: unknown[] = [];
  const onRejection = (reason: unknown) => list.push(reason);
  process.on('unhandledRejection', onRejection);
  return { list, stop: () => process.off('unhandledRejection', onRejection) };
}
