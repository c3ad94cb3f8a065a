/**
 * /ticker ALB sent to the real bot (`lithium-wire start` through the CLI) whose QUOTES_API_URL is the loopback
 * fake of Yahoo's chart endpoint: on Discord over the fake gateway, on Slack as a signed HTTP slash command.
 * The reply carries the fake's price and change, and the fake saw one request for ALB.
 */
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { freePort, spawnCli, until } from '../support/cli.js';
import { stopBot, tickerBots } from './ticker-bot.js';

const SECRET = 'test-signing-secret-0123456789';
const bots = tickerBots('lw-ticker-e2e-');
const botEnv = (env: Record<string, string>) => bots.botEnv(env);

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
      expect(bots.quotes.requests('ALB')).toBe(1);
      expect(bots.quotes.paths.filter((p) => p.startsWith('/v8/finance/chart/ALB?range=5d'))).toHaveLength(1);
      await stopBot(bot);
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
      expect(bots.quotes.requests('ALB')).toBe(1);
      await stopBot(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await slack.close();
    }
  }, 60_000);
});
