/**
 * Threads on Discord end to end (issue 17.3), through a started bot: the real app wiring on a SQLite store, the
 * real discord.js client logged in to the fake's gateway taking /subscribe and /threads, the REST adapter posting.
 * Three channels get the CATL story as three outlets report it minutes apart:
 * - #lithium-news, /threads mode:on: the first report is a message; the second starts a thread from it and is a
 *   reply there (its own headline); the third is one more reply in the same thread; the message is never edited.
 * - a forum channel, /threads mode:on broadcast:True (run in a member's post: a forum has no message box): the first report is a forum post; later reports are replies
 *   in it, and the post's starter message is also edited to show the story as it stands.
 * - #watchlist with threads off: one message edited in place, no thread (today's behaviour).
 * Then retries: a reply whose answer is lost is not posted twice (nonce), nor is a forum post (found again).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordGateway, type DiscordGateway } from '../../src/adapters/discord/gateway.js';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/config/load.js';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER, type RecordedRequest } from '../fakes/discord/fake-discord.js';
import { couldPing } from '../fakes/discord/validate.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { ALBEMARLE, CATL, configDir, serveOutlets } from '../stories-delivery/harness.js';
import { visibleText } from './support.js';

const embedOf = (body: Record<string, unknown> | undefined): APIEmbed => (body?.embeds as APIEmbed[] | undefined)?.[0] ?? {};
const textOf = (body: Record<string, unknown> | undefined) => visibleText((body?.embeds as APIEmbed[] | undefined) ?? []);
const reply = (cb: { body: { data?: Record<string, unknown> } }) => visibleText((cb.body.data?.embeds ?? []) as APIEmbed[]);

describe('discord threads: a story as a thread, a forum post per story, edits in place when off', () => {
  const logger = createMemoryLogger();
  let fake: FakeDiscord;
  let srv: FeedServer;
  let app: App;
  let gw: DiscordGateway;
  let root: string;
  let stage = 1;
  let news: string;
  let plain: string;
  let forum: string;
  /** A member's post in the forum, where the forum's commands are run. */
  let settingsPost: string;
  const botPosts = () => fake.threadsIn(forum).filter((t) => t.id !== settingsPost);

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    forum = fake.addForumChannel('lithium-forum');
    settingsPost = fake.addMemberForumPost(forum, 'bot settings');
    news = fake.guild.channels[0]!.id;
    plain = fake.guild.channels[1]!.id;
    srv = await startFeedServer();
    serveOutlets(srv, () => stage);
    const made = configDir(srv, 'lw-threads-discord-');
    root = made.root;
    const config = loadConfig({
      dir: made.dir,
      env: { STORE_URL: `sqlite://${join(root, 'wire.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    });
    // A short timeout: the lost answers below are hangs, and the retry runs within the same drain.
    const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger, timeoutMs: 1_000 });
    app = await buildApp(config, { logger, chatAdapters: [adapter] });
    const { subscriptions, alerts, feedStates } = app.stores;
    gw = await startDiscordGateway({
      token: fake.token, apiUrl: fake.apiUrl, logger,
      commandDeps: { subscriptions, alerts, feedStates, universe: app.universe, clock: app.clock, logger },
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await app?.close();
    await srv?.close();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('/threads needs Manage Channels and a subscription; set, it shows in /status', async () => {
    const denied = await fake.interact({ name: 'threads', channelId: news, options: [{ name: 'mode', type: 3, value: 'on' }], permissions: PERMS_MEMBER });
    expect(reply(denied)).toContain('You need permission to manage this channel');
    const early = await fake.interact({ name: 'threads', channelId: news, options: [{ name: 'mode', type: 3, value: 'on' }], permissions: PERMS_MANAGER });
    expect(reply(early)).toContain('Run /subscribe first');

    // A forum has no message box: its commands are run in one of its posts, and apply to the forum.
    for (const channelId of [news, plain, settingsPost]) await fake.interact({ name: 'subscribe', channelId, permissions: PERMS_MANAGER });
    const on = await fake.interact({ name: 'threads', channelId: news, options: [{ name: 'mode', type: 3, value: 'on' }], permissions: PERMS_MANAGER });
    expect(on.body.data?.flags).toBe(64);
    expect(reply(on)).toContain('Threads on');
    const onForum = await fake.interact({
      name: 'threads', channelId: settingsPost, permissions: PERMS_MANAGER,
      options: [{ name: 'mode', type: 3, value: 'on' }, { name: 'broadcast', type: 5, value: true }],
    });
    expect(reply(onForum)).toContain('also shown in the channel');

    const status = await fake.interact({ name: 'status', channelId: news });
    expect(reply(status)).toContain('replies in a thread under the story\u2019s first alert');
    expect(reply(await fake.interact({ name: 'status', channelId: plain }))).not.toContain('Story updates');
    expect((await app.stores.subscriptions.get({ platform: 'discord', id: forum }))?.threads).toEqual({ mode: 'on', broadcast: true });
    expect(await app.stores.subscriptions.get({ platform: 'discord', id: settingsPost })).toBeUndefined();
    // The post was made before the bot connected, so it was not in the gateway's cache: fetched to find its forum.
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === `/channels/${settingsPost}`)).toBe(true);
  });

  it('the first report: a message in each text channel, a forum post (no nonce field) in the forum', async () => {
    const report = await app.runCycle();
    expect(report.delivery.sent).toBe(3);
    expect(fake.channelMessages(news)).toHaveLength(1);
    expect(fake.channelMessages(plain)).toHaveLength(1);
    const [post, ...more] = botPosts();
    expect(more).toHaveLength(0);
    expect(post).toMatchObject({ forumPost: true, name: CATL[0]!.title });
    const starter = fake.channelMessages(post!.id);
    expect(starter.map((m) => m.id)).toEqual([post!.id]);
    expect(embedOf(starter[0]!.body).title).toBe(CATL[0]!.title);
    expect(starter[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.threadsIn(news)).toHaveLength(0); // no thread until there is something to put in it
  });

  it('the second outlet: a thread from the story\u2019s message with a reply, a reply in the forum post, an edit where threads are off', async () => {
    stage = 2;
    const report = await app.runCycle();
    expect(report.delivery.sent).toBe(3);
    const first = fake.channelMessages(news)[0]!;
    expect(fake.channelMessages(news)).toHaveLength(1);
    expect(first.edits).toBeUndefined();
    const [thread] = fake.threadsIn(news);
    expect(thread).toMatchObject({ id: first.id, name: CATL[0]!.title, forumPost: false, autoArchiveMinutes: 1440 });
    const replies = fake.channelMessages(first.id);
    expect(replies).toHaveLength(1);
    // The reply is the later report itself: its outlet's headline and link, sent with the delivery's nonce.
    expect(embedOf(replies[0]!.body)).toMatchObject({ title: CATL[1]!.title, url: CATL[1]!.link });
    expect(replies[0]!.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(typeof replies[0]!.nonce).toBe('string');
    expect(couldPing(replies[0]!.body)).toBe(false);

    const post = botPosts()[0]!;
    const inPost = fake.channelMessages(post.id);
    expect(inPost).toHaveLength(2);
    expect(embedOf(inPost[1]!.body).title).toBe(CATL[1]!.title);
    // Broadcast: the post's starter message shows the story as it stands.
    expect(inPost[0]!.edits).toBe(1);
    expect(textOf(inPost[0]!.body)).toContain('Battery Ledger');
    expect(embedOf(inPost[0]!.body).title).toBe(CATL[0]!.title);

    // Threads off: today's behaviour, one message edited in place.
    const edited = fake.channelMessages(plain);
    expect(edited).toHaveLength(1);
    expect(edited[0]!.edits).toBe(1);
    expect(textOf(edited[0]!.body)).toContain('Battery Ledger');
    expect(fake.threadsIn(plain)).toHaveLength(0);
  });

  it('the third outlet: one more reply in the same thread (no second thread), even when its first answer is lost', async () => {
    stage = 3;
    const thread = fake.channelMessages(news)[0]!.id;
    const startsBefore = fake.requests.filter((r) => r.path.endsWith('/threads')).length;
    // The reply is stored, its answer never comes: the retry carries the same nonce and gets the same message back.
    const inThread = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${thread}/messages`;
    fake.failNext({ action: { kind: 'commit-then-hang' }, match: inThread });
    await app.runCycle();
    await until(async () => (await app.stores.outbox.list('pending')).length === 0);
    expect(fake.requests.filter(inThread).length).toBeGreaterThanOrEqual(2);
    const replies = fake.channelMessages(thread);
    expect(replies.map((m) => embedOf(m.body).title)).toEqual([CATL[1]!.title, CATL[2]!.title]);
    expect(fake.requests.filter((r) => r.path.endsWith('/threads')).length).toBe(startsBefore);
    expect(fake.channelMessages(news)).toHaveLength(1);
    expect(fake.channelMessages(botPosts()[0]!.id)).toHaveLength(3);
    expect(fake.channelMessages(plain)[0]!.edits).toBe(2);
  });

  it('a new story whose forum post\u2019s answer is lost: found among the active threads, not posted twice', async () => {
    stage = 4;
    const creates = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${forum}/threads`;
    const postsBefore = fake.requests.filter(creates).length;
    fake.failNext({ action: { kind: 'commit-then-hang' }, match: creates });
    await app.runCycle();
    await until(async () => (await app.stores.outbox.list('pending')).length === 0);
    expect(fake.requests.filter(creates)).toHaveLength(postsBefore + 1);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === `/guilds/${fake.guild.id}/threads/active`)).toBe(true);
    expect(botPosts().map((t) => t.name)).toEqual([CATL[0]!.title, ALBEMARLE.title]);
    // Elsewhere the new story is a new message of its own.
    expect(fake.channelMessages(news).map((m) => embedOf(m.body).title)).toEqual([CATL[0]!.title, ALBEMARLE.title]);
    expect(await app.stores.outbox.list('dead')).toHaveLength(0);
  });

  it('/threads mode:off: later reports edit in place again', async () => {
    const off = await fake.interact({ name: 'threads', channelId: news, options: [{ name: 'mode', type: 3, value: 'off' }], permissions: PERMS_MANAGER });
    expect(reply(off)).toContain('Threads off');
    expect((await app.stores.subscriptions.get({ platform: 'discord', id: news }))?.threads).toBeUndefined();
    expect((await app.stores.subscriptions.get({ platform: 'discord', id: news }))?.want).toBe('lithium-supply');
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
