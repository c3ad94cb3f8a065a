/**
 * Filters and role mentions end to end on real parts: /subscribe, /filter and /mention through the real discord.js
 * client on the fake Discord, a poll of a loopback feed (real app wiring, SQLite store), and the posts as recorded
 * on the wire. One channel's filter keeps the CATL story (ALB +13.6%) and pings its role, another's drops it; a
 * hostile headline later pings only the configured role where one is set, and nobody elsewhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordGateway } from '../../src/adapters/discord/gateway.js';
import type { App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { couldPing } from '../fakes/discord/validate.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { CONFIG_DIR, startDiscordPipeline, visibleText } from './support.js';

const ROLE = '830000000000000042';
const STRING = 3;
const NUMBER = 10;
const ROLE_OPTION = 8;
const SUB = 1;

/** The sample's CATL story, and from the second poll on a hostile one naming a role and @everyone. */
function feedXml(hit: number): string {
  const xml = readFileSync(join(CONFIG_DIR, 'samples', 'battery-metals.rss'), 'utf8');
  const catl = xml.slice(xml.indexOf('<item>'), xml.indexOf('</item>') + '</item>'.length);
  const hostile = `<item>
      <title>@everyone &lt;@&amp;123456789012345678&gt; &lt;!channel&gt; Albemarle halts lithium mine; shares jump 12%</title>
      <link>https://wire.example/hostile</link>
      <guid isPermaLink="false">hostile-1</guid>
      <pubDate>${new Date().toUTCString()}</pubDate>
      <description>Albemarle (NYSE: ALB) said it will halt output at a lithium mine, cutting supply by 20%. Its shares rose 12% on Tuesday. @here &lt;@&amp;123456789012345678&gt;</description>
    </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Battery Metals Wire</title><link>https://batterymetals.example/</link><description>x</description>
    ${catl}
    ${hit >= 2 ? hostile : ''}
</channel></rss>`;
}

type Body = { content?: string; embeds: APIEmbed[]; allowed_mentions: { parse: unknown[]; roles?: string[]; users?: string[] } };

describe('discord end to end: /filter keeps and drops, /mention pings only its role', () => {
  const root = mkdtempSync(join(tmpdir(), 'lw-discord-filters-'));
  const logger = createMemoryLogger();
  let fake: FakeDiscord;
  let feeds: FeedServer;
  let app: App;
  let gw: DiscordGateway;
  let keep: string;
  let drop: string;
  let plain: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    feeds = await startFeedServer();
    feeds.route('/wire.rss', ({ hit }) => ({ body: feedXml(hit) }));
    ({ app, gw } = await startDiscordPipeline({ root, fake, feedsYaml: `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}" }\n`, logger, topics: true }));
    keep = fake.guild.channels[0]!.id;
    drop = fake.guild.channels[1]!.id;
    plain = fake.addChannel('plain-news');
  });
  afterAll(async () => {
    await gw?.stop();
    await app?.close();
    await feeds?.close();
    await fake?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const cmd = async (channelId: string, name: string, options: unknown[], permissions = PERMS_MANAGER) => {
    const cb = await fake.interact({ name, options: options as never, channelId, permissions });
    return visibleText((cb.body.data?.embeds ?? []) as APIEmbed[]);
  };

  it('sets filters and a mention by slash command; members may look but not change', async () => {
    for (const ch of [keep, drop, plain]) expect(await cmd(ch, 'subscribe', [{ name: 'what', type: STRING, value: 'all' }])).toContain('Subscribed');
    expect(await cmd(keep, 'filter', [{ name: 'move', type: SUB, options: [{ name: 'percent', type: NUMBER, value: 5 }] }])).toContain('move \u2265 5%');
    expect(await cmd(keep, 'filter', [{ name: 'tickers', type: SUB, options: [{ name: 'symbols', type: STRING, value: 'ALB, SQM' }] }])).toContain('tickers ALB or SQM');
    expect(await cmd(drop, 'filter', [{ name: 'move', type: SUB, options: [{ name: 'percent', type: NUMBER, value: 50 }] }])).toContain('move \u2265 50%');
    const refused = await cmd(keep, 'filter', [{ name: 'clear', type: SUB, options: [] }], PERMS_MEMBER);
    expect(refused).toContain('Not allowed');
    expect(await cmd(keep, 'filter', [{ name: 'tickers', type: SUB, options: [{ name: 'symbols', type: STRING, value: 'NOTATICKERX' }] }])).toContain('Unknown ticker');
    expect(await cmd(keep, 'filter', [{ name: 'show', type: SUB, options: [] }], PERMS_MEMBER)).toContain('tickers ALB or SQM; move \u2265 5%');

    const set = await cmd(keep, 'mention', [
      { name: 'role', type: ROLE_OPTION, value: ROLE },
      { name: 'only', type: STRING, value: 'supply' },
      { name: 'min_move', type: NUMBER, value: 10 },
    ]);
    expect(set).toContain(`Mention: <@&${ROLE}>, on supply stories with a move \u2265 10%`);
    const status = await cmd(keep, 'status', [], PERMS_MEMBER);
    expect(status).toContain('Filters tickers ALB or SQM; move \u2265 5%');
    expect(status).toContain(`Mention <@&${ROLE}>, on supply stories`);
    const show = await cmd(keep, 'mention', [], PERMS_MEMBER);
    expect(show).toContain(`Mention: <@&${ROLE}>, on supply stories`);
  });

  it('replies show the role as <@&ID> (its name in Discord) and allow no mention at all on the wire', async () => {
    // The last three callbacks: /mention set, /status, /mention show.
    const replies = fake.callbacks.slice(-3).map((c) => c.body);
    expect(replies).toHaveLength(3);
    for (const r of replies) {
      expect(r.type).toBe(4);
      const data = r.data as Body & { flags?: number };
      // Nothing parsed, no roles or users listed: Discord notifies nobody, whatever the text holds.
      expect(data.allowed_mentions).toEqual({ parse: [] });
      expect(data).not.toHaveProperty('content');
      expect(data.flags).toBe(64);
      const json = JSON.stringify(data.embeds);
      expect(json).toContain(`<@&${ROLE}>`);
      // Only the role the admin picked renders as a mention; no other live token.
      expect(json.match(/<@&?\d+>|@everyone|@here/g)).toEqual([`<@&${ROLE}>`]);
    }
  });

  it('a poll: the kept story carries the filter in its why line and pings only the role; the dropping channel gets nothing', async () => {
    await app.runCycle();
    const kept = fake.channelMessages(keep);
    expect(kept).toHaveLength(1);
    const body = kept[0]!.body as Body;
    expect(body.content).toBe(`<@&${ROLE}>`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    // On the wire: every POST to the channel (one here) asked Discord to allow that role and nothing else.
    const wire = fake.messagePosts(keep).map((r) => (r.body as Body).allowed_mentions);
    expect(wire).toEqual([{ parse: [], roles: [ROLE] }]);
    expect(body.embeds[0]!.title).toContain('Contemporary Amperex Technology (300750.SZ)');
    expect(visibleText(body.embeds)).toContain('filter: ticker ALB; move \u2265 5%');
    expect(fake.channelMessages(drop)).toHaveLength(0);
    expect(fake.messagePosts(drop)).toHaveLength(0);
    // No filter, no mention: the story as before, pinging nobody.
    const open = fake.channelMessages(plain);
    expect(open).toHaveLength(1);
    expect(open[0]!.body).not.toHaveProperty('content');
    expect((open[0]!.body as Body).allowed_mentions).toEqual({ parse: [] });
    expect(couldPing(open[0]!.body)).toBe(false);
  });

  it('a hostile headline pings only the configured role where one is set, and nobody elsewhere', async () => {
    await app.runCycle();
    const kept = fake.channelMessages(keep);
    expect(kept).toHaveLength(2);
    const body = kept[1]!.body as Body;
    expect(body.embeds[0]!.title).toContain('Albemarle halts lithium mine');
    // The content is ours alone; the feed's role, @everyone and <!channel> stay in the embed, made inert.
    expect(body.content).toBe(`<@&${ROLE}>`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect((fake.messagePosts(keep).at(-1)!.body as Body).allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    const embedJson = JSON.stringify(body.embeds);
    expect(embedJson).not.toMatch(/<@&\d/);
    expect(embedJson).not.toMatch(/@everyone|@here/);
    expect(visibleText(body.embeds)).toContain('@everyone <@&123456789012345678> <!channel>');

    const open = fake.channelMessages(plain);
    expect(open).toHaveLength(2);
    expect(couldPing(open[1]!.body)).toBe(false);
    expect(open[1]!.body).not.toHaveProperty('content');
    expect((open[1]!.body as Body).allowed_mentions).toEqual({ parse: [] });
    // The 50% filter drops this one too.
    expect(fake.messagePosts(drop)).toHaveLength(0);
  });

  it('/mention clear:True stops the pings', async () => {
    expect(await cmd(keep, 'mention', [{ name: 'clear', type: 5, value: true }])).toContain('Mention cleared');
    expect((await app.stores.subscriptions.get({ platform: 'discord', id: keep }))?.mention).toBeUndefined();
  });
});
