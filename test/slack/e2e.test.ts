/**
 * End to end on real parts: config files, a SQLite store, the loopback feed server, the real pipeline, the Bolt app
 * taking signed `/lithium` commands, and the Slack adapter posting to the fake Web API.
 * `/lithium subscribe` + `/lithium watchlist add ALB`, then a poll with the CATL story → exactly one
 * chat.postMessage carrying the figures; a second poll → nothing; a hostile headline later → escaped, pings nobody.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackApp } from '../../src/adapters/slack/app.js';
import type { App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { figureLabel } from '../../src/core/alert-view.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { startSlackPipeline } from './support.js';
import { visibleBlocks, visibleText } from '../fakes/slack/visible-text.js';
import { hasActiveMarkup } from './harness.js';

const SECRET = 'e2e-signing-secret-0123456789';
const CHANNEL = 'C0E2E';
const root = mkdtempSync(join(tmpdir(), 'lw-slack-e2e-'));

/** The sample feed's CATL item alone, plus a hostile one from the third poll and one more story from the fourth. */
function feedXml(hit: number): string {
  const sample = readFileSync('config/samples/battery-metals.rss', 'utf8');
  const catl = sample.slice(sample.indexOf('<item>'), sample.indexOf('</item>') + '</item>'.length);
  const hostile = `<item>
      <title>@everyone &lt;!channel&gt; &lt;@U024BE7LH&gt; *Albemarle* _halts_ lithium mine &amp; cuts supply ~20% &lt;https://evil.example|click&gt; \`x\`</title>
      <link>https://wire.example/hostile</link>
      <guid isPermaLink="false">hostile-1</guid>
      <pubDate>${new Date().toUTCString()}</pubDate>
      <description>Albemarle (NYSE: ALB) said it will halt output at a lithium mine, cutting supply by 20%. &lt;!here&gt;</description>
    </item>`;
  const later = `<item>
      <title>Albemarle suspends output at a Western Australia lithium mine</title>
      <link>https://wire.example/alb-suspends</link>
      <guid isPermaLink="false">alb-suspends-1</guid>
      <pubDate>${new Date().toUTCString()}</pubDate>
      <description>Albemarle (NYSE: ALB) will suspend output at a lithium mine, removing supply of about 5,000 tonnes a month.</description>
    </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Battery Metals Wire</title><link>https://batterymetals.example/</link><description>x</description>
    ${catl}
    ${hit >= 3 ? hostile : ''}
    ${hit >= 4 ? later : ''}
</channel></rss>`;
}

describe('slack end to end: commands, poll, one post', () => {
  let srv: FeedServer;
  let fake: FakeSlack;
  let pipeline: App;
  let slackApp: SlackApp;
  const logger = createMemoryLogger([FAKE_BOT_TOKEN, SECRET]);

  beforeAll(async () => {
    srv = await startFeedServer();
    srv.route('/wire.rss', ({ hit }) => ({ body: feedXml(hit) }));
    fake = await FakeSlack.start();
    ({ pipeline, slackApp } = await startSlackPipeline({ root, fake, feedsYaml: `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: wire, url: "${srv.url('/wire.rss')}" }\n`, secret: SECRET, logger }));
  });

  afterAll(async () => {
    await slackApp?.stop();
    await pipeline?.close();
    await fake?.close();
    await srv?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function slash(text: string, id: string): Promise<string> {
    const body = slashCommandBody({ text, channel_id: CHANNEL, response_url: fake.responseUrl(id) });
    const res = await postSigned(`http://127.0.0.1:${slackApp.port}/slack/events`, body, { secret: SECRET });
    expect(res.status).toBe(200);
    return visibleText((await fake.nextResponse(id)).body);
  }

  it('subscribe + watchlist add ALB, then a poll → exactly one chat.postMessage with the CATL figures', async () => {
    await slash('subscribe', 'e2e-1');
    await slash('watchlist add ALB', 'e2e-2');
    expect(fake.responsesFor('e2e-2')[0]?.body.text).toContain('Added: ALB (Albemarle)');

    const report = await pipeline.runCycle();
    expect(report.delivery.sent).toBe(1);
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const call = posts[0]!;
    expect(call.token).toBe(FAKE_BOT_TOKEN);
    expect(call.body.channel).toBe(CHANNEL);
    expect(call.response).toMatchObject({ ok: true });
    expect(blockProblems(call.body.blocks)).toEqual([]);

    const visible = visibleBlocks(call.body.blocks);
    expect(visible).toContain('Contemporary Amperex Technology (300750.SZ) reportedly considers suspending');
    expect(visible).toContain('ALB +13.6%');
    expect(visible).toContain('6,000 t');
    const figures = report.alerts[0]!.match.figures.map(figureLabel);
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const f of figures.slice(0, 10)) expect(visible).toContain(f);
    expect(JSON.stringify(call.body.blocks)).toContain('<https://www.zhitong-finance.example/news/20240912/us-lithium-stocks-catl-suspension|');
    expect(messageCanPing(call.body)).toBe(false);
  });

  it('a second poll posts nothing new', async () => {
    const report = await pipeline.runCycle();
    expect(report.delivery.sent).toBe(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a hostile headline arriving later is posted once, escaped, with no live markup, pinging nobody', async () => {
    const report = await pipeline.runCycle();
    expect(report.delivery.sent).toBe(1);
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    const body = posts[1]!.body;
    expect(blockProblems(body.blocks)).toEqual([]);
    expect(messageCanPing(body)).toBe(false);
    expect(hasActiveMarkup(body)).toBe(false);
    expect(String(body.text)).not.toMatch(/<[!@#]/);
    expect(visibleBlocks(body.blocks)).toContain('@everyone <!channel> <@U024BE7LH>');
    expect(JSON.stringify(body.blocks)).toContain('&lt;!channel&gt; &lt;@U024BE7LH&gt;');
    expect(visibleBlocks(body.blocks)).toContain('Albemarle');
    expect(logger.lines.join('\n')).not.toContain(FAKE_BOT_TOKEN);
  });

  it('a channel that removed the bot: one refused call, the subscription marked failing, /lithium status says so', async () => {
    fake.refuse(CHANNEL, 'not_in_channel');
    const report = await pipeline.runCycle();
    expect(report.delivery.sent).toBe(0);
    expect(report.delivery.dead).toBe(1);
    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(3);
    expect(calls[2]!.response).toEqual({ ok: false, error: 'not_in_channel' });
    const sub = await pipeline.stores.subscriptions.get({ platform: 'slack', id: CHANNEL, workspace: 'T0LITHIUM' });
    expect(sub?.failing?.reason).toContain('not_in_channel');

    const status = await slash('status', 'e2e-status');
    expect(status).toContain('not_in_channel');
    expect(status).toContain('alerts are paused');

    // Invited back and re-subscribed: posting resumes.
    fake.allow(CHANNEL);
    expect(await slash('subscribe', 'e2e-resub')).toContain('resumes now');
    expect((await pipeline.stores.subscriptions.get({ platform: 'slack', id: CHANNEL }))?.failing).toBeUndefined();
  });
});
