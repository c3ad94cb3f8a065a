/**
 * `quotes.charts: false` in feeds.yaml: /ticker answers text only through the real bot (`lithium-wire start`), on
 * Discord over the fake gateway and on Slack as a signed slash command. The loopback Yahoo fake sees the quote
 * request and never a history request; the Discord reply has no file nor image, Slack gets no upload.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { freePort, spawnCli, until } from '../support/cli.js';
import { stopBot, tickerBots } from './ticker-bot.js';

const SECRET = 'test-signing-secret-0123456789';
const TICKER = { name: 'ticker', options: [{ name: 'symbol', type: 3, value: 'ALB' }] };
const bots = tickerBots('lw-ticker-charts-off-');

/** A bot whose feeds.yaml turns the charts off. */
function chartsOffBot(env: Record<string, string>): { dir: string; env: Record<string, string> } {
  const bot = bots.botEnv(env);
  const file = join(bot.dir, 'feeds.yaml');
  writeFileSync(file, `quotes:\n  charts: false\n${readFileSync(file, 'utf8')}`);
  return bot;
}

describe('/ticker with quotes.charts: false', () => {
  it('the setting defaults to on, and a value that is not a boolean is refused naming the field', () => {
    const on = bots.botEnv({});
    expect(loadConfig({ dir: on.dir, env: {} }).quotes.charts).toBe(true);
    const off = chartsOffBot({});
    expect(loadConfig({ dir: off.dir, env: {} }).quotes.charts).toBe(false);
    const file = join(off.dir, 'feeds.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('charts: false', 'charts: "no"'));
    expect(() => loadConfig({ dir: off.dir, env: {} })).toThrow(/feeds\.yaml: quotes\.charts: .*expected boolean/i);
  });

  it('Discord: the reply is the text one, no file attached, and no history was asked for', async () => {
    const discord = await FakeDiscord.start();
    const { dir, env } = chartsOffBot({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_APPLICATION_ID: discord.applicationId });
    const bot = spawnCli(['start', '--config', dir], env);
    try {
      await until(() => bot.stdout.includes('discord commands: gateway connected'), 20_000, () => `the gateway\n${bot.stdout}${bot.stderr}`);
      const reply = await discord.interact(TICKER);
      expect(reply.body.type).toBe(4);
      expect(reply.files).toBeUndefined();
      const embed = ((reply.body.data?.['embeds'] as { image?: unknown; fields?: { name: string; value: string }[] }[] | undefined) ?? [])[0];
      expect(embed?.image).toBeUndefined();
      const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
      expect(fields['Last price']).toBe('USD 104.50');
      expect(fields['5-day trend']).toMatch(/^[▁▂▃▄▅▆▇█]{5} /);
      expect(reply.body.data?.['attachments']).toBeUndefined();
      expect(bots.quotes.requests('ALB')).toBe(1);
      expect(bots.quotes.historyRequests('ALB')).toBe(0);
      await stopBot(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await discord.close();
    }
  }, 60_000);

  it('Slack: the reply is the text one, nothing is uploaded, and no history was asked for', async () => {
    const slack = await FakeSlack.start();
    const port = await freePort();
    const { dir, env } = chartsOffBot({ PORT: String(port), SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    const bot = spawnCli(['start', '--config', dir], env);
    const url = `http://127.0.0.1:${port}/slack/events`;
    try {
      await until(() => bot.stdout.includes('http: listening on'), 20_000, () => `the slack app\n${bot.stdout}${bot.stderr}`);
      for (const id of ['t1', 't2']) {
        const ack = await postSigned(url, slashCommandBody({ text: 'ticker ALB', response_url: slack.responseUrl(id) }), { secret: SECRET });
        expect(ack.status).toBe(200);
        const r = await slack.nextResponse(id, 10_000);
        expect(r.body['response_type']).toBe('in_channel');
        expect(String(r.body['text'])).toContain('\nLast price: USD 104.50\n');
      }
      // With charts on, the first command's upload starts right after its reply, before the second command is
      // even answered (ticker-chart-e2e); here neither made one.
      expect(bots.quotes.historyRequests('ALB')).toBe(0);
      expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
      expect(slack.files.uploads).toHaveLength(0);
      await stopBot(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await slack.close();
    }
  }, 60_000);
});
