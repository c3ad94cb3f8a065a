import { describe, expect, it } from 'vitest';
import { createDeliverer } from '../../src/delivery/deliverer.js';
import { PermanentDeliveryError, RateLimitError, WireError } from '../../src/core/errors.js';
import type { ChatAdapter } from '../../src/core/ports.js';
import type { Alert, Delivery } from '../../src/core/types.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { MemoryAlertLog, MemorySubscriptions } from '../fakes/memory-stores.js';
import { openStores } from '../../src/store/open.js';

function delivery(n: number, channel = 'c1'): Delivery {
  const alert: Alert = {
    id: `a${n}`,
    item: { id: `i${n}`, feedId: 'f', title: `story ${n}`, summary: '' },
    match: { lithiumSupply: true, score: 1, why: [], tickers: [], figures: [], topics: [] },
    matchedAt: '2026-01-01T00:00:00Z',
  };
  return { alert, channel: { platform: 'fake', id: channel }, kind: 'supply', watched: [] };
}

/** A recording fake adapter whose answers a test scripts per call. */
function fakeAdapter(script: (d: Delivery, call: number) => Error | undefined) {
  const sent: string[] = [];
  let calls = 0;
  const adapter: ChatAdapter = {
    platform: 'fake',
    async send(d) {
      calls += 1;
      const err = script(d, calls);
      if (err) throw err;
      sent.push(`${d.channel.id}:${d.alert.id}`);
      return { messageId: `m${calls}` };
    },
  };
  return { adapter, sent, calls: () => calls };
}

async function setup(script: (d: Delivery, call: number) => Error | undefined) {
  const stores = await openStores('sqlite://:memory:');
  const subscriptions = new MemorySubscriptions();
  await subscriptions.put({ channel: { platform: 'fake', id: 'c1' }, want: 'all', watchlist: [], origin: 'command', updatedAt: '' });
  let now = new Date('2026-01-01T00:00:00Z');
  const clock = { now: () => now };
  const fake = fakeAdapter(script);
  const deliverer = createDeliverer({
    outbox: stores.outbox, subscriptions, alerts: new MemoryAlertLog(), adapters: new Map([['fake', fake.adapter]]),
    clock, logger: createMemoryLogger(), random: () => 0.5, giveUpAfterMs: 3600_000,
  });
  return { stores, subscriptions, deliverer, fake, advance: (ms: number) => { now = new Date(now.getTime() + ms); }, clock };
}

describe('deliverer', () => {
  it('delivers in order per channel and marks entries sent with the message id', async () => {
    const t = await setup(() => undefined);
    await t.stores.outbox.enqueue([delivery(1), delivery(2), delivery(3, 'c2')], t.clock.now());
    const r = await t.deliverer.drain();
    expect(r).toEqual({ sent: 3, retried: 0, dead: 0, waiting: 0 });
    expect(t.fake.sent.filter((s) => s.startsWith('c1'))).toEqual(['c1:a1', 'c1:a2']);
    expect(await t.stores.outbox.list('pending')).toEqual([]);
  });

  it('waits the retry-after on 429 (never less; up to a tenth more, jittered) and keeps later alerts of that channel behind it', async () => {
    const t = await setup((_d, call) => (call === 1 ? new RateLimitError(1500) : undefined));
    await t.stores.outbox.enqueue([delivery(1), delivery(2)], t.clock.now());
    expect(await t.deliverer.drain()).toEqual({ sent: 0, retried: 1, dead: 0, waiting: 1 });
    t.advance(1499);
    expect((await t.deliverer.drain()).sent).toBe(0);
    // random 0.5: 1,500 ms + 0.5 × 150 ms of jitter.
    t.advance(75);
    expect((await t.deliverer.drain()).sent).toBe(0);
    t.advance(1);
    expect((await t.deliverer.drain()).sent).toBe(2);
    expect(t.fake.sent).toEqual(['c1:a1', 'c1:a2']);
  });

  it('retries transient errors with backoff, then gives up into dead letters after the window', async () => {
    const t = await setup(() => new WireError('TRANSIENT', '502 bad gateway'));
    await t.stores.outbox.enqueue([delivery(1)], t.clock.now());
    await t.deliverer.drain();
    const [e] = await t.stores.outbox.pending(10);
    // equal jitter with random 0.5: 2 s base → 1 s + 0.5 s
    expect(Date.parse(e!.nextAttemptAt) - t.clock.now().getTime()).toBe(1500);
    t.advance(3600_000);
    const r = await t.deliverer.drain();
    expect(r.dead).toBe(1);
    const [dead] = await t.stores.outbox.list('dead');
    expect(dead?.lastError?.code).toBe('TRANSIENT');
  });

  it('stops after one call on a permanent refusal and marks the channel failing', async () => {
    const t = await setup(() => new PermanentDeliveryError('DISCORD_50001', 'Missing Access'));
    await t.stores.outbox.enqueue([delivery(1), delivery(2)], t.clock.now());
    await t.deliverer.drain();
    await t.deliverer.drain();
    expect(t.fake.calls()).toBe(1);
    expect((await t.subscriptions.get({ platform: 'fake', id: 'c1' }))?.failing?.reason).toMatch(/DISCORD_50001/);
    expect((await t.stores.outbox.list('dead')).map((e) => e.delivery.alert.id)).toEqual(['a1', 'a2']);
  });
});

describe('deliverer pacing', () => {
  it('spaces a burst to one channel by the platform interval instead of dropping any', async () => {
    const stores = await openStores('sqlite://:memory:');
    const waits: number[] = [];
    const sent: string[] = [];
    const adapter: ChatAdapter = {
      platform: 'fake',
      minChannelIntervalMs: 1000,
      async send(d) {
        sent.push(d.alert.id);
        return { messageId: d.alert.id };
      },
    };
    const deliverer = createDeliverer({
      outbox: stores.outbox, subscriptions: new MemorySubscriptions(), alerts: new MemoryAlertLog(),
      adapters: new Map([['fake', adapter]]), clock: { now: () => new Date() }, logger: createMemoryLogger(),
      sleep: async (ms) => { waits.push(ms); },
    });
    await stores.outbox.enqueue([delivery(1), delivery(2), delivery(3)], new Date());
    expect((await deliverer.drain()).sent).toBe(3);
    expect(sent).toEqual(['a1', 'a2', 'a3']);
    expect(waits).toHaveLength(2);
    for (const w of waits) expect(w).toBeGreaterThan(900);
  });
});

describe('deliverer and rejected messages', () => {
  it('dead-letters a message the platform rejects as malformed at once, without marking the channel', async () => {
    const { RejectedMessageError } = await import('../../src/core/errors.js');
    const t = await setup(() => new RejectedMessageError('DISCORD_50035', 'Invalid Form Body'));
    await t.stores.outbox.enqueue([delivery(1)], t.clock.now());
    expect((await t.deliverer.drain()).dead).toBe(1);
    expect(t.fake.calls()).toBe(1);
    expect((await t.subscriptions.get({ platform: 'fake', id: 'c1' }))?.failing).toBeUndefined();
  });
});
