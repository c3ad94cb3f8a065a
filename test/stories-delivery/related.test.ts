/**
 * "A genuinely new development is a new alert, linked to the story", end to end on Discord and on Slack (real app
 * wiring, SQLite store, the real adapters on the loopback fakes). Invented reports, none from the corpus:
 *   poll 1: one outlet — Pilbara Minerals halts its Corella Hills mine → a story, one message;
 *   poll 2: another outlet — the same company shuts a SECOND mine, Bandicoot Flat → the grouper calls it a new
 *           development (a different site) related to the first story: a new message (a POST, not an edit)
 *           carrying "Follows an earlier story" with the first story's headline and link; the first message is
 *           not touched;
 *   poll 3: a third outlet reports the Corella Hills halt again → an ordinary update: the FIRST message is edited
 *           (one PATCH / chat.update, on it), the development's message is left alone.
 */
import { rmSync } from 'node:fs';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { couldPing } from '../fakes/discord/validate.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { visibleBlocks } from '../fakes/slack/visible-text.js';
import { storiesApp, OUTLETS, rss, type Report } from './harness.js';

/** Poll 1, first outlet: the story. */
const MINE_A: Report = {
  guid: 'zt-pls-corella',
  title: 'Pilbara Minerals halts Corella Hills spodumene mine as lithium prices slump',
  link: 'https://zhitong.example/news/pilbara-corella-hills-halt',
  description:
    'Pilbara Minerals (ASX: PLS) will suspend mining at its Corella Hills spodumene mine in Western Australia and place ' +
    'it on care and maintenance, taking about 120,000 tonnes a year of concentrate off the market.',
  minutesAgo: 30,
};

/** Poll 2, second outlet: the same company, the same act, another mine — a new development (no figure, so the
 * grouper's reason is the site, not a figure that differs). */
const MINE_B: Report = {
  guid: 'bl-pls-bandicoot',
  title: 'Pilbara Minerals shuts a second mine, idling its Bandicoot Flat spodumene operation',
  link: 'https://ledger.example/2026/pilbara-bandicoot-flat-shut',
  description:
    'Pilbara Minerals (ASX: PLS) will also suspend production at its Bandicoot Flat spodumene operation in Western ' +
    'Australia, the second mine it has halted this week as spodumene prices stay low.',
  minutesAgo: 20,
};

/** Poll 3, third outlet: the first story again, in other words — an ordinary report of it. */
const MINE_A_AGAIN: Report = {
  guid: 'pw-pls-corella',
  title: 'Corella Hills mine to stop as Pilbara Minerals puts spodumene site on care and maintenance',
  link: 'https://pitwall.example/pilbara-corella-hills-care-and-maintenance',
  description:
    'Pilbara Minerals said its Corella Hills spodumene mine in Western Australia will stop production and go on care ' +
    'and maintenance, taking roughly 120,000 t a year of concentrate off the market.',
  minutesAgo: 10,
};

/** Each outlet's feed by poll: outlet i carries its report from poll i+1 on (feeds keep their earlier items). */
const BY_OUTLET: readonly Report[] = [MINE_A, MINE_B, MINE_A_AGAIN];
function serve(srv: FeedServer, poll: () => number): void {
  OUTLETS.forEach((o, i) => {
    srv.route(`/${o.id}.rss`, () => ({ body: rss(o.title, poll() > i ? [BY_OUTLET[i]!] : []) }));
  });
}

const FOLLOWS = 'Follows an earlier story';
const embedOf = (body: Record<string, unknown> | undefined): APIEmbed => (body?.embeds as APIEmbed[] | undefined)?.[0] ?? {};
const fieldValue = (e: APIEmbed, name: string) => e.fields?.find((f) => f.name === name)?.value;
const clone = <T>(v: T): T => structuredClone(v);

describe('a new development on discord: a new message, linked to the first story', () => {
  const logger = createMemoryLogger();
  let fake: FakeDiscord;
  let srv: FeedServer;
  let app: App;
  let root: string;
  let poll = 1;
  let ch: string;
  let firstStoryId: string | undefined;
  let firstBody: Record<string, unknown>;
  let secondBody: Record<string, unknown>;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    srv = await startFeedServer();
    serve(srv, () => poll);
    ({ app, root, channel: ch } = await storiesApp(srv, 'related-discord', logger, { discord: fake }));
  });
  afterAll(async () => {
    await app?.close();
    await srv?.close();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('poll 1: the Corella Hills halt is posted once, following nothing', async () => {
    const report = await app.runCycle();
    expect(report.alerts.map((a) => a.item.title)).toEqual([MINE_A.title]);
    expect(report.deliveries[0]?.story).toMatchObject({ isUpdate: false, relatedTo: undefined });
    firstStoryId = report.deliveries[0]?.story?.id;
    expect(firstStoryId).toBeDefined();
    expect(fake.messagePosts(ch)).toHaveLength(1);
    expect(fake.messageEdits()).toHaveLength(0);
    const first = fake.channelMessages(ch)[0]!;
    const embed = embedOf(first.body);
    expect(embed.title).toBe(MINE_A.title);
    expect(fieldValue(embed, FOLLOWS)).toBeUndefined();
    firstBody = clone(first.body);
  });

  it('poll 2: a second mine shut is a NEW message (a POST) following the first story; the first is not edited', async () => {
    poll = 2;
    const report = await app.runCycle();
    expect(report.alerts.map((a) => a.item.title)).toEqual([MINE_B.title]);
    const story = report.deliveries[0]?.story;
    expect(story).toMatchObject({ isUpdate: false, relatedTo: { id: firstStoryId, title: MINE_A.title, link: MINE_A.link } });
    expect(story?.id).not.toBe(firstStoryId);
    expect(report.delivery.sent).toBe(1);
    // The grouper's own reason: the same act at the same company, at a different site.
    expect(logger.lines.filter((l) => l.includes('new development of a story'))).toEqual([
      expect.stringContaining('"reasons":["new development: a different site"'),
    ]);

    // Two POSTs to the channel, no PATCH anywhere.
    expect(fake.messagePosts(ch)).toHaveLength(2);
    expect(fake.messageEdits()).toHaveLength(0);
    const messages = fake.channelMessages(ch);
    expect(messages).toHaveLength(2);

    const embed = embedOf(messages[1]!.body);
    expect(embed.title).toBe(MINE_B.title);
    expect(embed.url).toBe(MINE_B.link);
    // The link back to the first story: its headline, masked over its link, as the formatter renders it.
    expect(embed.fields?.filter((f) => f.name === FOLLOWS)).toEqual([
      { name: FOLLOWS, value: `[${MINE_A.title}](${MINE_A.link})`, inline: false },
    ]);
    expect(fieldValue(embed, 'Also reported by')).toBeUndefined();
    expect(couldPing(messages[1]!.body)).toBe(false);

    // The first message is exactly as it was posted.
    expect(messages[0]!.edits ?? 0).toBe(0);
    expect(messages[0]!.body).toEqual(firstBody);
    secondBody = clone(messages[1]!.body);
  });

  it('poll 3: another outlet on the Corella Hills halt edits the FIRST message, not the development\'s', async () => {
    poll = 3;
    const report = await app.runCycle();
    expect(report.alerts.map((a) => a.item.title)).toEqual([MINE_A_AGAIN.title]);
    expect(report.deliveries[0]?.story).toMatchObject({ id: firstStoryId, isUpdate: true });

    expect(fake.messagePosts(ch)).toHaveLength(2);
    const messages = fake.channelMessages(ch);
    expect(messages).toHaveLength(2);
    expect(fake.messageEdits().map((r) => r.path)).toEqual([`/channels/${ch}/messages/${messages[0]!.id}`]);
    expect(messages[0]!.edits).toBe(1);

    const first = embedOf(messages[0]!.body);
    expect(first.title).toBe(MINE_A.title);
    expect(fieldValue(first, 'Also reported by')).toBe(`[Pitwall Mining News](${MINE_A_AGAIN.link})`);
    expect(fieldValue(first, FOLLOWS)).toBeUndefined();

    // The development's message is untouched.
    expect(messages[1]!.edits ?? 0).toBe(0);
    expect(messages[1]!.body).toEqual(secondBody);
  });
});

describe('a new development on slack: a new post, linked to the first story', () => {
  const CHANNEL = 'C0RELATED';
  const logger = createMemoryLogger([FAKE_BOT_TOKEN]);
  let fake: FakeSlack;
  let srv: FeedServer;
  let app: App;
  let root: string;
  let poll = 1;
  let firstTs: string;
  let firstStoryId: string | undefined;
  let firstBlocks: unknown;
  let secondBlocks: unknown;

  /** The context line storyBlocks renders for a relatedTo, as mrkdwn: `Follows an earlier story: <url|headline>`. */
  const followsLines = (blocks: unknown): string[] =>
    (Array.isArray(blocks) ? (blocks as { type?: string; elements?: { type?: string; text?: string }[] }[]) : [])
      .filter((b) => b.type === 'context')
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.text ?? '')
      .filter((t) => t.startsWith(FOLLOWS));

  beforeAll(async () => {
    fake = await FakeSlack.start();
    srv = await startFeedServer();
    serve(srv, () => poll);
    ({ app, root } = await storiesApp(srv, 'related-slack', logger, { slack: fake, channel: CHANNEL }));
  });
  afterAll(async () => {
    await app?.close();
    await srv?.close();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('poll 1: the Corella Hills halt is one chat.postMessage, following nothing', async () => {
    const report = await app.runCycle();
    expect(report.deliveries[0]?.story).toMatchObject({ isUpdate: false, relatedTo: undefined });
    firstStoryId = report.deliveries[0]?.story?.id;
    expect(firstStoryId).toBeDefined();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    const posts = fake.postsTo(CHANNEL);
    expect(posts).toHaveLength(1);
    expect(visibleBlocks(posts[0]!.blocks)).toContain(MINE_A.title);
    expect(followsLines(posts[0]!.blocks)).toEqual([]);
    firstTs = posts[0]!.ts;
    firstBlocks = clone(posts[0]!.blocks);
  });

  it('poll 2: a second mine shut is a second chat.postMessage following the first story; no chat.update', async () => {
    poll = 2;
    const report = await app.runCycle();
    expect(report.deliveries[0]?.story).toMatchObject({ isUpdate: false, relatedTo: { id: firstStoryId, title: MINE_A.title, link: MINE_A.link } });
    expect(logger.lines.filter((l) => l.includes('new development of a story'))).toEqual([
      expect.stringContaining('"reasons":["new development: a different site"'),
    ]);

    const postCalls = fake.callsTo('chat.postMessage');
    expect(postCalls.map((c) => [c.body.channel, c.body.ts, c.response?.ok])).toEqual([[CHANNEL, undefined, true], [CHANNEL, undefined, true]]);
    expect(fake.callsTo('chat.update')).toHaveLength(0);

    const posts = fake.postsTo(CHANNEL);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.ts).not.toBe(firstTs);
    const blocks = posts[1]!.blocks;
    expect(blockProblems(blocks)).toEqual([]);
    expect(messageCanPing({ text: posts[1]!.text, blocks })).toBe(false);
    expect(visibleBlocks(blocks)).toContain(MINE_B.title);
    // Exactly the formatter's line: the first story's headline linked to the first story's link.
    expect(followsLines(blocks)).toEqual([`${FOLLOWS}: <${MINE_A.link}|${MINE_A.title}>`]);
    expect(visibleBlocks(blocks)).toContain(`${FOLLOWS}: ${MINE_A.title}`);
    expect(visibleBlocks(blocks)).not.toContain('Also reported by');

    // The first post is exactly as it was.
    expect(posts[0]!.ts).toBe(firstTs);
    expect(posts[0]!.blocks).toEqual(firstBlocks);
    secondBlocks = clone(blocks);
  });

  it('poll 3: another outlet on the Corella Hills halt is one chat.update of the FIRST post\'s ts', async () => {
    poll = 3;
    const report = await app.runCycle();
    expect(report.deliveries[0]?.story).toMatchObject({ id: firstStoryId, isUpdate: true });

    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    const updates = fake.callsTo('chat.update');
    expect(updates.map((c) => [c.body.channel, c.body.ts, c.response?.ok])).toEqual([[CHANNEL, firstTs, true]]);

    const posts = fake.postsTo(CHANNEL);
    expect(posts).toHaveLength(2);
    const visible = visibleBlocks(posts[0]!.blocks);
    expect(visible).toContain(MINE_A.title);
    expect(visible).toContain('Also reported by: Pitwall Mining News');
    expect(JSON.stringify(posts[0]!.blocks)).toContain(`<${MINE_A_AGAIN.link}|Pitwall Mining News>`);
    expect(followsLines(posts[0]!.blocks)).toEqual([]);

    // The development's post is untouched.
    expect(posts[1]!.blocks).toEqual(secondBlocks);
  });
});
