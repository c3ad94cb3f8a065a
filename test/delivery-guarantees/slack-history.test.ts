/** The Slack adapter's check-after against the fake's conversations.history: metadata, paging, refusals. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { ALERT_EVENT_TYPE, createSlackAdapter, slackDeliveryId } from '../../src/adapters/slack/adapter.js';
import { PermanentDeliveryError } from '../../src/core/errors.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { burst } from './harness.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => fake.close());
afterEach(() => fake.reset());

const adapter = (maxHistoryPages?: number) =>
  createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger: createMemoryLogger(), ...(maxHistoryPages ? { maxHistoryPages } : {}) });

describe('slack alreadySent', () => {
  it('posts carry the delivery id as message metadata, and history finds that post by it', async () => {
    const slack = adapter();
    const [d1, d2] = burst(2, 'slack', ['C0HIST']) as [ReturnType<typeof burst>[number], ReturnType<typeof burst>[number]];
    const since = new Date();
    const sent = await slack.send(d1);
    expect(fake.postsTo('C0HIST')[0]?.body.metadata).toEqual({ event_type: ALERT_EVENT_TYPE, event_payload: { delivery_id: slackDeliveryId(d1) } });
    expect(await slack.alreadySent(d1, since)).toEqual(sent);
    expect(await slack.alreadySent(d2, since)).toBeUndefined();
    const call = fake.callsTo('conversations.history')[0]!;
    expect(call.body.include_all_metadata).toBe('true');
    expect(Number(call.body.oldest)).toBeCloseTo((since.getTime() - 60_000) / 1000, 3);
    expect(slack.stats).toEqual({ historyChecks: 2, found: 1, refused: 0 });
  });

  it('pages through history, up to maxHistoryPages', async () => {
    const ds = burst(450, 'slack', ['C0LONG']);
    const since = new Date();
    const slack = adapter(3);
    for (const d of ds) await slack.send(d);
    // The oldest post is on page 3 (200 per page, newest first).
    expect(await slack.alreadySent(ds[0]!, since)).toBeDefined();
    expect(fake.callsTo('conversations.history')).toHaveLength(3);
    // A 429 between pages is waited out (Retry-After) and the same page asked again, not the check restarted.
    fake.rateLimitNext('conversations.history', 0);
    expect(await slack.alreadySent(ds[0]!, since)).toBeDefined();
    expect(fake.callsTo('conversations.history')).toHaveLength(3 + 4);
    const short = adapter(2);
    expect(await short.alreadySent(ds[0]!, since)).toBeUndefined();
  });

  it('missing history scope or a channel history cannot read → undefined (send anyway) and counted; the send then meets the refusal', async () => {
    const unchecked: string[] = [];
    const slack = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger: createMemoryLogger(), onUncheckedSend: (r) => unchecked.push(r) });
    const [d] = burst(1, 'slack', ['C0GONE']);
    fake.scopes.delete('channels:history');
    expect(await slack.alreadySent(d!, new Date())).toBeUndefined();
    expect(slack.stats.refused).toBe(1);
    fake.scopes.add('channels:history');
    fake.refuse('C0GONE', 'channel_not_found');
    expect(await slack.alreadySent(d!, new Date())).toBeUndefined();
    expect(unchecked).toEqual(['missing_scope', 'channel_not_found']);
    await expect(slack.send(d!)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('a transient history failure is retried; the same failure maxHistoryFailures times in a row sends unchecked', async () => {
    const slack = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger: createMemoryLogger(), maxHistoryFailures: 2 });
    const [d] = burst(1, 'slack', ['C0FLAKY']);
    fake.injectFault('conversations.history', { kind: 'status', status: 502 }, 2);
    await expect(slack.alreadySent(d!, new Date())).rejects.toMatchObject({ code: 'TRANSIENT' });
    expect(await slack.alreadySent(d!, new Date())).toBeUndefined();
    expect(slack.stats.refused).toBe(1);
  });
});
