/**
 * Health notices with several instances: two apps built as `start` builds them share one Redis (feed leases,
 * outbox, feed states) and post to the fake Discord. Both run every interval; whichever wins the feed polls it.
 * However the polls fall between them, the failing feed makes one notice and its recovery one more.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/config/load.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { switchableFeed } from '../support/health-feed.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from './redis-env.js';

const root = mkdtempSync(join(tmpdir(), 'lw-health-redis-'));
const prefix = runPrefix('health-inst');
let fake: FakeDiscord;
let feeds: FeedServer;
const apps: App[] = [];
beforeAll(async () => {
  fake = await FakeDiscord.start();
  feeds = await startFeedServer();
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await fake.close();
  await feeds.close();
  const admin = await connectTestRedis();
  await dropPrefix(admin, prefix);
  await admin.close();
  rmSync(root, { recursive: true, force: true });
});

describe('health notices with two instances on one Redis', () => {
  it('one failing notice and one recovery notice in the channel, whichever instance polls', async () => {
    const feed = switchableFeed(feeds, '/wire.rss');
    const channel = fake.defaultChannel.id;
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    writeFileSync(join(dir, 'feeds.yaml'), [
      'poll:', '  backoffBaseMs: 1', '  backoffMaxMs: 1', '  healthNotices: { after: 3 }',
      'feeds:', `  - { id: wire, url: "${feeds.url('/wire.rss')}" }`, '',
    ].join('\n'));
    writeFileSync(join(dir, 'subscriptions.yaml'), `subscriptions:\n  - { platform: discord, channel: "${channel}", want: all }\n`);
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        dir,
        env: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: REDIS_URL, REDIS_PREFIX: prefix, INSTANCE_ID: `i${i}`, ALLOW_PRIVATE_FEEDS: 'true' },
      });
      const logger = createMemoryLogger();
      apps.push(await buildApp(config, { logger, chatAdapters: [createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger })] }));
    }
    // Each round is a fresh interval that both instances run at once, as two `start` processes on one schedule do.
    const base = Date.now();
    let round = 0;
    const interval = async () => {
      const lease = { intervalStartMs: base + ++round * 600_000, intervalMs: 600_000, leaseMs: 30_000 };
      const reports = await Promise.all(apps.map((a) => a.runCycle(undefined, lease)));
      // Exactly one instance polled the feed in each interval.
      expect(reports.map((r) => r.feeds.length).sort()).toEqual([0, 1]);
    };
    const notices = () => fake.channelMessages(channel).map((m) => (m.body as { embeds: { title?: string }[] }).embeds[0]!.title ?? '');

    await interval();
    await feed.fail();
    await interval();
    await interval();
    expect(notices()).toEqual([]);
    await interval();
    expect(notices()).toHaveLength(1);
    for (let i = 0; i < 4; i++) await interval();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toContain('Feed failing: wire');

    await feed.recover();
    for (let i = 0; i < 3; i++) await interval();
    expect(notices()).toHaveLength(2);
    expect(notices()[1]).toContain('Feed working again: wire');
    // Every POST was a distinct message: no resend deduplicated by the nonce hid a second notice.
    expect(fake.messagePosts(channel)).toHaveLength(2);
  }, 60_000);
});
