/**
 * Slack's duplicate check must never hold a channel up: whatever conversations.history answers that is not
 * transient (unknown_method, channel_not_found), or a transient answer that never clears (an HTML 502 page from a
 * proxy), the entry is sent without the check and that is counted. Real Bolt WebClient, real deliverer, SQLite.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { FakeSlack, FAKE_BOT_TOKEN, type Fault } from '../fakes/slack/fake-slack.js';
import { burst, drainUntilEmpty, openBench, type Bench } from './harness.js';

let fake: FakeSlack;
let bench: Bench | undefined;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => fake.close());
afterEach(async () => {
  fake.reset();
  await bench?.close();
  bench = undefined;
});

const historyFaults: [string, Fault][] = [
  ['unknown_method', { kind: 'error', error: 'unknown_method' }],
  ['channel_not_found', { kind: 'error', error: 'channel_not_found' }],
  ['an HTML 502 page, every time', { kind: 'status', status: 502 }],
];

describe('slack: history errors do not stall a channel', () => {
  it.each(historyFaults)('%s on conversations.history: the channel is delivered, in order, the skip counted', async (_name, fault) => {
    const skipped: string[] = [];
    const slack = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger: createMemoryLogger(), timeoutMs: 500, onUncheckedSend: (r) => skipped.push(r) });
    bench = await openBench({ ...slack, minChannelIntervalMs: 0 });
    const deliveries = burst(3, 'slack', ['C0STALL']);
    await bench.stores.outbox.enqueue(deliveries, new Date());
    // The first post's connection drops: its outcome is unknown, so the retry asks history first.
    fake.injectFault('chat.postMessage', { kind: 'drop' });
    fake.faultPolicy = (method) => (method === 'conversations.history' ? fault : undefined);
    await drainUntilEmpty(bench, 100);

    expect(fake.postsTo('C0STALL').map((m) => m.text)).toEqual(deliveries.map((d) => expect.stringContaining(d.alert.item.title) as unknown as string));
    expect(await bench.stores.outbox.list('dead')).toEqual([]);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(skipped).toHaveLength(1);
    expect(slack.stats.refused).toBe(1);
  }, 30_000);
});
