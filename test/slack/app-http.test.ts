/**
 * The running Bolt app in HTTP mode, driven by signed slash-command requests: accepted ones are handled and answered
 * on the response_url (recorded by the fake); forged, stale, future-dated or unsigned ones get 401 and never reach
 * the command core.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NEED_MANAGE, describeWant } from '../../src/core/commands/wording.js';
import { blockProblems } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { httpRequest, postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { visibleText } from '../fakes/slack/visible-text.js';
import { ADMIN, MEMBER, SIGNING_SECRET, startSlackRig, type SlackRig } from './support.js';

const chan = { platform: 'slack', id: 'C0ALERTS', workspace: 'T0LITHIUM' };

describe('slack app over HTTP (signed requests)', () => {
  let rig: SlackRig;
  let storeReads = 0;

  beforeAll(async () => {
    rig = await startSlackRig();
    // Count every touch of the subscription store: a rejected request must not cause one.
    const subs = rig.deps.subscriptions;
    const get = subs.get.bind(subs);
    subs.get = async (c) => {
      storeReads++;
      return get(c);
    };
  });
  afterAll(async () => {
    await rig?.close();
  });
  beforeEach(async () => {
    await rig.deps.subscriptions.remove(chan);
    rig.fake.reset();
    storeReads = 0;
  });

  it('checked the bot token with auth.test at start, and serves GET /healthz on the same port', async () => {
    const fresh = await startSlackRig();
    try {
      expect(fresh.fake.callsTo('auth.test').map((c) => c.token)).toEqual([FAKE_BOT_TOKEN]);
      const h = await httpRequest(`${fresh.baseUrl}/healthz`, 'GET', {});
      expect(h.status).toBe(200);
      expect(JSON.parse(h.body)).toEqual({ ok: true, mode: 'http' });
      expect((await httpRequest(`${fresh.baseUrl}/nope`, 'GET', {})).status).toBe(404);
    } finally {
      await fresh.close();
    }
  });

  it('a correctly signed /lithium subscribe is acked with 200, applied, and answered ephemerally on the response_url', async () => {
    const { http, reply } = await rig.slash('subscribe');
    expect(http.status).toBe(200);
    expect(http.body).toBe('');
    expect(reply?.body.response_type).toBe('ephemeral');
    expect(reply?.body.replace_original).toBe(false);
    expect(blockProblems(reply?.body.blocks)).toEqual([]);
    const visible = visibleText(reply?.body);
    expect(visible).toContain('Subscribed');
    expect(visible).toContain(describeWant('lithium-supply'));
    const sub = await rig.deps.subscriptions.get(chan);
    expect(sub?.want).toBe('lithium-supply');
    expect(sub?.origin).toBe('command');
  });

  it('watchlist add ALB then list, through the app: the list names ALB and Albemarle', async () => {
    const added = await rig.slash('watchlist add ALB');
    expect(visibleText(added.reply?.body)).toContain('Added: ALB (Albemarle)');
    const list = await rig.slash('watchlist list', { userId: MEMBER });
    expect(visibleText(list.reply?.body)).toContain('ALB (Albemarle)');
    expect((await rig.deps.subscriptions.get(chan))?.watchlist).toEqual([{ symbol: 'ALB' }]);
  });

  it('with SLACK_ADMINS set, a user not listed is refused ephemerally and nothing changes; lookups still work', async () => {
    const r = await rig.slash('subscribe all', { userId: MEMBER });
    expect(r.reply?.body.response_type).toBe('ephemeral');
    expect(visibleText(r.reply?.body)).toContain(NEED_MANAGE);
    expect(await rig.deps.subscriptions.get(chan)).toBeUndefined();
    const help = await rig.slash('help', { userId: MEMBER });
    expect(visibleText(help.reply?.body)).toContain('/lithium watchlist add');
    expect(visibleText(help.reply?.body)).not.toContain(NEED_MANAGE);
    // Help states the rule this install applies: SLACK_ADMINS is set here.
    expect(visibleText(help.reply?.body)).toMatch(/Changing settings is limited to \d+ admins? \(SLACK_ADMINS\)/);
    expect(visibleText(help.reply?.body)).not.toContain('needs permission to manage');
  });

  it('a timestamp 4 minutes ahead (inside the window) is still accepted', async () => {
    const { http, reply } = await rig.slash('status', { sign: { timestamp: Math.floor(Date.now() / 1000) + 240 } });
    expect(http.status).toBe(200);
    expect(reply?.body.text).toBeTruthy();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const forged: [string, () => Parameters<SlackRig['slash']>[1]][] = [
    ['signed with the wrong secret', () => ({ sign: { secret: 'not-the-signing-secret' } })],
    ['a stale timestamp (6 minutes old)', () => ({ sign: { timestamp: now() - 360 } })],
    ['a future timestamp (6 minutes ahead)', () => ({ sign: { timestamp: now() + 360 } })],
    ['no signature header', () => ({ sign: { omit: ['signature'] } })],
    ['no timestamp header', () => ({ sign: { omit: ['timestamp'] } })],
    ['no Slack headers at all', () => ({ sign: { omit: ['signature', 'timestamp'] } })],
  ];
  for (const [what, opts] of forged) {
    it(`${what} → 401, and the command never runs`, async () => {
      const bad = await rig.slash('subscribe all', { ...opts(), expectReply: false });
      expect(bad.http.status).toBe(401);
      // A good request after it is answered; the bad one never is, and never touched the store.
      const good = await rig.slash('status');
      expect(good.http.status).toBe(200);
      expect(rig.fake.responsesFor(bad.id)).toEqual([]);
      expect(rig.fake.responses.map((r) => r.id)).toEqual([good.id]);
      expect(storeReads).toBe(1);
      expect(await rig.deps.subscriptions.get(chan)).toBeUndefined();
    });
  }

  it('a body altered after signing → 401 (the signature covers the body)', async () => {
    const ts = now();
    const body = slashCommandBody({ text: 'status', user_id: ADMIN, response_url: rig.fake.responseUrl('x') });
    const tampered = body.replace('text=status', 'text=subscribe+all');
    expect(tampered).not.toBe(body);
    const res = await postSigned(rig.eventsUrl, tampered, { secret: SIGNING_SECRET, timestamp: ts, signedBody: body });
    expect(res.status).toBe(401);
    expect(storeReads).toBe(0);
  });

  it('the signing secret and bot token never reach the logs', () => {
    const all = rig.logger.lines.join('\n');
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(FAKE_BOT_TOKEN);
    expect(all).toContain('slack: request rejected');
  });
});
