/**
 * The bot as a user runs it, on Discord: `register-commands`, then `start` with the gateway on the fake Discord;
 * /subscribe and /watchlist add ALB as a moderator; the feed then carries the CATL story → one embed; SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeDiscord, PERMS_MANAGER } from '../fakes/discord/fake-discord.js';
import { cliEnv, runCli, spawnCli, until } from '../support/cli.js';
import { useLoopbackFakes, writeConfigDir } from '../support/loopback-rig.js';

const rig = useLoopbackFakes('lw-dstart-', () => FakeDiscord.start());
const { root } = rig;

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';

describe('lithium-wire on Discord, end to end through the CLI', () => {
  it('registers commands, answers them over the gateway, and posts the CATL story once', async () => {
    const { fake, feeds } = rig;
    const env = cliEnv(root, {
      DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId,
      STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    });
    const reg = await runCli(['register-commands', '--guild', '800000000000000001'], env);
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain('registered 10 commands in guild 800000000000000001');
    expect(reg.stdout).toContain('https://discord.com/oauth2/authorize?client_id=900000000000000001');
    expect([...fake.commands.values()].flat().map((c) => c['name']).sort()).toEqual(['feed', 'filter', 'help', 'mention', 'status', 'subscribe', 'threads', 'ticker', 'unsubscribe', 'watchlist']);

    let story = false;
    feeds.route('/wire.rss', () => ({ body: story ? readFileSync('config/samples/battery-metals.rss') : EMPTY }));
    // Every 2 seconds (node-cron's six-field form), so the test does not wait a minute.
    const dir = writeConfigDir(root, `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}", schedule: "*/2 * * * * *" }\n`);

    const bot = spawnCli(['start', '--config', dir], env);
    try {
      await until(() => bot.stdout.includes('discord commands: gateway connected'), 20_000, 'the gateway');
      expect(bot.stdout).toContain('console: off');
      const sub = await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });
      expect(sub.body.data?.flags).toBe(64);
      await fake.interact({
        name: 'watchlist', permissions: PERMS_MANAGER,
        options: [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'ALB' }] }],
      });
      // The feed's first poll records its backlog without alerting: the story must come after it. Two fetches of
      // the empty feed mean the first poll was committed (cycles of one schedule never overlap); on a loaded
      // machine the first can come after the commands above.
      await until(() => feeds.hits('/wire.rss') >= 2, 20_000, 'two polls of the empty feed');
      story = true;
      const channel = '810000000000000001';
      await until(() => fake.channelMessages(channel).length > 0, 15_000, 'the CATL embed');
      const hits = feeds.hits('/wire.rss');
      await until(() => feeds.hits('/wire.rss') >= hits + 2, 10_000, 'two more polls');
      const posts = fake.channelMessages(channel);
      const texts = posts.map((m) => JSON.stringify(m));
      expect(texts.filter((t) => t.includes('Contemporary Amperex Technology (300750.SZ)'))).toHaveLength(1);
      expect(texts.join('')).toContain('+13.6%');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    expect(bot.stdout).toContain('stopped');
  }, 60_000);
});
