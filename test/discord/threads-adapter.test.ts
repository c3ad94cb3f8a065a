/**
 * The Discord adapter's thread edges against the fake, with the real discord.js REST client: a thread started by
 * someone else meanwhile (160004) is posted into; a story message deleted before its thread started, or a
 * forum post deleted, makes the report a fresh first message (the new root); hostile text names no one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { ThreadingAdapter } from '../../src/core/threads.js';
import type { ChannelRef, Delivery } from '../../src/core/types.js';
import { catlDelivery, hostileDelivery } from '../contract/fixtures.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { couldPing, hasLiveMentionSyntax } from '../fakes/discord/validate.js';

/** A later report of the story `first` opened: its own alert, the story's lead kept for edits. */
function laterReport(first: Delivery, id: string): Delivery {
  const alert = { ...first.alert, id, item: { ...first.alert.item, id, title: `Later: ${first.alert.item.title}`.slice(0, 200) } };
  return { ...first, alert, story: { id: first.story!.id, isUpdate: true, lead: first.alert, alsoReportedBy: [{ source: 'Battery Ledger' }] } };
}

/** A story's first report, with an alert id of its own (the nonce is per alert and channel). */
function opening(d: Delivery, storyId: string): Delivery {
  return { ...d, alert: { ...d.alert, id: `${storyId}-first` }, story: { id: storyId, isUpdate: false, alsoReportedBy: [] } };
}

describe('discord adapter threads', () => {
  const logger = createMemoryLogger();
  let fake: FakeDiscord;
  let adapter: ThreadingAdapter;
  let text: ChannelRef;
  let forum: ChannelRef;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger, timeoutMs: 5_000 });
    text = { platform: 'discord', id: fake.defaultChannel.id, workspace: fake.guild.id };
    forum = { platform: 'discord', id: fake.addForumChannel('forum'), workspace: fake.guild.id };
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('a thread already started on the message (160004) is posted into', async () => {
    const first = opening(catlDelivery(text), 'story-1');
    const root = (await adapter.sendThreaded!(first)).messageId;
    // Someone (or another instance) started the thread by hand, and the bot's first reply meets no thread yet.
    fake.failNext({ action: { kind: 'status', status: 404, body: { message: 'Unknown Channel', code: 10003 } }, match: (r) => r.method === 'POST' && r.path === `/channels/${root}/messages` });
    fake.threads.set(root, { id: root, parentId: text.id, name: 'by hand', forumPost: false, createdAt: new Date().toISOString(), autoArchiveMinutes: 60 });
    const r = await adapter.reply(laterReport(first, 'later-1'), root, { broadcast: false });
    expect(r.newRoot).toBeUndefined();
    expect(fake.channelMessages(root).map((m) => m.id)).toEqual([r.messageId]);
    expect(fake.requests.filter((q) => q.path === `/channels/${text.id}/messages/${root}/threads`)).toHaveLength(1);
  });

  it('the story\u2019s message deleted before its thread: the report is posted afresh and becomes the root', async () => {
    const first = opening(catlDelivery(text), 'story-2');
    const root = (await adapter.send(first)).messageId;
    fake.messages.set(text.id, (fake.messages.get(text.id) ?? []).filter((m) => m.id !== root));
    const later = laterReport(first, 'later-2');
    const r = await adapter.reply(later, root, { broadcast: true });
    expect(r.newRoot).toBe(r.messageId);
    const fresh = fake.channelMessages(text.id).find((m) => m.id === r.messageId)!;
    // Posted afresh, it shows the story (its first headline), not just the one report.
    expect((fresh.body.embeds as { title?: string }[])[0]?.title).toBe(first.alert.item.title);
  });

  it('a deleted forum post: the report opens a new post; hostile titles ping no one in the post or its name', async () => {
    const first = opening(hostileDelivery(forum), 'story-3');
    const root = (await adapter.sendThreaded!(first)).messageId;
    const post = fake.threads.get(root)!;
    expect(post.name.length).toBeLessThanOrEqual(100);
    expect(couldPing(fake.channelMessages(root)[0]!.body)).toBe(false);
    expect(hasLiveMentionSyntax(fake.channelMessages(root)[0]!.body)).toBe(false);
    fake.deleteThread(root);
    const r = await adapter.reply(laterReport(first, 'later-3'), root, { broadcast: false });
    expect(r.newRoot).toBe(r.messageId);
    expect(fake.threads.get(r.messageId)).toMatchObject({ forumPost: true, parentId: forum.id });
  });
});
