/**
 * The bot as a user runs it, on Slack in HTTP mode: `start` with the Bolt app on PORT and the Web API on the fake
 * Slack; signed `/lithium subscribe` and `/lithium watchlist add ALB`; the feed then carries the CATL story →
 * one chat.postMessage; an unsigned request is refused; SIGTERM stops it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { httpRequest, postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { cliEnv, freePort, spawnCli, until } from '../support/cli.js';
import { useLoopbackFakes, writeConfigDir } from '../support/loopback-rig.js';

const rig = useLoopbackFakes('lw-sstart-', () => FakeSlack.start());
const { root } = rig;
const SECRET = 'test-signing-secret-0123456789';

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';

describe('lithium-wire on Slack, end to end through the CLI', () => {
  it('answers signed slash commands over HTTP and posts the CATL story once', async () => {
    const { fake, feeds } = rig;
    const port = await freePort();
    let story = false;
    feeds.route('/wire.rss', () => ({ body: story ? readFileSync('config/samples/battery-metals.rss') : EMPTY }));
    const dir = writeConfigDir(root, `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}", schedule: "*/2 * * * * *" }\n`);
    const bot = spawnCli(['start', '--config', dir], cliEnv(root, {
        PORT: String(port),
        SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    }));
    const url = `http://127.0.0.1:${port}/slack/events`;
    try {
      await until(() => bot.stdout.includes(`http: listening on http://127.0.0.1:${port} `), 20_000, () => `the HTTP server\n${bot.stdout}\n${bot.stderr}`);
      expect(bot.stdout).toContain('slack commands: HTTP, POST /slack/events');
      const health = await httpRequest(`http://127.0.0.1:${port}/healthz`, 'GET', {});
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true, checks: { slack: { ok: true }, store: { ok: true } } });

      const unsigned = await postSigned(url, slashCommandBody({ text: 'subscribe all', response_url: fake.responseUrl('x') }), { secret: 'wrong-secret' });
      expect(unsigned.status).toBe(401);

      const sub = await postSigned(url, slashCommandBody({ text: 'subscribe', response_url: fake.responseUrl('s1') }), { secret: SECRET });
      expect(sub.status).toBe(200);
      await until(() => fake.responsesFor('s1').length === 1, 5_000, 'the subscribe reply');
      expect(JSON.stringify(fake.responsesFor('s1')[0])).toContain('ephemeral');
      await postSigned(url, slashCommandBody({ text: 'watchlist add ALB', response_url: fake.responseUrl('w1') }), { secret: SECRET });
      await until(() => fake.responsesFor('w1').length === 1, 5_000, 'the watchlist reply');

      // The feed's first poll records its backlog without alerting: the story must come after it. Two fetches of
      // the empty feed mean the first poll was committed (cycles of one schedule never overlap); on a loaded
      // machine the first can come after the commands above.
      await until(() => feeds.hits('/wire.rss') >= 2, 20_000, 'two polls of the empty feed');
      story = true;
      await until(() => fake.postsTo('C0ALERTS').length > 0, 15_000, 'the CATL post');
      const hits = feeds.hits('/wire.rss');
      await until(() => feeds.hits('/wire.rss') >= hits + 2, 10_000, 'two more polls');
      // The sample feed also carries the Pilbara care-and-maintenance story (a supply story too).
      const posts = fake.postsTo('C0ALERTS').map((p) => JSON.stringify(p));
      const catl = posts.filter((p) => p.includes('Contemporary Amperex Technology (300750.SZ)'));
      expect(catl).toHaveLength(1);
      expect(catl[0]).toContain('ALB +13.6%');
      expect(posts.filter((p) => p.includes('lithium-sulfur'))).toEqual([]);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
