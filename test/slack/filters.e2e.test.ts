/**
 * Filters and user-group mentions end to end on real parts: signed `/lithium filter …` and `/lithium mention …`
 * through the Bolt app, a poll of a loopback feed (real pipeline, SQLite store), and chat.postMessage as the fake
 * Web API recorded it. One channel's filter keeps the CATL story and mentions its group; another's drops it; a
 * hostile headline later carries only the admin's `<!subteam^ID>`, and pings nobody where no group is set.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackApp } from '../../src/adapters/slack/app.js';
import type { App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { blockProblems, messageCanPing, textObjects } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { startSlackPipeline } from './support.js';
import { visibleBlocks, visibleText } from '../fakes/slack/visible-text.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const SECRET = 'filters-signing-secret-0123456789';
const KEEP = 'C0KEEP';
const DROP = 'C0DROP';
const PLAIN = 'C0PLAIN';
const GROUP = 'S0LITHIUM1';
const root = mkdtempSync(join(tmpdir(), 'lw-slack-filters-'));

/** The sample's CATL item, and from the second poll on a hostile one full of would-be pings. */
function feedXml(hit: number): string {
  const sample = readFileSync('config/samples/battery-metals.rss', 'utf8');
  const catl = sample.slice(sample.indexOf('<item>'), sample.indexOf('</item>') + '</item>'.length);
  const hostile = `<item>
      <title>@everyone &lt;@&amp;123&gt; &lt;!channel&gt; &lt;!subteam^S0EVIL|all&gt; Albemarle halts lithium mine; shares jump 12%</title>
      <link>https://wire.example/hostile</link>
      <guid isPermaLink="false">hostile-1</guid>
      <pubDate>${new Date().toUTCString()}</pubDate>
      <description>Albemarle (NYSE: ALB) said it will halt output at a lithium mine, cutting supply by 20%. &lt;!here&gt;</description>
    </item>`;
  const third = `<item>
      <title>Pilbara Minerals suspends Ngungaju lithium plant; shares fall 9%</title>
      <link>https://wire.example/pilbara</link>
      <guid isPermaLink="false">pilbara-1</guid>
      <pubDate>${new Date().toUTCString()}</pubDate>
      <description>Pilbara Minerals (ASX: PLS) will suspend output at its Ngungaju lithium plant, cutting supply. Its shares fell 9%.</description>
    </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Battery Metals Wire</title><link>https://batterymetals.example/</link><description>x</description>
    ${catl}
    ${hit >= 2 ? hostile : ''}
    ${hit >= 3 ? third : ''}
</channel></rss>`;
}

/** Every live mention token in the message's mrkdwn (top-level text and blocks); dates are not mentions. */
function liveTokens(body: { text?: unknown; blocks?: unknown }): string[] {
  return textObjects(body)
    .filter((t) => t.type === 'mrkdwn')
    .flatMap((t) => t.text.match(/<[!@#][^>]*>/g) ?? [])
    .filter((t) => !t.startsWith('<!date^'));
}

describe('slack end to end: /lithium filter keeps and drops, /lithium mention pings only its group', () => {
  let srv: FeedServer;
  let fake: FakeSlack;
  let pipeline: App;
  let slackApp: SlackApp;
  const logger = createMemoryLogger([FAKE_BOT_TOKEN, SECRET]);

  beforeAll(async () => {
    srv = await startFeedServer();
    srv.route('/wire.rss', ({ hit }) => ({ body: feedXml(hit) }));
    fake = await FakeSlack.start();
    fake.usergroups.push(
      { id: GROUP, handle: 'lithium-desk', name: 'Lithium desk', users: ['U0ANALYST'] },
      { id: 'S0OLDDESK1', handle: 'old-desk', name: 'Old desk', dateDelete: 1_700_000_500 },
    );
    ({ pipeline, slackApp } = await startSlackPipeline({ root, fake, feedsYaml: `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: wire, url: "${srv.url('/wire.rss')}" }\n`, secret: SECRET, logger, topics: true }));
  });

  afterAll(async () => {
    await slackApp?.stop();
    await pipeline?.close();
    await fake?.close();
    await srv?.close();
    rmSync(root, { recursive: true, force: true });
  });

  let n = 0;
  async function slash(channel: string, text: string): Promise<string> {
    const id = `filters-${++n}`;
    const body = slashCommandBody({ text, channel_id: channel, response_url: fake.responseUrl(id) });
    const res = await postSigned(`http://127.0.0.1:${slackApp.port}/slack/events`, body, { secret: SECRET });
    expect(res.status).toBe(200);
    return visibleText((await fake.nextResponse(id)).body);
  }

  const postsTo = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

  it('sets filters and a mention by /lithium, refuses bad input plainly, shows them in /lithium status', async () => {
    for (const ch of [KEEP, DROP, PLAIN]) expect(await slash(ch, 'subscribe all')).toContain('Subscribed');
    expect(await slash(KEEP, 'filter tickers ALB')).toContain('Filters: tickers ALB');
    expect(await slash(KEEP, 'filter topics supply')).toContain('topics lithium-supply');
    expect(await slash(DROP, 'filter include "mine closure"')).toContain('including "mine closure"');
    expect(await slash(DROP, 'filter move lots')).toContain('percentage above 0');
    expect(await slash(DROP, 'filter include "(a|b)+"')).toContain('Regular expressions are not supported');
    expect(await slash(KEEP, `mention <!subteam^${GROUP}|lithium-desk> supply`)).toContain(`user group @lithium-desk (${GROUP}), on supply stories`);
    expect(await slash(KEEP, 'mention <@U024BE7LH>')).toContain('Slack user group');
    const status = await slash(KEEP, 'status');
    expect(status).toContain('tickers ALB; topics lithium-supply');
    expect(status).toContain(`@lithium-desk (${GROUP})`);
  });

  it('a poll: the kept story names the filter and mentions the group; the dropping channel gets nothing', async () => {
    await pipeline.runCycle();
    const kept = postsTo(KEEP);
    expect(kept).toHaveLength(1);
    const body = kept[0]!.body;
    expect(kept[0]!.response).toMatchObject({ ok: true });
    expect(blockProblems(body.blocks)).toEqual([]);
    expect(String(body.text).startsWith(`<!subteam^${GROUP}> `)).toBe(true);
    expect(liveTokens(body)).toEqual([`<!subteam^${GROUP}>`, `<!subteam^${GROUP}>`]);
    expect(body).not.toHaveProperty('link_names', true);
    const visible = visibleBlocks(body.blocks);
    expect(visible).toContain('Contemporary Amperex Technology (300750.SZ)');
    expect(visible).toContain('filter: ticker ALB; topic lithium-supply');
    expect(postsTo(DROP)).toHaveLength(0);
    const open = postsTo(PLAIN);
    expect(open).toHaveLength(1);
    expect(messageCanPing(open[0]!.body)).toBe(false);
  });

  it('a hostile headline carries only the admin\u2019s group where one is set, and pings nobody elsewhere', async () => {
    await pipeline.runCycle();
    const kept = postsTo(KEEP);
    expect(kept).toHaveLength(2);
    const body = kept[1]!.body;
    expect(blockProblems(body.blocks)).toEqual([]);
    expect(liveTokens(body)).toEqual([`<!subteam^${GROUP}>`, `<!subteam^${GROUP}>`]);
    // Feed text sits in plain_text (shown verbatim, never parsed) or escaped mrkdwn: no live token of its own.
    const mrkdwn = textObjects(body).filter((t) => t.type === 'mrkdwn').map((t) => t.text).join('\n');
    expect(mrkdwn).not.toMatch(/<!(channel|here|everyone)|<!subteam\^S0EVIL|<@&/);
    expect(visibleBlocks(body.blocks)).toContain('@everyone <@&123> <!channel> <!subteam^S0EVIL|all>');

    const open = postsTo(PLAIN);
    expect(open).toHaveLength(2);
    expect(messageCanPing(open[1]!.body)).toBe(false);
    expect(liveTokens(open[1]!.body)).toEqual([]);
    expect(postsTo(DROP)).toHaveLength(0);
  });

  it('a plain @handle (should_escape: false) is looked up with usergroups.list; unknown and disabled handles are refused plainly', async () => {
    const before = fake.callsTo('usergroups.list').length;
    expect(await slash(PLAIN, 'mention @Lithium-Desk move 5')).toContain(`Mention: user group @lithium-desk (${GROUP}), on every alert with a move \u2265 5%`);
    const calls = fake.callsTo('usergroups.list').slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.token).toBe(FAKE_BOT_TOKEN);
    expect(calls[0]!.body).toMatchObject({ include_disabled: false });
    expect(calls[0]!.response).toMatchObject({ ok: true, usergroups: [{ id: GROUP, handle: 'lithium-desk', name: 'Lithium desk' }] });
    expect((await pipeline.stores.subscriptions.get({ platform: 'slack', id: PLAIN }))?.mention).toEqual({ kind: 'usergroup', id: GROUP, label: 'lithium-desk', minMovePct: 5 });

    const unknown = await slash(PLAIN, 'mention @lithium-dsek');
    expect(unknown).toContain('No user group @lithium-dsek in this workspace');
    expect(unknown).toContain('Copy group ID');
    expect(await slash(PLAIN, 'mention @old-desk')).toContain('No user group @old-desk');
    expect(await slash(PLAIN, 'mention @here')).toContain('notifies the whole channel');
    // A refusal leaves the setting as it was.
    expect((await pipeline.stores.subscriptions.get({ platform: 'slack', id: PLAIN }))?.mention?.id).toBe(GROUP);

    // The next story with a big enough move mentions the group found by its handle, and only it.
    await pipeline.runCycle();
    const open = postsTo(PLAIN);
    expect(open).toHaveLength(3);
    expect(visibleBlocks(open[2]!.body.blocks)).toContain('Pilbara Minerals suspends Ngungaju lithium plant');
    expect(liveTokens(open[2]!.body)).toEqual([`<!subteam^${GROUP}>`, `<!subteam^${GROUP}>`]);
  });

  it('without the usergroups:read scope, a plain @handle is refused naming the scope to add; an ID still works', async () => {
    fake.scopes.delete('usergroups:read');
    try {
      const text = await slash(PLAIN, 'mention @lithium-desk');
      expect(fake.callsTo('usergroups.list').at(-1)!.response).toMatchObject({ ok: false, error: 'missing_scope', needed: 'usergroups:read' });
      expect(text).toContain('lacks the usergroups:read scope');
      expect(text).toContain('OAuth & Permissions');
      expect(text).not.toMatch(/Reference:|Error:|at .*\.ts/);
      const before = fake.callsTo('usergroups.list').length;
      expect(await slash(PLAIN, `mention ${GROUP} supply`)).toContain(`user group ${GROUP}, on supply stories`);
      expect(fake.callsTo('usergroups.list')).toHaveLength(before);
    } finally {
      fake.scopes.add('usergroups:read');
    }
  });

  it('mention clear stops the group mention; filter clear lets everything through again', async () => {
    expect(await slash(KEEP, 'mention clear')).toContain('Mention cleared');
    expect(await slash(DROP, 'filter clear')).toContain('Filters cleared');
    const sub = await pipeline.stores.subscriptions.get({ platform: 'slack', id: DROP });
    expect(sub?.filter).toBeUndefined();
    expect((await pipeline.stores.subscriptions.get({ platform: 'slack', id: KEEP }))?.mention).toBeUndefined();
  });
});
