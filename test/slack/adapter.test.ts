/** The Slack adapter against the loopback fake Web API: what goes on the wire, and how refusals and 429s end. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, normaliseApiUrl, type SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { ConfigurationError, PermanentDeliveryError, RateLimitError, WireError } from '../../src/core/errors.js';
import type { ChannelRef } from '../../src/core/types.js';
import { CATL_LINK, catlDelivery, hostileDelivery } from '../contract/fixtures.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';

const chan = (id: string): ChannelRef => ({ platform: 'slack', id, workspace: 'T0LITHIUM' });

describe('slack adapter', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const logger = createMemoryLogger([FAKE_BOT_TOKEN]);

  beforeAll(async () => {
    fake = await FakeSlack.start();
    adapter = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl.replace(/\/$/, ''), logger, maxRetryAfterMs: 5000 });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('posts one chat.postMessage with blocks, fallback text, no unfurl, the bot token, and returns the ts', async () => {
    const sent = await adapter.send(catlDelivery(chan('C0ALERTS')));
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.method).toBe('chat.postMessage');
    expect(call.token).toBe(FAKE_BOT_TOKEN);
    expect(call.body.channel).toBe('C0ALERTS');
    expect(call.body.unfurl_links).toBe(false);
    expect(call.body.unfurl_media).toBe(false);
    expect(call.body.link_names).toBe(false);
    expect(String(call.body.text)).toContain('Lithium miners rally as CATL weighs mine, plant suspensions - Citi');
    expect(blockProblems(call.body.blocks)).toEqual([]);
    expect(JSON.stringify(call.body.blocks)).toContain(`<${CATL_LINK}|`);
    expect(sent.messageId).toBe(fake.messages[0]!.ts);
    expect(sent.messageId).toMatch(/^\d+\.\d{6}$/);
  });

  it('a hostile headline goes out valid, escaped and unable to ping', async () => {
    await adapter.send(hostileDelivery(chan('C0ALERTS')));
    const body = fake.calls[0]!.body;
    expect(fake.calls[0]!.response).toMatchObject({ ok: true });
    expect(blockProblems(body.blocks)).toEqual([]);
    expect(messageCanPing(body)).toBe(false);
    expect(String(body.text)).not.toMatch(/<[!@#]/);
    expect(String(body.text).length).toBeLessThanOrEqual(3000);
  });

  for (const code of ['not_in_channel', 'channel_not_found', 'is_archived'] as const) {
    it(`${code} → PermanentDeliveryError with that code after exactly one call`, async () => {
      fake.refuse('C0GONE', code);
      const err = await adapter.send(catlDelivery(chan('C0GONE'))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect((err as PermanentDeliveryError).code).toBe(code);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(fake.messages).toHaveLength(0);
    });
  }

  it('one 429 with Retry-After: 1 then OK → exactly 2 calls, delivered once, after waiting at least 1 s', async () => {
    fake.rateLimitNext('chat.postMessage', 1);
    const t0 = Date.now();
    const sent = await adapter.send(catlDelivery(chan('C0ALERTS')));
    const waited = Date.now() - t0;
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.postsTo('C0ALERTS')).toHaveLength(1);
    expect(sent.messageId).toBe(fake.messages[0]!.ts);
    // Correctness, not speed: the second call must not come before Slack's Retry-After.
    expect(waited).toBeGreaterThanOrEqual(1000);
  });

  it('a Retry-After longer than the adapter will sleep is thrown as RateLimitError with that wait', async () => {
    fake.rateLimitNext('chat.postMessage', 120);
    const err = await adapter.send(catlDelivery(chan('C0ALERTS'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(120_000);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('5xx, a dropped connection and other Slack errors are TRANSIENT, tried once (the outbox retries)', async () => {
    fake.injectFault('chat.postMessage', { kind: 'status', status: 503 });
    fake.injectFault('chat.postMessage', { kind: 'drop' });
    fake.injectFault('chat.postMessage', { kind: 'error', error: 'internal_error' });
    for (const expected of ['HTTP 503', 'request to Slack failed', 'internal_error']) {
      const err = await adapter.send(catlDelivery(chan('C0ALERTS'))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WireError);
      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
      expect((err as WireError).code).toBe('TRANSIENT');
      expect((err as WireError).message).toContain(expected);
    }
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(fake.messages).toHaveLength(0);
  });

  it('a reply slower than the timeout is TRANSIENT although Slack stored the post (the duplicate window issue 7 measures)', async () => {
    const quick = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger, timeoutMs: 200 });
    fake.injectFault('chat.postMessage', { kind: 'delay', ms: 1000 });
    const err = await quick.send(catlDelivery(chan('C0ALERTS'))).catch((e: unknown) => e);
    expect((err as WireError).code).toBe('TRANSIENT');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.postsTo('C0ALERTS')).toHaveLength(1);
  });

  it('a wrong token is refused by the fake and surfaces as a ConfigurationError naming invalid_auth and the fix, token never logged', async () => {
    const bad = createSlackAdapter({ token: 'xoxb-wrong-token-123456', apiUrl: fake.apiUrl, logger });
    const err = await bad.send(catlDelivery(chan('C0ALERTS'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).code).toBe('SLACK_INVALID_AUTH');
    expect((err as ConfigurationError).message).toContain('invalid_auth');
    expect((err as ConfigurationError).fix).toContain('SLACK_BOT_TOKEN');
    expect(String(err)).not.toContain('xoxb-wrong-token-123456');
    expect(fake.calls[0]!.token).toBe('xoxb-wrong-token-123456');
    expect(logger.lines.join('\n')).not.toContain(FAKE_BOT_TOKEN);
    expect(logger.lines.join('\n')).not.toContain('xoxb-wrong-token-123456');
  });

  it('tells the deliverer Slack’s per-channel pace: one post a second', () => {
    expect(adapter.platform).toBe('slack');
    expect(adapter.minChannelIntervalMs).toBe(1000);
  });

  it('normalises SLACK_API_URL to end in exactly one slash', () => {
    expect(normaliseApiUrl('http://127.0.0.1:9/api')).toBe('http://127.0.0.1:9/api/');
    expect(normaliseApiUrl('http://127.0.0.1:9/api/')).toBe('http://127.0.0.1:9/api/');
    expect(normaliseApiUrl(undefined)).toBeUndefined();
  });
});
