/**
 * One story, one alert, on Discord end to end (real app wiring, SQLite store, real REST adapter on the fake):
 * three outlets carry the CATL story minutes apart → one message created, then edited twice in place (one POST,
 * two PATCHes to that message), the final embed naming the other two outlets with links and the merged figures;
 * the app is rebuilt between the two edits (the story and its message come back from the store); a different
 * Albemarle event → a separate new message.
 */
import { rmSync } from 'node:fs';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { couldPing } from '../fakes/discord/validate.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { ALBEMARLE, CATL, storiesApp, serveOutlets } from './harness.js';

const embedOf = (body: Record<string, unknown> | undefined): APIEmbed => (body?.embeds as APIEmbed[] | undefined)?.[0] ?? {};
const fieldValue = (e: APIEmbed, name: string) => e.fields?.find((f) => f.name === name)?.value;

describe('stories on discord: one message, edited in place', () => {
  const logger = createMemoryLogger();
  let fake: FakeDiscord;
  let srv: FeedServer;
  let app: App;
  let root: string;
  let stage = 1;
  let build: () => Promise<App>;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    srv = await startFeedServer();
    serveOutlets(srv, () => stage);
    ({ app, root, build } = await storiesApp(srv, 'stories-discord', logger, { discord: fake }));
  });
  afterAll(async () => {
    await app?.close();
    await srv?.close();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the first outlet\'s report is posted once, as a normal alert', async () => {
    const report = await app.runCycle();
    expect(report.alerts).toHaveLength(1);
    expect(report.delivery.sent).toBe(1);
    const ch = fake.defaultChannel.id;
    expect(fake.messagePosts(ch)).toHaveLength(1);
    expect(fake.messageEdits()).toHaveLength(0);
    const embed = embedOf(fake.channelMessages(ch)[0]?.body);
    expect(embed.title).toBe(CATL[0]!.title);
    expect(fieldValue(embed, 'Also reported by')).toBeUndefined();
  });

  it('the second outlet edits that message: no new post, one PATCH, its outlet and its new figure added', async () => {
    stage = 2;
    const report = await app.runCycle();
    expect(report.alerts).toHaveLength(1);
    expect(report.deliveries[0]?.story).toMatchObject({ isUpdate: true });
    const ch = fake.defaultChannel.id;
    const first = fake.channelMessages(ch)[0]!;
    expect(fake.messagePosts()).toHaveLength(1);
    const edits = fake.messageEdits();
    expect(edits.map((r) => r.path)).toEqual([`/channels/${ch}/messages/${first.id}`]);
    expect((edits[0]!.body as Record<string, unknown>).allowed_mentions).toEqual({ parse: [] });
    const embed = embedOf(first.body);
    expect(embed.title).toBe(CATL[0]!.title); // the story keeps its first headline
    expect(fieldValue(embed, 'Also reported by')).toBe('[Battery Ledger](https://ledger.example/2026/catl-weighs-mine-halt)');
    // The second outlet's figure (output down 14%), merged into the story's message; its label is the matcher's.
    expect(embed.fields?.filter((f) => f.value === '\u221214%')).toHaveLength(1);
  });

  it('after a restart, the third outlet edits the same message again: still one POST, two PATCHes', async () => {
    await app.close();
    app = await build();
    stage = 3;
    const report = await app.runCycle();
    expect(report.delivery.sent).toBe(1);
    const ch = fake.defaultChannel.id;
    const messages = fake.channelMessages(ch);
    expect(messages).toHaveLength(1);
    expect(fake.messagePosts()).toHaveLength(1);
    expect(fake.messageEdits().map((r) => r.path)).toEqual([`/channels/${ch}/messages/${messages[0]!.id}`, `/channels/${ch}/messages/${messages[0]!.id}`]);
    expect(messages[0]!.edits).toBe(2);
    const embed = embedOf(messages[0]!.body);
    expect(fieldValue(embed, 'Also reported by')).toBe(
      '[Battery Ledger](https://ledger.example/2026/catl-weighs-mine-halt) \u00b7 [Pitwall Mining News](https://pitwall.example/catl-mulls-suspension)',
    );
    expect(embed.author?.name).toBe('Zhitong Finance');
    expect(couldPing(messages[0]!.body)).toBe(false);
  });

  it('a different Albemarle event is a separate new message', async () => {
    stage = 4;
    const report = await app.runCycle();
    expect(report.alerts.map((a) => a.item.title)).toEqual([ALBEMARLE.title]);
    expect(report.deliveries[0]?.story?.isUpdate).toBe(false);
    const ch = fake.defaultChannel.id;
    expect(fake.messagePosts(ch)).toHaveLength(2);
    expect(fake.messageEdits()).toHaveLength(2);
    const messages = fake.channelMessages(ch);
    expect(messages).toHaveLength(2);
    expect(embedOf(messages[1]!.body).title).toBe(ALBEMARLE.title);
    expect(embedOf(messages[0]!.body).title).toBe(CATL[0]!.title);
  });

  it('a poll with nothing new posts and edits nothing', async () => {
    const report = await app.runCycle();
    expect(report.alerts).toHaveLength(0);
    expect(fake.messagePosts()).toHaveLength(2);
    expect(fake.messageEdits()).toHaveLength(2);
  });
});
