/**
 * /ticker's chart image through the real bot (`lithium-wire start`), quotes and history from the loopback Yahoo
 * fake: Discord attaches the PNG to the interaction reply (multipart, embed image attachment://ticker-ALB.png),
 * Slack uploads it with files.uploadV2 into the channel. When the history request fails, or the platform refuses the
 * upload, the reply is the text one with its trend line, and says nothing alarming.
 */
import { describe, expect, it } from 'vitest';
import { FakeDiscord, type InteractionCallback } from '../fakes/discord/fake-discord.js';
import { pngSize } from '../fakes/multipart.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { freePort, spawnCli, until } from '../support/cli.js';
import { stopBot, tickerBots } from './ticker-bot.js';

const SECRET = 'test-signing-secret-0123456789';
const TICKER = { name: 'ticker', options: [{ name: 'symbol', type: 3, value: 'ALB' }] };
const bots = tickerBots('lw-ticker-chart-');
const botEnv = (env: Record<string, string>) => bots.botEnv(env);

type Embed = { image?: { url?: string }; fields?: { name: string; value: string }[] };

function embedOf(c: InteractionCallback): Embed {
  expect(c.body.type).toBe(4);
  return ((c.body.data?.['embeds'] as Embed[] | undefined) ?? [])[0] ?? {};
}

/** The text-only answer: no file, no image, the trend line in its fields, and no word of trouble. */
function expectTextFallback(c: InteractionCallback): void {
  const embed = embedOf(c);
  expect(c.files).toBeUndefined();
  expect(embed.image).toBeUndefined();
  const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
  expect(fields['Last price']).toBe('USD 104.50');
  expect(fields['5-day trend']).toMatch(/^[▁▂▃▄▅▆▇█]{5} /);
  expect(JSON.stringify(c.body)).not.toMatch(/error|fail|unavailable|chart/i);
}

describe('/ticker chart image through the running bot', () => {
  it('Discord: the reply carries the PNG as an attachment its embed shows; text alone when history or upload fails', async () => {
    const discord = await FakeDiscord.start();
    const { dir, env } = botEnv({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_APPLICATION_ID: discord.applicationId });
    const bot = spawnCli(['start', '--config', dir], env);
    try {
      await until(() => bot.stdout.includes('discord commands: gateway connected'), 20_000, () => `the gateway\n${bot.stdout}${bot.stderr}`);

      // History down: the text reply, as before charts.
      bots.quotes.setHistoryMode('server-error');
      expectTextFallback(await discord.interact(TICKER));
      expect(bots.quotes.historyRequests('ALB')).toBe(1);

      // History up: the same reply with the chart attached in the same multipart callback.
      bots.quotes.setHistoryMode('normal');
      const withChart = await discord.interact(TICKER);
      const embed = embedOf(withChart);
      expect(embed.image?.url).toBe('attachment://ticker-ALB.png');
      expect(withChart.files).toHaveLength(1);
      const file = withChart.files?.[0];
      expect(file?.filename).toBe('ticker-ALB.png');
      expect(file?.data.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
      expect(pngSize(file?.data ?? new Uint8Array())).toEqual({ width: 960, height: 380 });
      const attachments = withChart.body.data?.['attachments'] as { description?: string }[] | undefined;
      expect(attachments?.[0]?.description).toMatch(/^ALB price chart in USD: 5 days .* to 104\.50/);
      // The text trend stays in the reply beside the image.
      expect((embed.fields ?? []).some((f) => f.name === '5-day trend')).toBe(true);

      // Discord refuses the upload: the answer goes again without the file, and is the text reply.
      discord.faults.add({
        match: (r) => r.path.startsWith('/interactions/') && r.files !== undefined,
        action: { kind: 'status', status: 413, body: { message: 'Request entity too large', code: 40005 } },
      });
      expectTextFallback(await discord.interact(TICKER));
      await stopBot(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await discord.close();
    }
  }, 90_000);

  it('Slack: the PNG is uploaded into the channel after the reply; text alone when history or the upload fails', async () => {
    const slack = await FakeSlack.start();
    const port = await freePort();
    const { dir, env } = botEnv({ PORT: String(port), SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    const bot = spawnCli(['start', '--config', dir], env);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const ticker = async (id: string): Promise<string> => {
      const ack = await postSigned(url, slashCommandBody({ text: 'ticker ALB', response_url: slack.responseUrl(id) }), { secret: SECRET });
      expect(ack.status).toBe(200);
      const r = await slack.nextResponse(id, 10_000);
      expect(r.body['response_type']).toBe('in_channel');
      const text = String(r.body['text']);
      expect(text).toContain('\nLast price: USD 104.50\n');
      expect(text).toMatch(/\n5-day trend: [▁▂▃▄▅▆▇█]{5} /);
      return text;
    };
    try {
      await until(() => bot.stdout.includes('http: listening on'), 20_000, () => `the slack app\n${bot.stdout}${bot.stderr}`);

      bots.quotes.setHistoryMode('server-error');
      const plain = await ticker('t1');
      expect(plain).not.toMatch(/error|fail|unavailable|chart/i);

      bots.quotes.setHistoryMode('normal');
      await ticker('t2');
      const upload = await slack.waitFor(() => slack.files.uploads.find((u) => u.completed), 10_000);
      expect(upload.filename).toBe('ticker-ALB.png');
      expect(upload.completed?.channel).toBe('C0ALERTS');
      expect(upload.altText).toMatch(/^ALB price chart in USD: 5 days /);
      expect(upload.data?.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
      expect(upload.length).toBe(upload.data?.length);
      expect(pngSize(upload.data ?? new Uint8Array())).toEqual({ width: 960, height: 380 });
      // The failed-history command uploaded nothing: its reply came first, and only one upload exists.
      expect(slack.files.uploads).toHaveLength(1);
      expect(slack.callsTo('files.getUploadURLExternal')[0]?.token).toBe(FAKE_BOT_TOKEN);

      // The bot is not in the channel: the upload is refused, the reply is the text one all the same.
      slack.refuse('C0ALERTS');
      const refused = await ticker('t3');
      expect(refused).not.toMatch(/error|fail|unavailable|chart/i);
      await slack.waitFor(() => slack.callsTo('files.completeUploadExternal').find((c) => c.response?.['error'] === 'not_in_channel'), 10_000);
      expect(slack.files.uploads.filter((u) => u.completed)).toHaveLength(1);
      await stopBot(bot);
    } finally {
      bot.child.kill('SIGTERM');
      await slack.close();
    }
  }, 90_000);
});
