/**
 * Ordering and pacing: a burst to one Slack channel is queued and spaced by the adapter's per-channel interval
 * (through the deliverer's injected sleep and millisecond clock, not the wall clock), none dropped, in order;
 * and the global sends-per-second cap holds across channels.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createSlackAdapter, SLACK_CHANNEL_INTERVAL_MS, slackDeliveryId } from '../../src/adapters/slack/adapter.js';
import type { ChatAdapter } from '../../src/core/ports.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { burst, openBench, type Bench } from './harness.js';

/** A millisecond clock that moves only when the deliverer sleeps. */
function fakeTime() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    nowMs: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('per-channel pacing on Slack', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => fake.close());

  it('spaces a burst of 30 alerts to one channel exactly 1 s apart, drops none, keeps order', async () => {
    const slack = createSlackAdapter({ token: 'xoxb-0000-fake-bot-token', apiUrl: fake.apiUrl, logger: createMemoryLogger() });
    const time = fakeTime();
    const sendTimes: number[] = [];
    const timed: ChatAdapter = { ...slack, send: async (d) => { sendTimes.push(time.nowMs()); return slack.send(d); } };
    bench = await openBench(timed, { sleep: time.sleep, nowMs: time.nowMs, maxPerSecond: 20 });
    const deliveries = burst(30, 'slack', ['C0BURST']);
    await bench.stores.outbox.enqueue(deliveries, new Date());

    const r = await bench.deliverer.drain();

    expect(r).toEqual({ sent: 30, retried: 0, dead: 0, waiting: 0 });
    expect(SLACK_CHANNEL_INTERVAL_MS).toBe(1000);
    expect(time.sleeps).toEqual(Array.from({ length: 29 }, () => 1000));
    expect(sendTimes.slice(1).map((t, i) => t - sendTimes[i]!)).toEqual(Array.from({ length: 29 }, () => 1000));
    const got = fake.postsTo('C0BURST').map((m) => (m.body.metadata as { event_payload: { delivery_id: string } }).event_payload.delivery_id);
    expect(got).toEqual(deliveries.map((d) => slackDeliveryId(d)));
  });
});

describe('global cap on sends per second', () => {
  it('never sends more than maxPerSecond in any one-second window across channels', async () => {
    const time = fakeTime();
    const sendTimes: number[] = [];
    const adapter: ChatAdapter = {
      platform: 'fake',
      async send(d) {
        sendTimes.push(time.nowMs());
        return { messageId: d.alert.id };
      },
    };
    bench = await openBench(adapter, { sleep: time.sleep, nowMs: time.nowMs, maxPerSecond: 5, concurrency: 4 });
    const channels = Array.from({ length: 12 }, (_, i) => `c${i}`);
    await bench.stores.outbox.enqueue(burst(12, 'fake', channels), new Date());

    expect((await bench.deliverer.drain()).sent).toBe(12);
    const start = sendTimes[0]!;
    expect(sendTimes.map((t) => t - start)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  });
});
