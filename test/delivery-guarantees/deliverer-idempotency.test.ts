/**
 * The deliverer's idempotency and shutdown mechanics on a real SQLite outbox: record before (the attempt is
 * written before the send), check after (an attempted entry is looked up, not resent), one drain at a time,
 * and stop() leaving the rest pending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WireError } from '../../src/core/errors.js';
import type { ChatAdapter, OutboxEntry } from '../../src/core/ports.js';
import { outboxId } from '../../src/core/ports.js';
import type { Delivery } from '../../src/core/types.js';
import { burst, openBench, type Bench } from './harness.js';

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

async function entryOf(b: Bench, d: Delivery): Promise<OutboxEntry | undefined> {
  return [...(await b.stores.outbox.list('pending')), ...(await b.stores.outbox.list('dead'))].find((e) => e.id === outboxId(d));
}

describe('record before, check after', () => {
  it('writes inFlightSince before the send, and clears it once sent', async () => {
    const seen: (string | undefined)[] = [];
    const adapter: ChatAdapter = {
      platform: 'p',
      send: async (d) => {
        seen.push((await entryOf(bench!, d))?.inFlightSince);
        return { messageId: 'm1' };
      },
      alreadySent: async () => undefined,
    };
    bench = await openBench(adapter);
    const [d] = burst(1, 'p', ['c']);
    await bench.stores.outbox.enqueue([d!], new Date());
    expect((await bench.deliverer.drain()).sent).toBe(1);
    expect(seen).toHaveLength(1);
    expect(Date.parse(seen[0]!)).toBeGreaterThan(0);
    expect(await bench.stores.outbox.list('pending')).toEqual([]);
  });

  it('after a lost answer, finds the first post and marks it sent without posting again', async () => {
    const posted = new Map<string, string>();
    const checks: { id: string; since: string }[] = [];
    let loseAnswer = true;
    const adapter: ChatAdapter = {
      platform: 'p',
      send: async (d) => {
        posted.set(d.alert.id, `m-${posted.size + 1}`);
        if (loseAnswer) {
          loseAnswer = false;
          throw new WireError('TRANSIENT', 'timeout after the platform stored it');
        }
        return { messageId: posted.get(d.alert.id)! };
      },
      alreadySent: async (d, since) => {
        checks.push({ id: d.alert.id, since: since.toISOString() });
        const m = posted.get(d.alert.id);
        return m ? { messageId: m } : undefined;
      },
    };
    bench = await openBench(adapter, { backoffBaseMs: 1, backoffMaxMs: 1 });
    const ds = burst(2, 'p', ['c']);
    await bench.stores.outbox.enqueue(ds, new Date());
    expect(await bench.deliverer.drain()).toEqual({ sent: 0, retried: 1, dead: 0, waiting: 1 });
    const attempted = await entryOf(bench, ds[0]!);
    expect(attempted?.inFlightSince).toBeDefined();
    await new Promise((r) => setTimeout(r, 5));
    expect(await bench.deliverer.drain()).toEqual({ sent: 2, retried: 0, dead: 0, waiting: 0 });
    expect(checks).toEqual([{ id: ds[0]!.alert.id, since: attempted!.inFlightSince! }]);
    expect([...posted.keys()]).toEqual([ds[0]!.alert.id, ds[1]!.alert.id]); // one post each
  });

  it('does not look in history after a 429 on a first attempt (nothing was posted)', async () => {
    const { RateLimitError } = await import('../../src/core/errors.js');
    let calls = 0;
    let checks = 0;
    const adapter: ChatAdapter = {
      platform: 'p',
      send: async () => {
        if (++calls === 1) throw new RateLimitError(1);
        return { messageId: 'm' };
      },
      alreadySent: async () => {
        checks++;
        return undefined;
      },
    };
    bench = await openBench(adapter);
    await bench.stores.outbox.enqueue(burst(1, 'p', ['c']), new Date());
    await bench.deliverer.drain();
    expect((await bench.stores.outbox.list('pending'))[0]?.inFlightSince).toBeUndefined();
    await new Promise((r) => setTimeout(r, 5));
    expect((await bench.deliverer.drain()).sent).toBe(1);
    expect(checks).toBe(0);
  });
});

describe('one drain at a time; stop()', () => {
  it('a drain asked for during another runs after it: no entry is sent twice, late entries still go', async () => {
    const sends: string[] = [];
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter: ChatAdapter = {
      platform: 'p',
      send: async (d) => {
        sends.push(`${d.channel.id}:${d.alert.id}`);
        started();
        await gate;
        return { messageId: d.alert.id };
      },
    };
    bench = await openBench(adapter);
    const ds = burst(6, 'p', ['c1', 'c2']);
    await bench.stores.outbox.enqueue(ds.slice(0, 4), new Date());
    const first = bench.deliverer.drain();
    await inFlight; // the first drain has read its entries and is sending
    await bench.stores.outbox.enqueue(ds.slice(4), new Date());
    const second = bench.deliverer.drain();
    const third = bench.deliverer.drain();
    expect(second).toBe(third); // coalesced into one follow-up drain
    release();
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.sent).toBe(4);
    expect(r2.sent).toBe(2);
    expect(sends).toHaveLength(6);
    expect(new Set(sends).size).toBe(6);
  });

  it('stop() lets the send in flight finish and be recorded, and leaves the rest pending', async () => {
    const sends: string[] = [];
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter: ChatAdapter = {
      platform: 'p',
      send: async (d) => {
        sends.push(d.alert.id);
        started();
        await gate;
        return { messageId: d.alert.id };
      },
    };
    bench = await openBench(adapter);
    await bench.stores.outbox.enqueue(burst(5, 'p', ['c']), new Date());
    const running = bench.deliverer.drain();
    await inFlight;
    const stopped = bench.deliverer.stop();
    release();
    await stopped;
    const r = await running;
    expect(sends).toHaveLength(1);
    expect(r).toEqual({ sent: 1, retried: 0, dead: 0, waiting: 4 });
    expect((await bench.stores.outbox.list('pending')).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });
});
