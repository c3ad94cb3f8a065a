/**
 * The end-to-end check with real parts: /subscribe and /watchlist add ALB through the real discord.js
 * client on the fake Discord, then a poll (real app wiring, SQLite store) of a loopback feed carrying the CATL
 * story → exactly one embed in that channel with the key figures; a second poll posts nothing new.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordGateway } from '../../src/adapters/discord/gateway.js';
import type { App } from '../../src/app/build.js';
import { figureLabel } from '../../src/core/alert-view.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { FakeDiscord, PERMS_MANAGER } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { CONFIG_DIR, startDiscordPipeline, visibleText } from './support.js';

/** The sample feed cut down to its first item: the CATL suspension story. */
function catlOnlyFeed(): string {
  const xml = readFileSync(join(CONFIG_DIR, 'samples', 'battery-metals.rss'), 'utf8');
  const first = xml.indexOf('<item>');
  const end = xml.indexOf('</item>', first) + '</item>'.length;
  return `${xml.slice(0, first)}${xml.slice(first, end)}\n  </channel>\n</rss>\n`;
}

describe('discord end to end: commands, then a poll of the CATL story', () => {
  const root = mkdtempSync(join(tmpdir(), 'lw-discord-e2e-'));
  const logger = createMemoryLogger();
  let fake: FakeDiscord;
  let feeds: FeedServer;
  let app: App;
  let gw: DiscordGateway;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    feeds = await startFeedServer();
    feeds.route('/catl.rss', { body: catlOnlyFeed() });
    ({ app, gw } = await startDiscordPipeline({ root, fake, feedsYaml: `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: catl, url: "${feeds.url('/catl.rss')}" }\n`, logger }));
  });
  afterAll(async () => {
    await gw?.stop();
    await app?.close();
    await feeds?.close();
    await fake?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('posts exactly one embed with the figures, then nothing on the next poll', async () => {
    const channel = fake.defaultChannel.id;
    const sub = await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });
    expect(sub.body.data?.flags).toBe(64);
    const add = await fake.interact({
      name: 'watchlist',
      options: [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'ALB' }] }],
      permissions: PERMS_MANAGER,
    });
    expect(JSON.stringify(add.body)).toContain('ALB (Albemarle)');

    await app.runCycle();
    const messages = fake.channelMessages(channel);
    expect(messages).toHaveLength(1);
    const body = messages[0]!.body as { embeds: APIEmbed[]; allowed_mentions: unknown; enforce_nonce: boolean; nonce: string };
    expect(body.embeds).toHaveLength(1);
    const embed = body.embeds[0]!;
    expect(embed.url).toBe('https://www.zhitong-finance.example/news/20240912/us-lithium-stocks-catl-suspension');
    expect(embed.title).toContain('Contemporary Amperex Technology (300750.SZ)');
    const text = visibleText(body.embeds);
    // The matcher's own labels for this story (its wording is the matcher's business), each one visible.
    const [alert] = await app.stores.alerts.latestFor('ALB', 1);
    const labels = alert!.match.figures.map(figureLabel);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const label of labels) expect(text).toContain(label);
    for (const figure of ['ALB +13.6%', '6,000 t/month', '\u221214%']) expect(text).toContain(figure);
    expect(embed.fields).toContainEqual({ name: 'ALB', value: '+13.6%', inline: true });
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.enforce_nonce).toBe(true);
    // A watched symbol in a supply story: the channel sees it named as its own.
    expect(embed.fields?.some((f) => f.name === 'On this channel\u2019s watchlist' && f.value.includes('ALB'))).toBe(true);

    const postsBefore = fake.messagePosts(channel).length;
    await app.runCycle();
    expect(fake.channelMessages(channel)).toHaveLength(1);
    expect(fake.messagePosts(channel)).toHaveLength(postsBefore);
  });
});
