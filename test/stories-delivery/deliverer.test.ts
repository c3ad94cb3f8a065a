/**
 * The deliverer's story rules on a real SQLite outbox: an update edits the story's recorded message; without an
 * edit-capable adapter or a known message it is posted (and the new message becomes the story's); a Discord
 * message deleted meanwhile (404 10008 on PATCH) is posted afresh rather than marking the channel failing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { outboxId, systemClock, type ChatAdapter } from '../../src/core/ports.js';
import type { Alert, Delivery, StoryRef } from '../../src/core/types.js';
import { createDeliverer } from '../../src/delivery/deliverer.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { MemoryAlertLog } from '../fakes/memory-stores.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';

const alert = (id: string, title: string): Alert => ({
  id, item: { id, feedId: id.split('|')[0]!, title, summary: 'Lithium output halted.', link: `https://${id.split('|')[0]}.example/a`, source: id.split('|')[0] },
  match: { lithiumSupply: true, score: 1, why: ['halt'], tickers: ['ALB'], figures: [], topics: ['lithium-supply'] }, matchedAt: new Date().toISOString(),
});

const first = alert('outlet-a|1', 'Albemarle halts a lithium mine');
const second = alert('outlet-b|7', 'Albemarle stops output at a lithium mine');
const opening: StoryRef = { id: 'st-1', isUpdate: false, alsoReportedBy: [] };
const update: StoryRef = { id: 'st-1', isUpdate: true, lead: first, alsoReportedBy: [{ source: 'outlet-b', link: 'https://outlet-b.example/a' }] };

describe('deliverer: story updates', () => {
  let stores: Stores | undefined;
  let dir: string | undefined;
  let fake: FakeDiscord | undefined;
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await stores?.close();
    await fake?.close();
    await slack?.close();
    slack = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    stores = undefined;
    fake = undefined;
  });

  async function bench(adapter: ChatAdapter) {
    dir = mkdtempSync(join(tmpdir(), 'lw-story-deliver-'));
    stores = await openStores(`sqlite://${join(dir, 's.sqlite')}`);
    const deliverer = createDeliverer({
      outbox: stores.outbox, subscriptions: stores.subscriptions, alerts: new MemoryAlertLog(), adapters: new Map([[adapter.platform, adapter]]),
      clock: systemClock, logger: createMemoryLogger(), stories: stores.stories, maxPerSecond: 1000,
    });
    return { stores, deliverer };
  }

  it('an adapter that cannot edit posts the update as a new message, which becomes the story\'s', async () => {
    const sent: Delivery[] = [];
    const adapter: ChatAdapter = { platform: 'console', send: async (d) => { sent.push(d); return { messageId: `m${sent.length}` }; } };
    const { stores: s, deliverer } = await bench(adapter);
    const channel = { platform: 'console', id: 'out' };
    const d1: Delivery = { alert: first, channel, kind: 'supply', watched: [], story: opening };
    const d2: Delivery = { alert: second, channel, kind: 'supply', watched: [], story: update };
    expect(outboxId(d1)).not.toBe(outboxId(d2));
    expect(await s.outbox.enqueue([d1, d2], new Date())).toHaveLength(2);
    const r = await deliverer.drain();
    expect(r.sent).toBe(2);
    expect(sent.map((d) => d.story?.isUpdate)).toEqual([false, true]);
    expect(await s.stories.messageFor('st-1', channel)).toBe('m2');
  });

  it('discord: an update edits the recorded message; a message deleted meanwhile is posted afresh', async () => {
    fake = await FakeDiscord.start();
    const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger: createMemoryLogger() });
    const { stores: s, deliverer } = await bench(adapter);
    const ch = fake.defaultChannel.id;
    const channel = { platform: 'discord', id: ch };
    await s.outbox.enqueue([{ alert: first, channel, kind: 'supply', watched: [], story: opening }], new Date());
    await deliverer.drain();
    const posted = fake.channelMessages(ch)[0]!;
    expect(await s.stories.messageFor('st-1', channel)).toBe(posted.id);

    await s.outbox.enqueue([{ alert: second, channel, kind: 'supply', watched: [], story: update }], new Date());
    expect((await deliverer.drain()).sent).toBe(1);
    expect(fake.messageEdits(ch).map((r) => r.path)).toEqual([`/channels/${ch}/messages/${posted.id}`]);
    expect(fake.messagePosts(ch)).toHaveLength(1);

    fake.messages.set(ch, []); // someone deleted the alert
    const third = alert('outlet-c|3', 'Albemarle mine halt confirmed');
    await s.outbox.enqueue([{ alert: third, channel, kind: 'supply', watched: [], story: { ...update, alsoReportedBy: [...update.alsoReportedBy, { source: 'outlet-c' }] } }], new Date());
    const r = await deliverer.drain();
    expect(r).toMatchObject({ sent: 1, dead: 0 });
    expect(fake.messageEdits(ch)).toHaveLength(2);
    expect(fake.messagePosts(ch)).toHaveLength(2);
    const fresh = fake.channelMessages(ch);
    expect(fresh).toHaveLength(1);
    expect(await s.stories.messageFor('st-1', channel)).toBe(fresh[0]!.id);
    expect((await s.subscriptions.get(channel))?.failing).toBeUndefined();
  });

  it('slack: an update edits with chat.update; a message Slack no longer has (message_not_found) is posted afresh', async () => {
    slack = await FakeSlack.start();
    const adapter = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: slack.apiUrl, logger: createMemoryLogger() });
    const { stores: s, deliverer } = await bench(adapter);
    const channel = { platform: 'slack', id: 'C0EDIT' };
    await s.outbox.enqueue([{ alert: first, channel, kind: 'supply', watched: [], story: opening }], new Date());
    await deliverer.drain();
    const ts = slack.postsTo('C0EDIT')[0]!.ts;
    expect(await s.stories.messageFor('st-1', channel)).toBe(ts);
    await s.outbox.enqueue([{ alert: second, channel, kind: 'supply', watched: [], story: update }], new Date());
    await deliverer.drain();
    expect(slack.callsTo('chat.update').map((c) => [c.body.ts, c.response?.ok])).toEqual([[ts, true]]);

    await s.stories.setMessage('st-1', channel, '1.000001'); // a message that is not there
    const third = alert('outlet-c|3', 'Albemarle mine halt confirmed');
    await s.outbox.enqueue([{ alert: third, channel, kind: 'supply', watched: [], story: update }], new Date());
    expect(await deliverer.drain()).toMatchObject({ sent: 1, dead: 0 });
    expect(slack.callsTo('chat.update').at(-1)?.response).toEqual({ ok: false, error: 'message_not_found' });
    const posts = slack.postsTo('C0EDIT');
    expect(posts).toHaveLength(2);
    expect(await s.stories.messageFor('st-1', channel)).toBe(posts[1]!.ts);
  });
});
