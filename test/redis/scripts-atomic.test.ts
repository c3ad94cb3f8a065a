/**
 * The Lua scripts registered on the client (src/store/redis/scripts.ts), called at once from two connections.
 * Each check fails if the script's read and write could interleave with the other client's: a counter bumped
 * twice for one field, a time moved back, a lease granted to both, a sequence number handed out twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/store/redis/client.js';
import { connectTestRedis, dropPrefix, runPrefix } from './redis-env.js';

const prefix = runPrefix('scripts');
let a: RedisClient;
let b: RedisClient;
beforeAll(async () => {
  [a, b] = await Promise.all([connectTestRedis(), connectTestRedis()]);
});
afterAll(async () => {
  await dropPrefix(a, prefix);
  await Promise.all([a.close(), b.close()]);
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Redis scripts called at once from two clients', () => {
  it('orderedPut: 2 × 300 writes of 100 fields give each field one place in the order and one count', async () => {
    const keys = [`${prefix}oh`, `${prefix}oh:order`, `${prefix}oh:seq`];
    await Promise.all([a, b].flatMap((c, ci) => range(300).map((i) => c.orderedPut(keys, [`f${i % 100}`, JSON.stringify({ ci, i })]))));
    expect(await a.hLen(keys[0]!)).toBe(100);
    expect(await a.zCard(keys[1]!)).toBe(100);
    // A check-then-add that could interleave would have counted some field twice.
    expect(await a.get(keys[2]!)).toBe('100');
    const scores = (await a.zRangeWithScores(keys[1]!, 0, -1)).map((x) => x.score);
    expect(new Set(scores).size).toBe(100);
  });

  it('setMax: the latest of 2 × 200 times written at once is what stays, on both keys', async () => {
    const keys = [`${prefix}max:one`, `${prefix}max:all`];
    const times = range(400).map((i) => new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 400) * 1000).toISOString());
    await Promise.all(times.map((t, i) => (i % 2 ? a : b).setMax(keys, [t])));
    const latest = [...times].sort().at(-1);
    expect(await a.mGet(keys)).toEqual([latest, latest]);
  });

  it('leaseLead: 100 leases campaigned for by both clients at once each get exactly one owner', async () => {
    const won = await Promise.all(
      range(100).flatMap((i) => [a, b].map(async (c, ci) => ((await c.leaseLead([`${prefix}lead:${i}`], [`owner-${ci}`, 60_000])) === 1 ? 1 : 0))),
    );
    for (const i of range(100)) expect((won[2 * i] ?? 0) + (won[2 * i + 1] ?? 0)).toBe(1);
    // The loser cannot renew, release or complete the winner's lease.
    const owner = await a.get(`${prefix}lead:0`);
    const loser = owner === 'owner-0' ? 'owner-1' : 'owner-0';
    expect(await b.leaseRenew([`${prefix}lead:0`], [loser, 60_000])).toBe(0);
    expect(await b.leaseRelease([`${prefix}lead:0`], [loser])).toBe(0);
    expect(await b.leaseComplete([`${prefix}lead:0`], [loser, 60_000])).toBe(0);
    expect(await a.get(`${prefix}lead:0`)).toBe(owner);
  });

  it('outboxEnqueue: both clients queueing the same 50 entries at once create each once, seqs 1..50', async () => {
    const keys = [`${prefix}ob:seq`, `${prefix}ob:pending`];
    const args: string[] = [];
    for (const i of range(50)) {
      keys.push(`${prefix}ob:e:${i}`, `${prefix}ob:ch:c${i % 3}`);
      args.push(`id${i}`, '{"seq":', `,"n":${i}}`);
    }
    const [ra, rb] = await Promise.all([a.outboxEnqueue(keys, args), b.outboxEnqueue(keys, args)]);
    const seqs = [...ra, ...rb].map(Number).filter((s) => s > 0);
    expect(seqs.sort((x, y) => x - y)).toEqual(range(50).map((i) => i + 1));
    expect(await a.zCard(`${prefix}ob:pending`)).toBe(50);
    expect(JSON.parse((await a.get(`${prefix}ob:e:7`)) ?? 'null')).toMatchObject({ n: 7 });
  });

  it('placementClaim: of both clients claiming at once, one gets the counter and the other -1', async () => {
    await a.set(`${prefix}st:version`, '41');
    const keys = [`${prefix}st:placing`, `${prefix}st:version`];
    const got = await Promise.all([a.placementClaim(keys, ['ta', 5000]), b.placementClaim(keys, ['tb', 5000])]);
    expect(got.map(Number).sort()).toEqual([-1, 41]);
  });
});
