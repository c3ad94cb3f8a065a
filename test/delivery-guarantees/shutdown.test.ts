/**
 * Graceful shutdown: SIGTERM to `start` while it delivers → it stops taking new work, lets the in-flight sends
 * finish or leaves them pending, exits 0; the next `start` resumes what was pending. Real CLI, SQLite, Discord fake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryNonce } from '../../src/adapters/discord/rest-adapter.js';
import { openStores } from '../../src/store/open.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { COMPANIES, runCli, startSlowProxy, storiesFeed, storyAlertId, until, writeConfig } from './cli-harness.js';

const root = mkdtempSync(join(tmpdir(), 'lw-term-'));
let fake: FakeDiscord;
let feeds: FeedServer;
let proxy: Awaited<ReturnType<typeof startSlowProxy>>;
beforeAll(async () => {
  fake = await FakeDiscord.start();
  feeds = await startFeedServer();
  proxy = await startSlowProxy(fake.apiUrl, 300, (m, p) => m === 'POST' && /\/channels\/\d+\/messages$/.test(p));
});
afterAll(async () => {
  await proxy.close();
  await fake.close();
  await feeds.close();
  rmSync(root, { recursive: true, force: true });
});

describe('SIGTERM during delivery', () => {
  it('exits 0 with nothing half-done, and the next start delivers what was left pending, once each, in order', async () => {
    const [a, b] = fake.guild.channels.slice(0, 2).map((c) => c.id) as [string, string];
    feeds.route('/wire.rss', { body: storiesFeed(12) }); // a: stories 1,4,7,10 (PLS.AX); b: 2,5,8,11 (ALB)
    const dir = writeConfig(root, feeds.url('/wire.rss'), [
      { platform: 'discord', channel: a, symbol: COMPANIES[0].symbol },
      { platform: 'discord', channel: b, symbol: COMPANIES[1].symbol },
    ]);
    const storeUrl = `sqlite://${join(root, 'bot.sqlite')}`;
    const env = {
      HOME: root, LOG_LEVEL: 'warn', DISCORD_TOKEN: fake.token, DISCORD_API_URL: proxy.url, DISCORD_APPLICATION_ID: fake.applicationId,
      STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    };
    // Channel a answers its first post with a 429 (retry after 4 s): its alerts are pending when SIGTERM comes.
    fake.rateLimitNext(4, { match: (r) => r.method === 'POST' && r.path === `/channels/${a}/messages` });

    const first = runCli(['start', '--config', dir], env);
    await until(() => fake.channelMessages(b).length >= 2, 40_000, () => `two posts in b (${first.stdout()} ${first.stderr()})`);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain('stopping: no new polls; finishing in-flight work…');
    expect(first.stdout()).toContain('stopped');

    // Nothing half-done: every delivery is either stored by Discord and recorded sent, or still pending.
    const stores = await openStores(storeUrl);
    const pending = await stores.outbox.list('pending');
    await stores.close();
    const deliveredB = fake.channelMessages(b).length;
    expect(fake.channelMessages(a)).toHaveLength(0);
    expect(pending.map((e) => e.delivery.channel.id).sort()).toEqual([...Array(4).fill(a), ...Array(4 - deliveredB).fill(b)].sort());
    expect(pending.every((e) => e.state === 'pending')).toBe(true);

    const second = runCli(['start', '--config', dir], env);
    await until(() => fake.channelMessages(a).length === 4 && fake.channelMessages(b).length === 4, 40_000, () => `all 8 (${second.stdout()} ${second.stderr()})`);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    expect(fake.channelMessages(a).map((m) => m.nonce)).toEqual([1, 4, 7, 10].map((n) => deliveryNonce(storyAlertId(n), a)));
    expect(fake.channelMessages(b).map((m) => m.nonce)).toEqual([2, 5, 8, 11].map((n) => deliveryNonce(storyAlertId(n), b)));
    console.info(`[shutdown] SIGTERM left ${pending.length} pending (${4 - deliveredB} in b after its in-flight sends finished); next start delivered them`);
  }, 120_000);
});
