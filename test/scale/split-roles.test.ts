/**
 * `--role poller|delivery|gateway` on one real Redis: the poller fetches and queues but sends nothing, the delivery
 * instance sends what the poller queued and polls nothing, and only the gateway instance connects to Discord's
 * gateway. Each instance's /metrics shows its own part.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from '../redis/redis-env.js';
import type { RedisClient } from '../../src/store/redis/client.js';
import { describeAll, killAll, metric, metricsUrl, scrape, startInstance, until } from './instances.js';

const root = mkdtempSync(join(tmpdir(), 'lw-roles-e2e-'));
const prefix = runPrefix('roles');
let admin: RedisClient | undefined;
let fake: FakeDiscord;
let feeds: FeedServer;

beforeAll(async () => {
  admin = await connectTestRedis();
  fake = await FakeDiscord.start();
  feeds = await startFeedServer();
});
afterAll(async () => {
  killAll();
  await fake?.close();
  await feeds?.close();
  if (admin) {
    await dropPrefix(admin, prefix);
    await admin.close();
  }
  rmSync(root, { recursive: true, force: true });
});

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';

describe('separate roles on one Redis', () => {
  it('poller queues, delivery sends, gateway holds the Discord gateway', async () => {
    const channel = '810000000000000001';
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    let story = false;
    feeds.route('/wire.rss', () => ({ body: story ? readFileSync('config/samples/battery-metals.rss') : EMPTY }));
    writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}", schedule: "*/2 * * * * *" }\n`);
    writeFileSync(join(dir, 'subscriptions.yaml'), `subscriptions:\n  - { platform: discord, channel: "${channel}", want: lithium-supply }\n`);
    const env = {
      PATH: process.env.PATH ?? '', HOME: root, LOG_LEVEL: 'warn', ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
      STORE_URL: REDIS_URL, REDIS_PREFIX: prefix, PORT: '0', DRAIN_INTERVAL_MS: '300',
      DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId,
    };
    const poller = startInstance('poller', dir, env, ['--role', 'poller']);
    const delivery = startInstance('delivery', dir, env, ['--role', 'delivery']);
    const gateway = startInstance('gateway', dir, env, ['--role', 'gateway']);
    const all = [poller, delivery, gateway];
    const why = describeAll(all);
    await until(() => all.every((i) => metricsUrl(i) && /polling/.test(i.stdout())) && gateway.stdout().includes('gateway connected'), 60_000, () => `ready instances\n${why()}`);
    expect(poller.stdout()).toContain('role: poller (instance poller)');
    expect(poller.stdout()).toContain('polling 1 schedule(s): */2 * * * * *');
    expect(delivery.stdout()).toContain('polling: off (role delivery)');
    expect(gateway.stdout()).toContain('polling: off (role gateway)');
    for (const i of [poller, delivery]) expect(i.stdout()).not.toContain('discord commands');
    expect(fake.readySessions).toBe(1);

    story = true;
    await until(() => fake.channelMessages(channel).length > 0, 20_000, () => `a post\n${why()}`);
    const hits = feeds.hits('/wire.rss');
    await until(() => feeds.hits('/wire.rss') >= hits + 2, 10_000, () => 'two more polls');
    // The sample's two supply stories (CATL, Pilbara), each posted once.
    await until(() => fake.channelMessages(channel).length >= 2, 10_000, () => `both supply stories\n${why()}`);
    const texts = fake.channelMessages(channel).map((m) => JSON.stringify(m.body));
    expect(texts).toHaveLength(2);
    expect(texts.filter((t) => t.includes('Contemporary Amperex Technology (300750.SZ)'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Ngungaju'))).toHaveLength(1);

    const [p, d, g] = await Promise.all(all.map(scrape));
    expect([metric(p!, 'lw_polls_total') >= 3, metric(p!, 'lw_alerts_matched_total'), metric(p!, 'lw_deliveries_sent_total')]).toEqual([true, 2, 0]);
    expect([metric(d!, 'lw_polls_total'), metric(d!, 'lw_deliveries_sent_total'), metric(d!, 'lw_outbox_pending')]).toEqual([0, 2, 0]);
    expect([metric(g!, 'lw_polls_total'), metric(g!, 'lw_deliveries_sent_total'), metric(g!, 'lw_gateway_leader')]).toEqual([0, 0, 1]);
    expect(metric(p!, 'lw_gateway_leader')).toBe(0);

    for (const i of all) i.child.kill('SIGTERM');
    for (const i of all) expect(await i.exited, i.name).toBe(0);
  }, 90_000);
});
