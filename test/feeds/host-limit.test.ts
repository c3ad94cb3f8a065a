import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../src/feeds/host-limit.js';
import { FeedError } from '../../src/feeds/errors.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('HostLimiter', () => {
  it('runs at most perHost tasks per host, FIFO, and other hosts are not held up', async () => {
    const limiter = new HostLimiter({ perHost: 2 });
    const gates = Array.from({ length: 4 }, deferred);
    const started: string[] = [];
    const runs = gates.map((g, i) =>
      limiter.run('Feeds.Example', async () => {
        started.push(`a${i}`);
        await g.promise;
      }),
    );
    const other = limiter.run('other.example', async () => {
      started.push('b');
    });
    await other;
    expect(started).toEqual(['a0', 'a1', 'b']);
    expect([limiter.active('feeds.example'), limiter.waiting('feeds.example')]).toEqual([2, 2]);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual(['a0', 'a1', 'b', 'a2']);
    for (const g of gates) g.resolve();
    await Promise.all(runs);
    expect(started).toEqual(['a0', 'a1', 'b', 'a2', 'a3']);
    expect(limiter.busyHosts()).toBe(0);
  });

  it('releases the slot when a task throws', async () => {
    const limiter = new HostLimiter({ perHost: 1 });
    await expect(limiter.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run('h', async () => 42)).toBe(42);
    expect(limiter.busyHosts()).toBe(0);
  });

  it('drops a waiter whose signal aborts, with ABORTED', async () => {
    const limiter = new HostLimiter({ perHost: 1 });
    const gate = deferred();
    const first = limiter.run('h', () => gate.promise);
    const ac = new AbortController();
    let ran = false;
    const second = limiter.run('h', async () => {
      ran = true;
    }, ac.signal);
    expect(limiter.waiting('h')).toBe(1);
    ac.abort();
    const e = await second.catch((x: unknown) => x);
    expect(e instanceof FeedError && e.code).toBe('ABORTED');
    expect(limiter.waiting('h')).toBe(0);
    gate.resolve();
    await first;
    expect(ran).toBe(false);
    expect(limiter.busyHosts()).toBe(0);
  });

  it('defaults to 2 per host and rejects nonsense limits', () => {
    expect(new HostLimiter().perHost).toBe(2);
    expect(() => new HostLimiter({ perHost: 0 })).toThrow(RangeError);
  });
});
