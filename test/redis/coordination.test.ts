/**
 * Leases: the same rules on the in-process coordinator (fake clock) and on Redis (real time, short TTLs), then
 * what only Redis can show: several instances competing, expiry and takeover, fencing of a lost lease.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/store/redis/client.js';
import { createRedisCoordinator, type RedisCoordinator } from '../../src/store/redis/coordination.js';
import type { Coordinator } from '../../src/core/ports.js';
import { createLocalCoordinator } from '../../src/store/local-coordinator.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/store/sqlite/db.js';
import { migrate } from '../../src/store/sqlite/migrations.js';
import { createSqliteCoordinator, SqliteLeases } from '../../src/store/sqlite/coordinator.js';
import { connectTestRedis, dropPrefix, runPrefix } from './redis-env.js';

const prefix = runPrefix('coord');
const sqliteDir = mkdtempSync(join(tmpdir(), 'lw-coord-'));
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));
const clients: RedisClient[] = [];
beforeAll(async () => {
  for (let i = 0; i < 3; i++) clients.push(await connectTestRedis());
});
afterAll(async () => {
  if (clients[0]) await dropPrefix(clients[0], prefix);
  await Promise.all(clients.map((c) => c.close()));
});

interface Engine {
  name: string;
  make(): { c: Coordinator; advance(ms: number): Promise<void> };
}

let ns = 0;
const SLOW = 6;
const engines: Engine[] = [
  {
    name: 'local',
    make() {
      let t = 1_000_000;
      return { c: createLocalCoordinator({ instanceId: 'solo', now: () => t }), advance: async (ms) => void (t += ms) };
    },
  },
  {
    // Leases as rows of a real store file (several processes on one file), on a fake clock.
    name: 'sqlite',
    make() {
      let t = 1_000_000;
      const db = openDb(join(sqliteDir, `c${++ns}.sqlite`));
      migrate(db, 'c.sqlite', { now: t, report: () => {} });
      return { c: createSqliteCoordinator(new SqliteLeases(db, 'solo', () => t)), advance: async (ms) => void (t += ms) };
    },
  },
  {
    name: 'redis',
    make() {
      const real = createRedisCoordinator({ client: clients[0]!, prefix: `${prefix}${++ns}:`, instanceId: 'solo' });
      // Redis expires keys in real time: every TTL and wait is stretched SLOW times, so a loaded machine's late
      // timer (100 ms asked, 180 ms slept) cannot outlast a 150 ms lease the rule says is still held.
      const k = (ms: number) => ms * SLOW;
      const c: Coordinator = {
        instanceId: real.instanceId,
        claimFeedInterval: (f, start, ttl) => real.claimFeedInterval(f, start, k(ttl)),
        completeFeedInterval: (f, start, hold) => real.completeFeedInterval(f, start, k(hold)),
        renewFeedInterval: (f, start, ttl) => real.renewFeedInterval(f, start, k(ttl)),
        claimDelivery: (key, ttl) => real.claimDelivery(key, k(ttl)),
        renewDelivery: (key, ttl) => real.renewDelivery(key, k(ttl)),
        releaseDelivery: (key) => real.releaseDelivery(key),
        completeDelivery: (key, hold) => real.completeDelivery(key, k(hold)),
        leader: (name, ttl) => real.leader(name, k(ttl)),
        resign: (name) => real.resign(name),
      };
      return { c, advance: (ms) => sleep(k(ms) + 20) };
    },
  },
];

for (const engine of engines) {
  describe(`coordinator rules on ${engine.name}`, () => {
    it('a feed interval is claimed once; completing holds it past the claim TTL; an unfinished claim expires', async () => {
      const { c, advance } = engine.make();
      expect(await c.claimFeedInterval('f1', 60_000, 150)).toBe(true);
      expect(await c.claimFeedInterval('f1', 60_000, 150)).toBe(false);
      expect(await c.claimFeedInterval('f1', 120_000, 150)).toBe(true);
      expect(await c.claimFeedInterval('f2', 60_000, 150)).toBe(true);
      expect(await c.completeFeedInterval('f1', 60_000, 2_000)).toBe(true);
      await advance(150);
      expect(await c.claimFeedInterval('f1', 60_000, 150)).toBe(false); // done for this interval
      expect(await c.claimFeedInterval('f2', 60_000, 150)).toBe(true); // never completed: expired, claimable
      expect(await c.completeFeedInterval('nope', 60_000, 1_000)).toBe(false);
    });

    it('a feed claim renewed by its owner outlives its first TTL; nobody else can renew it', async () => {
      const { c, advance } = engine.make();
      expect(await c.claimFeedInterval('r1', 60_000, 150)).toBe(true);
      await advance(100);
      expect(await c.renewFeedInterval('r1', 60_000, 150)).toBe(true);
      await advance(100);
      expect(await c.claimFeedInterval('r1', 60_000, 150)).toBe(false); // still held: renewed
      expect(await c.renewFeedInterval('never-claimed', 60_000, 150)).toBe(false);
      await advance(150);
      expect(await c.claimFeedInterval('r1', 60_000, 150)).toBe(true); // not renewed again: expired
    });

    it('a delivery claim is exclusive, renewable, releasable, and completing it refuses later claims', async () => {
      const { c, advance } = engine.make();
      expect(await c.claimDelivery('e1', 150)).toBe(true);
      expect(await c.claimDelivery('e1', 150)).toBe(false);
      expect(await c.renewDelivery('e1', 400)).toBe(true);
      await advance(150);
      expect(await c.claimDelivery('e1', 150)).toBe(false); // renewed past the first TTL
      expect(await c.releaseDelivery('e1')).toBe(true);
      expect(await c.releaseDelivery('e1')).toBe(false);
      expect(await c.claimDelivery('e1', 150)).toBe(true);
      expect(await c.completeDelivery('e1', 2_000)).toBe(true);
      expect(await c.renewDelivery('e1', 150)).toBe(false); // done is not a live claim any more
      await advance(150);
      expect(await c.claimDelivery('e1', 150)).toBe(false);
      expect(await c.renewDelivery('never', 150)).toBe(false);
    });

    it('a leader lease is kept by renewing and freed by resigning', async () => {
      const { c, advance } = engine.make();
      expect(await c.leader('gateway', 150)).toBe(true);
      expect(await c.leader('gateway', 150)).toBe(true);
      expect(await c.leader('other', 150)).toBe(true);
      await advance(150);
      expect(await c.leader('gateway', 150)).toBe(true); // expired, and free again for the same instance
      expect(await c.resign('gateway')).toBe(true);
      expect(await c.resign('gateway')).toBe(false);
    });
  });
}

describe('coordinator on Redis with several instances', () => {
  const trio = (tag: string): RedisCoordinator[] =>
    clients.map((client, i) => createRedisCoordinator({ client, prefix: `${prefix}${tag}:`, instanceId: `i${i}` }));

  it('three instances claiming 100 deliveries and 50 feed intervals at once: one winner each', async () => {
    const cs = trio('race');
    const keys = Array.from({ length: 100 }, (_, i) => `d${i}`);
    const wins = await Promise.all(cs.map((c) => Promise.all(keys.map((k) => c.claimDelivery(k, 5_000)))));
    keys.forEach((_, k) => expect(wins.filter((w) => w[k]).length).toBe(1));
    const feeds = Array.from({ length: 50 }, (_, i) => `f${i}`);
    const fw = await Promise.all(cs.map((c) => Promise.all(feeds.map((f) => c.claimFeedInterval(f, 0, 5_000)))));
    feeds.forEach((_, f) => expect(fw.filter((w) => w[f]).length).toBe(1));
  });

  it('an expired delivery claim is taken over, and the old owner can no longer renew, release or complete it', async () => {
    const [a, b] = trio('takeover');
    expect(await a!.claimDelivery('e', 1_000)).toBe(true);
    expect(await b!.claimDelivery('e', 1_000)).toBe(false);
    expect(await b!.releaseDelivery('e')).toBe(false);
    expect(await b!.renewDelivery('e', 10_000)).toBe(false);
    expect(await a!.owner('delivery', 'e')).toBe('i0');
    await sleep(1_100);
    expect(await b!.claimDelivery('e', 5_000)).toBe(true);
    expect(await a!.renewDelivery('e', 5_000)).toBe(false);
    expect(await a!.releaseDelivery('e')).toBe(false);
    expect(await a!.completeDelivery('e', 5_000)).toBe(false);
    expect(await a!.owner('delivery', 'e')).toBe('i1');
    expect(await b!.completeDelivery('e', 5_000)).toBe(true);
    expect(await a!.owner('delivery', 'e')).toBe('done:i1');
  });

  it('leader lease: one holder while it renews; after it stops, another takes over no sooner than the TTL', async () => {
    const cs = trio('leader');
    const ttl = 800;
    const [a, b, c] = cs;
    expect(await a!.leader('gateway', ttl)).toBe(true);
    // Taken before each renewal is sent, so the lease cannot expire before lastRenew + ttl.
    let lastRenew = 0;
    // For a while all three call leader() every 50 ms: only the holder ever gets true.
    const until = Date.now() + 600;
    while (Date.now() < until) {
      lastRenew = Date.now();
      const [ra, rb, rc] = await Promise.all(cs.map((x) => x.leader('gateway', ttl)));
      expect([ra, rb, rc]).toEqual([true, false, false]);
      await sleep(50);
    }
    // The holder stops renewing (as if it hung or died); the others keep trying.
    let winner: string | undefined;
    let wonAt = 0;
    const deadline = Date.now() + 5_000;
    while (!winner && Date.now() < deadline) {
      const [rb, rc] = await Promise.all([b!.leader('gateway', ttl), c!.leader('gateway', ttl)]);
      if (rb || rc) {
        winner = rb ? 'i1' : 'i2';
        wonAt = Date.now();
        expect(rb && rc).toBe(false);
      }
      await sleep(20);
    }
    expect(winner).toBeDefined();
    expect(wonAt).toBeGreaterThanOrEqual(lastRenew + ttl);
    // The old holder comes back: it is not the leader, and its resign cannot remove the new one.
    expect(await a!.leader('gateway', ttl)).toBe(false);
    expect(await a!.resign('gateway')).toBe(false);
    expect(await a!.owner('leader', 'gateway')).toBe(winner);
    // A graceful resign hands over at once.
    const holder = winner === 'i1' ? b! : c!;
    const other = winner === 'i1' ? c! : b!;
    expect(await holder.resign('gateway')).toBe(true);
    expect(await other.leader('gateway', ttl)).toBe(true);
  });
});
