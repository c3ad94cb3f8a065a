/**
 * Digests end to end (real app wiring, SQLite, the real Discord and Slack adapters on their loopback fakes): a
 * Discord channel on a daily digest and a Slack channel on an hourly one get nothing while the CATL story spreads
 * over three outlets and an Albemarle event follows; when due, each gets ONE message grouped by story (the CATL
 * story once, with its three reports and key figures), within the platform's limits, pinging nobody.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/config/load.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { couldPing } from '../fakes/discord/validate.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { visibleBlocks } from '../fakes/slack/visible-text.js';
import { ALBEMARLE, CATL, configDir, serveOutlets } from '../stories-delivery/harness.js';

const SLACK_CHANNEL = 'C0DIGEST';

describe('digests on discord and slack', () => {
  const logger = createMemoryLogger([FAKE_BOT_TOKEN]);
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let srv: FeedServer;
  let app: App;
  let root: string;
  let stage = 1;

  beforeAll(async () => {
    discord = await FakeDiscord.start();
    slack = await FakeSlack.start();
    srv = await startFeedServer();
    serveOutlets(srv, () => stage);
    const made = configDir(srv, 'lw-digests-e2e-');
    root = made.root;
    const storeUrl = `sqlite://${join(root, 'wire.sqlite')}`;
    const config = loadConfig({ dir: made.dir, env: { STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: 'true' } });
    const adapters = [
      createDiscordAdapter({ token: discord.token, apiUrl: discord.apiUrl, logger }),
      createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: slack.apiUrl, logger }),
    ];
    app = await buildApp(config, { logger, chatAdapters: adapters, storeUrl });
    // Set two days ago: the first slot after it has passed, so the digests are due at the first tick.
    const since = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await app.stores.subscriptions.put({
      channel: { platform: 'discord', id: discord.defaultChannel.id }, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: since,
      digest: { mode: 'daily', at: '08:00', tz: 'Europe/London' },
    });
    await app.stores.subscriptions.put({
      channel: { platform: 'slack', id: SLACK_CHANNEL }, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: since, digest: { mode: 'hourly' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await srv?.close();
    await discord?.close();
    await slack?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('holds every report while the story spreads: nothing posted, nothing edited', async () => {
    for (stage = 1; stage <= 4; stage++) await app.runCycle();
    expect(discord.messagePosts()).toHaveLength(0);
    expect(discord.messageEdits()).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await app.stores.outbox.list('pending')).toHaveLength(0);
  });

  it('when due: one Discord embed with a field per story, the CATL story once with its three reports', async () => {
    expect(await app.digests.tick()).toBe(2);
    const posts = discord.messagePosts(discord.defaultChannel.id);
    expect(posts).toHaveLength(1);
    const body = discord.channelMessages(discord.defaultChannel.id)[0]!.body;
    const embed = (body.embeds as APIEmbed[])[0]!;
    expect(embed.title).toBe('Daily digest: 2 stories');
    expect(embed.fields?.map((f) => f.name)).toEqual([CATL[0]!.title, ALBEMARLE.title]);
    const catl = embed.fields![0]!.value;
    expect(catl.split('\n')[0]).toBe('[Zhitong Finance](https://zhitong.example/news/catl-lithium-suspension) \u00b7 3 reports \u00b7 300750.SZ, ALB');
    expect(catl).toContain('ALB +13.6%');
    expect(catl).toMatch(/ \u221214%/); // from the second outlet's report
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(couldPing(body)).toBe(false);
  });

  it('when due: one Slack message with a section per story', async () => {
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const { blocks, text, channel } = posts[0]!.body;
    expect(channel).toBe(SLACK_CHANNEL);
    expect(blockProblems(blocks)).toEqual([]);
    expect(messageCanPing({ text, blocks })).toBe(false);
    const visible = visibleBlocks(blocks);
    expect(visible).toContain('Hourly digest: 2 stories');
    expect(visible).toContain(`${CATL[0]!.title}\nZhitong Finance \u00b7 3 reports \u00b7 300750.SZ, ALB`);
    expect(visible).toContain(ALBEMARLE.title);
    expect(JSON.stringify(blocks)).toContain('<https://zhitong.example/news/catl-lithium-suspension|');
  });

  it('the next tick sends nothing more', async () => {
    expect(await app.digests.tick()).toBe(0);
    expect(discord.messagePosts()).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
