/**
 * /ticker ALB sent to the real bot (`lithium-wire start` through the CLI) whose QUOTES_API_URL is the loopback
 * fake of Yahoo's chart endpoint: on Discord over the fake gateway, on Slack as a signed HTTP slash command.
 * The reply carries the fake's price and change, and the fake saw one request for ALB.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { startQuotesServer, type FakeQuotesServer } from '../fakes/quotes-server.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { cliEnv, spawnCli, until, type RunningCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lw-ticker-e2e-'));
const SECRET = 'test-signing-secret-0123456789';
const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';
let feeds: FeedServer;
let quotes: FakeQuotesServer;
let n = 0;

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.route('/wire.rss', () => ({ body: EMPTY }));
});
afterAll(async () => {
  await feeds.close();
  rmSync(root, { recursive: true, force: true });
});
// A fake per bot, so each test counts only its own bot's requests.
beforeEach(async () => {
  quotes = await startQuotesServer();
});
afterEach(async () => {
  await quotes.close();
});

/** A config dir and store of its own, with one local feed that never carries a story. */
function botEnv(env: Record<string, string>): { dir: string; env: Record<string, string> } {
  const dir = join(root, `bot${++n}`);
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}" }\n`);
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  return {
    dir,
    env: cliEnv(root, {
      STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', METRICS_PORT: 'off',
      QUOTES_API_URL: quotes.url, ...env,
    }),
  };
}

async function stop(bot: RunningCli): Promise<void> {
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('/ticker through the running bot, quotes from the loopback fake', () => {
  it('Discord: the reply embed shows the fake quote\'s price and change; one upstream request', async () => {
    const discord = await FakeDiscord.start();
    const { dir, env } = botEnv({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_APPLICATION_ID: discord.applicationId });
    const bot = spawnCli(['start', '--config', dir], env);
    try {
      await until(() => bot.stdout.includes('discord commands: gateway connected'), 20_000, () => `the gateway\n${bot.stdout}${bot.stderr}`);
      const reply = await discord.interact({ name: 'ticker', options: [{ name: 'symbol', type: 3, value: 'ALB' }] });
      // 4: answered in place (not deferred), in the channel for all to see.
      expect(reply.body.type).toBe(4);
      const embeds = reply.body.data?.['embeds'] as { title?: string; fields?: { name: string; value: string }[] }[] | undefined;
      expect(embeds?.[0]?.title).toBe('ALB · Albemarle · NYSE');
      const fields = Object.fromEntries((embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
      expect(fields['Last price']).toBe('USD 104.50');
      expect(fields['Change']).toBe('+3.30 (+3.26%)');
      expect(reply.body.data?.['flags']).toBeUndefined();
      expect(quotes.requests('ALB')).toBe(1);
      expect(quotes.paths.filter((p) => p.startsWith('/v8/finance/chart/ALB?range=5d'))).toHaveLength(1);
      await stop(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await discord.close();
    }
  }, 60_000);

  it('Slack: the response_url reply shows the fake quote\'s price and change; one upstream request', async () => {
    const slack = await FakeSlack.start();
    const port = await freePort();
    const { dir, env } = botEnv({ PORT: String(port), SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    const bot = spawnCli(['start', '--config', dir], env);
    try {
      await until(() => bot.stdout.includes('http: listening on'), 20_000, () => `the slack app\n${bot.stdout}${bot.stderr}`);
      const url = `http://127.0.0.1:${port}/slack/events`;
      const ack = await postSigned(url, slashCommandBody({ text: 'ticker ALB', response_url: slack.responseUrl('t1') }), { secret: SECRET });
      expect(ack.status).toBe(200);
      await until(() => slack.responsesFor('t1').length === 1, 10_000, 'the /lithium ticker reply');
      const body = slack.responsesFor('t1')[0]?.body;
      expect(body?.['response_type']).toBe('in_channel');
      const text = String(body?.['text']);
      expect(text.split('\n')[0]).toBe('ALB · Albemarle · NYSE');
      expect(text).toContain('\nLast price: USD 104.50\n');
      expect(text).toContain('\nChange: +3.30 (+3.26%)\n');
      expect(quotes.requests('ALB')).toBe(1);
      await stop(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await slack.close();
    }
  }, 60_000);
});
