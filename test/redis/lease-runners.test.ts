/** Holding leases while work runs: a renewed delivery claim, and leader election with takeover and step-down. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/store/redis/client.js';
import { createRedisCoordinator } from '../../src/store/redis/coordination.js';
import type { Coordinator } from '../../src/core/ports.js';
import { createLocalCoordinator } from '../../src/store/local-coordinator.js';
import { claimFeeds, createLeaderElection, intervalStart, withDeliveryLease, type LeaderElection } from '../../src/core/leases.js';
import { connectTestRedis, dropPrefix, runPrefix } from './redis-env.js';

const prefix = runPrefix('runners');
const clients: RedisClient[] = [];
const elections: LeaderElection[] = [];
beforeAll(async () => {
  for (let i = 0; i < 2; i++) clients.push(await connectTestRedis());
});
afterAll(async () => {
  await Promise.all(elections.map((e) => e.stop({ resign: false })));
  if (clients[0]) await dropPrefix(clients[0], prefix);
  await Promise.all(clients.map((c) => c.close()));
});

let ns = 0;
const pair = () => {
  const p = `${prefix}${++ns}:`;
  return clients.map((client, i) => createRedisCoordinator({ client, prefix: p, instanceId: `i${i}` }));
};

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(10);
  return cond();
}

describe('withDeliveryLease', () => {
  it('keeps the claim past its TTL while the work runs, refuses a second holder, and releases at the end', async () => {
    const [a, b] = pair();
    let bRan = false;
    // 2.5 TTLs of work: only the renewals (every third of the TTL) keep the claim.
    const result = await withDeliveryLease(a!, 'chan:discord:1', 1_000, async (lost) => {
      await sleep(2_500);
      const other = await withDeliveryLease(b!, 'chan:discord:1', 1_000, async () => void (bRan = true));
      expect(other).toEqual({ held: false });
      expect(lost.aborted).toBe(false);
      return 'sent';
    });
    expect(result).toEqual({ held: true, value: 'sent' });
    expect(bRan).toBe(false);
    expect(await a!.owner('delivery', 'chan:discord:1')).toBeUndefined();
    expect(await b!.claimDelivery('chan:discord:1', 300)).toBe(true);
  });

  it('signals a lost claim, and its final release leaves the new owner alone', async () => {
    const [a, b] = pair();
    const result = await withDeliveryLease(a!, 'e1', 150, async (lost) => {
      // As if this instance stalled past the TTL: the claim is gone and another instance took it.
      await clients[0]!.del(`${prefix}${ns}:lease:delivery:e1`);
      expect(await b!.claimDelivery('e1', 5_000)).toBe(true);
      expect(await until(() => lost.aborted, 2_000)).toBe(true);
      return 'stopped before sending';
    });
    expect(result).toEqual({ held: true, value: 'stopped before sending' });
    expect(await a!.owner('delivery', 'e1')).toBe('i1');
  });
});

describe('createLeaderElection', () => {
  const track = (coordinator: Coordinator, ttlMs: number) => {
    const events: string[] = [];
    const e = createLeaderElection({
      coordinator, name: 'gateway', ttlMs,
      onElected: () => void events.push('elected'),
      onDeposed: (why) => void events.push(`deposed:${why}`),
    });
    elections.push(e);
    return { e, events };
  };

  it('one leader on Redis; when it stops renewing another takes over; a graceful stop hands over at once', async () => {
    const [ca, cb] = pair();
    const a = track(ca!, 1_200);
    const b = track(cb!, 1_200);
    a.e.start();
    expect(await until(() => a.e.isLeader(), 2_000)).toBe(true);
    b.e.start();
    await sleep(1_800); // longer than the TTL: A's renewals keep it
    expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);

    await a.e.stop({ resign: false }); // as if it hung: no renewal, no resignation
    expect(a.events).toEqual(['elected', 'deposed:stopped']);
    expect(await until(() => b.e.isLeader(), 5_000)).toBe(true);
    expect(b.events).toEqual(['elected']);
    expect(await ca!.owner('leader', 'gateway')).toBe('i1');

    await b.e.stop();
    expect(b.events).toEqual(['elected', 'deposed:stopped']);
    expect(await ca!.owner('leader', 'gateway')).toBeUndefined();
  });

  it('steps down when the store fails or hangs for two thirds of the TTL, and comes back when it recovers', async () => {
    let mode: 'up' | 'failing' | 'hanging' = 'up';
    const local = createLocalCoordinator();
    const flaky: Coordinator = {
      ...local,
      leader: (name, ttl) =>
        mode === 'up' ? local.leader(name, ttl) : mode === 'failing' ? Promise.reject(new Error('store down')) : new Promise<boolean>(() => undefined),
    };
    const { e, events } = track(flaky, 300);
    e.start();
    expect(await until(() => e.isLeader(), 1_000)).toBe(true);
    mode = 'failing';
    expect(await until(() => !e.isLeader(), 2_000)).toBe(true);
    mode = 'up';
    expect(await until(() => e.isLeader(), 2_000)).toBe(true);
    mode = 'hanging';
    expect(await until(() => !e.isLeader(), 2_000)).toBe(true);
    expect(events).toEqual(['elected', 'deposed:unreachable', 'elected', 'deposed:unreachable']);
  });
});

describe('claimFeeds', () => {
  it('two instances split one interval\'s feeds; completed feeds stay done, uncompleted ones return after the lease; the next interval starts afresh', async () => {
    const [a, b] = pair();
    const feeds = Array.from({ length: 20 }, (_, i) => ({ id: `feed${i}`, url: `http://127.0.0.1/${i}` }));
    const interval = 60_000;
    const now = intervalStart(Date.now(), interval) + 1_000;
    // B is first to the second half; A then gets what is left.
    const cb = await claimFeeds(b!, feeds.slice(10), { nowMs: now, intervalMs: interval, leaseMs: 300 });
    const ca = await claimFeeds(a!, feeds, { nowMs: now, intervalMs: interval, leaseMs: 300 });
    expect(ca.intervalStartMs).toBe(now - 1_000);
    expect(cb.won).toEqual(feeds.slice(10));
    expect(ca.won).toEqual(feeds.slice(0, 10));
    // A completes its feeds; B dies without completing any.
    for (const f of ca.won) expect(await ca.complete(f.id)).toBe(true);
    await sleep(350);
    const again = await claimFeeds(a!, feeds, { nowMs: now + 500, intervalMs: interval, leaseMs: 300 });
    expect(again.won).toEqual(feeds.slice(10));
    const next = await claimFeeds(b!, feeds, { nowMs: now + interval, intervalMs: interval, leaseMs: 300 });
    expect(next.won).toEqual(feeds);
  });
});
