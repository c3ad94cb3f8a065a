/**
 * /feed end to end on Discord through the CLI: `start` with the gateway on the fake Discord and a store file;
 * /feed add of a good loopback feed (127.0.0.1 allowed by ALLOW_FEED_ADDRESSES, ALLOW_PRIVATE_FEEDS off), of a
 * page that is not a feed and of a private address (both refused, nothing saved); then a story in the added
 * feed reaches the subscribed channel without a restart; /feed list shows both kinds; /feed pause stops its polls
 * (listed as paused, counted apart in /status) and /feed resume starts them again; a config feed pauses too;
 * /feed remove stops it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { cliEnv, spawnCli, until } from '../support/cli.js';
import { useLoopbackFakes, writeConfigDir } from '../support/loopback-rig.js';
import { openStores } from '../../src/store/open.js';

const rig = useLoopbackFakes('lw-dfeed-', () => FakeDiscord.start());
const { root } = rig;

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Added Wire</title><link>https://added.example/</link><description>d</description></channel></rss>';

type Sub = { name: string; type: number; options?: { name: string; type: number; value: string }[] };
const feedCmd = (sub: string, opts: Record<string, string> = {}): Sub[] => [
  { name: sub, type: 1, options: Object.entries(opts).map(([name, value]) => ({ name, type: 3, value })) },
];
const shown = (cb: { body: { data?: { embeds?: unknown[] } } }) =>
  ((cb.body.data?.embeds ?? []) as APIEmbed[]).map((e) => [e.title, e.description].join('\n')).join('\n');

describe('/feed on Discord, end to end through `start`', () => {
  it('adds a good feed, refuses a page and a private address, alerts from the added feed without a restart', async () => {
    const { fake, feeds } = rig;
    const store = join(root, 'bot.sqlite');
    const env = cliEnv(root, {
      DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId,
      STORE_URL: `sqlite://${store}`, ALLOW_FEED_ADDRESSES: '127.0.0.1', QUOTES_API_URL: 'http://127.0.0.1:9',
    });
    let story = false;
    feeds.route('/yaml.rss', { body: EMPTY });
    feeds.route('/added.rss', () => ({ body: story ? readFileSync('config/samples/battery-metals.rss') : EMPTY }));
    feeds.route('/page.html', { body: '<!doctype html><html><head><title>News</title></head><body>hi</body></html>', contentType: 'text/html' });
    // Every 2 seconds (node-cron's six-field form): the default schedule, on which chat-added feeds poll.
    const dir = writeConfigDir(root, `poll:\n  schedule: "*/2 * * * * *"\nfeeds:\n  - { id: yaml-wire, url: "${feeds.url('/yaml.rss')}", tags: [lithium] }\n`);

    let addedId = '';
    const bot = spawnCli(['start', '--config', dir], env);
    try {
      await until(() => bot.stdout.includes('discord commands: gateway connected'), 20_000, () => `the gateway\n${bot.stdout}\n${bot.stderr}`);
      await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });

      const member = await fake.interact({ name: 'feed', options: feedCmd('add', { url: feeds.url('/added.rss') }), permissions: PERMS_MEMBER });
      expect(shown(member)).toContain('You need permission to manage channels to add, remove, pause or resume feeds.');
      const page = await fake.interact({ name: 'feed', options: feedCmd('add', { url: feeds.url('/page.html') }), permissions: PERMS_MANAGER });
      expect(shown(page)).toContain('Not added: not a feed');
      // 10.0.0.1 is refused by the address guard before any connection is tried.
      const priv = await fake.interact({ name: 'feed', options: feedCmd('add', { url: 'http://10.0.0.1/rss.xml' }), permissions: PERMS_MANAGER });
      expect(shown(priv)).toContain('Not added: private address');
      expect(feeds.hits('/added.rss')).toBe(0);

      const added = await fake.interact({ name: 'feed', options: feedCmd('add', { url: feeds.url('/added.rss'), tags: 'lithium asx' }), permissions: PERMS_MANAGER });
      expect(added.body.data?.flags).toBe(64);
      expect(shown(added)).toContain('Feed added');
      expect(shown(added)).toContain('Added Wire, 0 items now');
      // The fetch before saving, then the poller's: the first poll records the backlog; two more mean it committed.
      await until(() => feeds.hits('/added.rss') >= 3, 20_000, 'polls of the added feed');
      story = true;
      const channel = fake.defaultChannel.id;
      await until(() => fake.channelMessages(channel).some((m) => JSON.stringify(m.body).includes('Contemporary Amperex Technology (300750.SZ)')), 20_000, 'the CATL embed from the added feed');
      expect(bot.stdout).not.toContain('stopped');

      const list = await fake.interact({ name: 'feed', options: feedCmd('list'), permissions: PERMS_MEMBER });
      const listed = shown(list);
      addedId = /127-0-0-1-[0-9a-f]{6}/.exec(listed)?.[0] ?? '';
      expect(listed).toContain('Feeds (1 configured, 1 added from chat)');
      expect(listed).toMatch(/yaml-wire — http:\/\/127\.0\.0\.1:\d+\/yaml\.rss \[lithium\] · config\/feeds\.yaml, read-only · ok, polled/);
      expect(listed).toMatch(/127-0-0-1-[0-9a-f]{6} — http:\/\/127\.0\.0\.1:\d+\/added\.rss \[lithium, asx\] · added by user\d+ \(discord\)/);

      // Pause: refused to a member; an admin's pause stops the polls from the next tick (the YAML feed goes on).
      const notAllowed = await fake.interact({ name: 'feed', options: feedCmd('pause', { feed: feeds.url('/added.rss') }), permissions: PERMS_MEMBER });
      expect(shown(notAllowed)).toContain('You need permission to manage channels to add, remove, pause or resume feeds.');
      const paused = await fake.interact({ name: 'feed', options: feedCmd('pause', { feed: feeds.url('/added.rss') }), permissions: PERMS_MANAGER });
      expect(shown(paused)).toContain('Feed paused');
      expect(shown(paused)).toMatch(/Resume it with \/feed resume feed:127-0-0-1-[0-9a-f]{6}/);
      const yamlAtPause = feeds.hits('/yaml.rss');
      await until(() => feeds.hits('/yaml.rss') >= yamlAtPause + 2, 20_000, 'two YAML polls after the pause');
      const whilePaused = feeds.hits('/added.rss');
      await until(() => feeds.hits('/yaml.rss') >= yamlAtPause + 4, 20_000, 'two more YAML polls while paused');
      expect(feeds.hits('/added.rss')).toBe(whilePaused);
      expect(shown(await fake.interact({ name: 'feed', options: feedCmd('list'), permissions: PERMS_MEMBER }))).toMatch(/added by user\d+ \(discord\) \d{4}-\d\d-\d\d · paused/);
      const status = await fake.interact({ name: 'status', permissions: PERMS_MEMBER });
      expect(JSON.stringify(status.body.data?.embeds)).toContain('all 1 healthy, 1 paused');
      const resumed = await fake.interact({ name: 'feed', options: feedCmd('resume', { feed: feeds.url('/added.rss') }), permissions: PERMS_MANAGER });
      expect(shown(resumed)).toContain('Feed resumed');
      await until(() => feeds.hits('/added.rss') >= whilePaused + 2, 20_000, 'polls of the resumed feed');
      // A config/feeds.yaml feed pauses too (the pause is stored; the file is not touched) and resumes.
      const yamlPaused = await fake.interact({ name: 'feed', options: feedCmd('pause', { feed: 'yaml-wire' }), permissions: PERMS_MANAGER });
      expect(shown(yamlPaused)).toContain('yaml-wire (config/feeds.yaml, for every server and workspace this bot serves) is not polled');
      expect(shown(await fake.interact({ name: 'feed', options: feedCmd('list'), permissions: PERMS_MEMBER }))).toMatch(/yaml-wire — .* · config\/feeds\.yaml, read-only · paused by user\d+ \(discord\)/);
      expect(shown(await fake.interact({ name: 'feed', options: feedCmd('resume', { feed: 'yaml-wire' }), permissions: PERMS_MANAGER }))).toContain('Feed resumed');

      const removed = await fake.interact({ name: 'feed', options: feedCmd('remove', { feed: feeds.url('/added.rss') }), permissions: PERMS_MANAGER });
      expect(shown(removed)).toContain('Feed removed');
      // A tick already under way may still fetch it once; after two more YAML polls it is no longer fetched.
      const yamlHits = feeds.hits('/yaml.rss');
      await until(() => feeds.hits('/yaml.rss') >= yamlHits + 2, 20_000, 'two YAML polls after the removal');
      const after = feeds.hits('/added.rss');
      await until(() => feeds.hits('/yaml.rss') >= yamlHits + 4, 20_000, 'two more YAML polls');
      expect(feeds.hits('/added.rss')).toBe(after);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    const s = await openStores(`sqlite://${store}`);
    expect(await s.feedRegistry.list()).toEqual([]);
    // Its poll state went with it (a poll in flight at the removal is cleaned up after its cycle), so /status
    // no longer counts it; the YAML feed's stays.
    expect(addedId).not.toBe('');
    expect(await s.feedStates.get(addedId)).toBeUndefined();
    expect((await s.feedStates.list()).map((x) => x.feedId)).toEqual(['yaml-wire']);
    await s.close();
  }, 90_000);
});
