/**
 * `poll --once` is a cron-friendly one-shot: it must deliver over Discord REST and exit, never log in to the
 * gateway (a second gateway session would knock the running `start` instance's session over and cost an
 * identify from the daily budget). The real CLI runs against FakeDiscord, which records both sides.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { cliEnv, runCli } from '../support/cli.js';

const CHANNEL = '810000000000000001';
const HEADLINE = 'Pilbara Minerals cuts spodumene output guidance by 20%';
const root = mkdtempSync(join(tmpdir(), 'lw-poll-once-discord-'));
let discord: FakeDiscord;
let feeds: FeedServer;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  feeds = await startFeedServer();
  const published = new Date(Date.now() - 3600_000).toUTCString();
  feeds.route('/supply.xml', {
    body:
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Battery Metals</title>' +
      `<item><title>${HEADLINE}</title><guid>pls-1</guid><link>https://news.example/pls-1</link>` +
      `<pubDate>${published}</pubDate><description>Spodumene output guidance lowered.</description></item>` +
      '</channel></rss>',
  });
});
afterAll(async () => {
  await discord?.close();
  await feeds?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('poll --once with a Discord token', () => {
  it('posts the alert to the channel over REST and never opens a gateway session', async () => {
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: supply, url: "${feeds.url('/supply.xml')}" }\n`);
    writeFileSync(
      join(dir, 'subscriptions.yaml'),
      `subscriptions:\n  - { platform: discord, channel: "${CHANNEL}", workspace: "${discord.guild.id}", want: lithium-supply }\n`,
    );
    const r = await runCli(
      ['poll', '--once', '--config', dir],
      cliEnv(root, {
        ALLOW_PRIVATE_FEEDS: 'true',
        STORE_URL: `sqlite://${join(root, 'store.sqlite')}`,
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/polled 1 feeds: 1 new items, 1 matched, 1 delivered/);

    const posts = discord.messagePosts(CHANNEL);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers.authorization).toBe(`Bot ${discord.token}`);
    expect(JSON.stringify(posts[0]?.body)).toContain(HEADLINE);
    expect(discord.channelMessages(CHANNEL)).toHaveLength(1);

    expect(discord.identifies).toEqual([]);
    expect(discord.requests.filter((q) => q.path.startsWith('/gateway'))).toEqual([]);
  }, 60_000);
});
