/**
 * Feed health notices end to end on Discord: the bot started as `start` runs it (in process: the real gateway on
 * the fake Discord, the poll schedule every second, a SQLite file), /subscribe as a moderator, then the loopback
 * feed fails: after 2 failures one notice embed, no more while it keeps failing; it recovers: one recovery embed.
 */
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';
import { FakeDiscord, PERMS_MANAGER } from '../fakes/discord/fake-discord.js';
import { hasLiveMentionSyntax } from '../fakes/discord/validate.js';
import { until } from '../support/cli.js';
import { startInProcess } from '../support/in-process-bot.js';
import { useLoopbackFakes, writeConfigDir } from '../support/loopback-rig.js';
import { hasActiveMarkup, visibleText } from './support.js';
import { healthFeedsYaml, switchableFeed } from '../support/health-feed.js';

const rig = useLoopbackFakes('lw-dhealth-', () => FakeDiscord.start());
const { root } = rig;

describe('feed health notices on Discord, through a started bot', () => {
  it('a failing feed: one notice after 2 failures, none while it keeps failing, one when it recovers', async () => {
    const { fake, feeds } = rig;
    const feed = switchableFeed(feeds, '/wire.rss');
    const dir = writeConfigDir(root, healthFeedsYaml(feeds.url('/wire.rss?token=sekrit-feed-token')));
    const bot = startInProcess(root, dir, { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    const { config, lines } = bot;
    const channel = fake.defaultChannel.id;
    const embeds = () => fake.channelMessages(channel).map((m) => (m.body as { embeds: APIEmbed[] }).embeds[0]!);
    try {
      await until(() => lines.some((l) => l.includes('discord commands: gateway connected')), 20_000, () => `the gateway\n${lines.join('\n')}`);
      const sub = await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });
      expect(sub.body.data?.flags).toBe(64);

      // Failing from now on: wait for the notice, then for 3 more failed fetches after it.
      await feed.fail();
      await until(() => embeds().length >= 1, 30_000, 'the failing notice');
      const after = feeds.hits('/wire.rss');
      await until(() => feeds.hits('/wire.rss') >= after + 3, 30_000, 'three more failed polls');
      expect(embeds()).toHaveLength(1);
      const notice = embeds()[0]!;
      expect(notice.title).toContain('Feed failing');
      const text = visibleText([notice]);
      for (const s of ['Wire @everyone (wire)', '127.0.0.1', 'HTTP_STATUS', 'answered HTTP 503', 'What happens next', 'Backing off']) expect(text).toContain(s);
      const body = fake.channelMessages(channel)[0]!.body;
      expect(JSON.stringify(body)).not.toContain('sekrit');
      expect(JSON.stringify(body)).not.toContain('wire.rss');
      expect((body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
      expect(hasLiveMentionSyntax(body)).toBe(false);
      expect(hasActiveMarkup([notice])).toBe(false);

      // Working again: one recovery notice, and nothing more on the next polls.
      await feed.recover();
      await until(() => embeds().length >= 2, 30_000, 'the recovery notice');
      const ok = feeds.hits('/wire.rss');
      await until(() => feeds.hits('/wire.rss') >= ok + 3, 30_000, 'three more good polls');
      expect(embeds()).toHaveLength(2);
      expect(embeds()[1]!.title).toContain('Feed working again');
      expect(visibleText([embeds()[1]!])).toContain('Working again since');
    } finally {
      await bot.stop();
    }
    expect(lines).toContain('stopped');
    // Notices are not news: /status's "last alert delivered" still has none for this channel.
    const stores = await openStores(config.env.STORE_URL);
    try {
      expect(await stores.alerts.lastDeliveredAt({ platform: 'discord', id: channel })).toBeUndefined();
    } finally {
      await stores.close();
    }
  }, 120_000);
});
