/** The fake Web API itself speaks Slack's wire format: both body encodings, tokens, errors, limits, chat.update. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP_TOKEN, FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';

async function call(fake: FakeSlack, method: string, body: string, contentType: string, token?: string) {
  const res = await fetch(`${fake.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const json = 'application/json; charset=utf-8';
const form = 'application/x-www-form-urlencoded';

describe('fake Slack Web API', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('records JSON and form-encoded posts alike, decoding form JSON fields and flags; chat.update edits the message', async () => {
    const blocks = [{ type: 'section', text: { type: 'plain_text', text: 'hi' } }];
    const a = await call(fake, 'chat.postMessage', JSON.stringify({ channel: 'C1', text: 'one', blocks }), json, FAKE_BOT_TOKEN);
    const b = await call(fake, 'chat.postMessage', new URLSearchParams({ channel: 'C1', text: 'true', blocks: JSON.stringify(blocks), unfurl_links: 'false' }).toString(), form, FAKE_BOT_TOKEN);
    expect(a.json).toMatchObject({ ok: true, channel: 'C1' });
    expect(b.json.ts).not.toBe(a.json.ts);
    expect(fake.calls.map((c) => [c.contentType, c.token, c.body.text, c.body.blocks])).toEqual([
      ['json', FAKE_BOT_TOKEN, 'one', blocks],
      ['form', FAKE_BOT_TOKEN, 'true', blocks],
    ]);
    expect(fake.calls[1]!.body.unfurl_links).toBe(false);

    const u = await call(fake, 'chat.update', JSON.stringify({ channel: 'C1', ts: a.json.ts, text: 'edited' }), json, FAKE_BOT_TOKEN);
    expect(u.json).toMatchObject({ ok: true, ts: a.json.ts, text: 'edited' });
    expect(fake.postsTo('C1').map((m) => m.text)).toEqual(['edited', 'true']);
    expect((await call(fake, 'chat.update', JSON.stringify({ channel: 'C1', ts: '1.2', text: 'x' }), json, FAKE_BOT_TOKEN)).json.error).toBe('message_not_found');
  });

  it('answers like Slack to bad tokens, unknown methods, empty and oversized messages', async () => {
    const msg = JSON.stringify({ channel: 'C1', text: 'x' });
    expect((await call(fake, 'chat.postMessage', msg, json)).json).toEqual({ ok: false, error: 'not_authed' });
    expect((await call(fake, 'chat.postMessage', msg, json, 'xoxb-nope')).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await call(fake, 'chat.postMessage', msg, json, FAKE_APP_TOKEN)).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await call(fake, 'apps.connections.open', '', form, FAKE_BOT_TOKEN)).json).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect((await call(fake, 'apps.connections.open', '', form, FAKE_APP_TOKEN)).json.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    expect((await call(fake, 'users.list', '', form, FAKE_BOT_TOKEN)).json).toEqual({ ok: false, error: 'unknown_method' });
    expect((await call(fake, 'chat.postMessage', JSON.stringify({ channel: 'C1' }), json, FAKE_BOT_TOKEN)).json.error).toBe('no_text');
    const tooBig = await call(fake, 'chat.postMessage', JSON.stringify({ channel: 'C1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }), json, FAKE_BOT_TOKEN);
    expect(tooBig.json.error).toBe('invalid_blocks');
    expect(fake.messages).toHaveLength(0);
  });

  it('refuses channels with the code asked for, and answers 429 with Retry-After when told', async () => {
    fake.refuse('C2', 'is_archived');
    expect((await call(fake, 'chat.postMessage', JSON.stringify({ channel: 'C2', text: 'x' }), json, FAKE_BOT_TOKEN)).json).toEqual({ ok: false, error: 'is_archived' });
    fake.rateLimitNext('chat.postMessage', 7);
    const limited = await call(fake, 'chat.postMessage', JSON.stringify({ channel: 'C1', text: 'x' }), json, FAKE_BOT_TOKEN);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json).toEqual({ ok: false, error: 'ratelimited' });
    const next = await call(fake, 'chat.postMessage', JSON.stringify({ channel: 'C1', text: 'x' }), json, FAKE_BOT_TOKEN);
    expect(next.status).toBe(200);
    expect(fake.calls.map((c) => c.status)).toEqual([200, 429, 200]);
  });
});
