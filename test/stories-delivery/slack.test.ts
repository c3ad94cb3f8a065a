/**
 * One story, one alert, on Slack end to end (real app wiring, SQLite store, the Slack adapter's WebClient on the
 * fake Web API): three outlets carry the CATL story → one chat.postMessage, then two chat.update calls on its ts,
 * the final blocks naming the other two outlets with links; a different Albemarle event → a new post.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { visibleBlocks } from '../fakes/slack/visible-text.js';
import { ALBEMARLE, CATL, storiesApp, serveOutlets } from './harness.js';

const CHANNEL = 'C0STORY';

describe('stories on slack: one post, updated with chat.update', () => {
  const logger = createMemoryLogger([FAKE_BOT_TOKEN]);
  let fake: FakeSlack;
  let srv: FeedServer;
  let app: App;
  let root: string;
  let stage = 1;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    srv = await startFeedServer();
    serveOutlets(srv, () => stage);
    ({ app, root } = await storiesApp(srv, 'stories-slack', logger, { slack: fake, channel: CHANNEL }));
  });
  afterAll(async () => {
    await app?.close();
    await srv?.close();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('three outlets, minutes apart → one chat.postMessage and two chat.update of its ts', async () => {
    await app.runCycle();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    const ts = fake.postsTo(CHANNEL)[0]!.ts;

    stage = 2;
    await app.runCycle();
    stage = 3;
    await app.runCycle();

    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    const updates = fake.callsTo('chat.update');
    expect(updates.map((c) => [c.body.channel, c.body.ts, c.response?.ok])).toEqual([[CHANNEL, ts, true], [CHANNEL, ts, true]]);

    const posts = fake.postsTo(CHANNEL);
    expect(posts).toHaveLength(1);
    const blocks = posts[0]!.blocks;
    expect(blockProblems(blocks)).toEqual([]);
    expect(messageCanPing({ text: posts[0]!.text, blocks })).toBe(false);
    const visible = visibleBlocks(blocks);
    expect(visible).toContain(CATL[0]!.title);
    expect(visible).toContain('Also reported by: Battery Ledger \u00b7 Pitwall Mining News');
    expect(visible).toMatch(/ \u221214%/); // the second outlet's figure, merged in
    const raw = JSON.stringify(blocks);
    expect(raw).toContain('<https://ledger.example/2026/catl-weighs-mine-halt|Battery Ledger>');
    expect(raw).toContain('<https://pitwall.example/catl-mulls-suspension|Pitwall Mining News>');
  });

  it('a different Albemarle event → a second post, the story message untouched', async () => {
    stage = 4;
    await app.runCycle();
    const posts = fake.postsTo(CHANNEL);
    expect(posts).toHaveLength(2);
    expect(visibleBlocks(posts[1]!.blocks)).toContain(ALBEMARLE.title);
    expect(fake.callsTo('chat.update')).toHaveLength(2);
  });
});
