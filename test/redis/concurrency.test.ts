/**
 * Several clients (as several instances would) writing the Redis stores at once: no lost update, no duplicate
 * entry. The keyv stores pass the same contract in one process, but their index keys are read-modify-written,
 * which is what these cases would break across processes.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/core/types.js';
import { createClient } from '@keyv/redis';
import { script } from '../../src/store/redis/scripts.js';
import { openRedisStores } from '../../src/store/redis/open.js';
import { REDIS_URL, sharedRedisStores } from './redis-env.js';
import { delivery } from './store-contract.js';

const redis = sharedRedisStores('conc');
const { prefix } = redis;
/** Three store instances, each on its own connection, sharing one fresh key prefix. */
const three = () => redis.instances(3);

describe('Redis stores written by three clients at once', () => {
  it('the same 100 deliveries enqueued by 3 clients at once: exactly one entry each, seqs 1..100 without gaps', async () => {
    const stores = await three();
    const ds = Array.from({ length: 100 }, (_, i) => delivery(`a${i}`, `c${i % 7}`));
    const created = await Promise.all(stores.map((s) => s.outbox.enqueue(ds, new Date('2026-01-01T00:00:00Z'))));
    const all = created.flat();
    expect(all).toHaveLength(100);
    expect(new Set(all.map((e) => e.id)).size).toBe(100);
    const pending = await stores[0]!.outbox.pending(1_000);
    expect(pending.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(pending.map((e) => e.id))).toEqual(new Set(ds.map((d) => `${d.alert.id}|discord:${d.channel.id}`)));
    expect(await stores[1]!.outbox.counts()).toEqual({ pending: 100, dead: 0 });
    // Again, from every client: nothing new.
    const again = await Promise.all(stores.map((s) => s.outbox.enqueue(ds, new Date())));
    expect(again.flat()).toEqual([]);
  });

  it('different deliveries enqueued at once get distinct seqs, and each client sees its own in its order', async () => {
    const stores = await three();
    const created = await Promise.all(
      stores.map((s, i) => Promise.all(Array.from({ length: 20 }, (_, j) => s.outbox.enqueue([delivery(`x${i}-${j}`)], new Date())))),
    );
    const seqs = created.flat(2).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(60);
    expect(Math.max(...seqs)).toBe(60);
    const pending = await stores[0]!.outbox.pending(1_000);
    for (let i = 0; i < 3; i++) {
      const mine = pending.filter((e) => e.delivery.alert.id.startsWith(`x${i}-`));
      expect(mine.map((e) => e.seq)).toEqual([...mine.map((e) => e.seq)].sort((a, b) => a - b));
    }
  });

  it('sent is final: a late "retry" write from an instance that lost its claim does not requeue a sent entry', async () => {
    const [a, b] = await three();
    const [e] = await a!.outbox.enqueue([delivery('late')], new Date());
    await b!.outbox.update({ ...e!, state: 'sent', attempts: 1, messageId: 'm-b' });
    await a!.outbox.update({ ...e!, attempts: 1, nextAttemptAt: new Date().toISOString() });
    expect(await a!.outbox.pending(10)).toEqual([]);
    expect((await a!.outbox.get(e!.id))?.messageId).toBe('m-b');
    // Dead → pending stays possible (the `outbox retry` command).
    const [d] = await a!.outbox.enqueue([delivery('dead')], new Date());
    await a!.outbox.update({ ...d!, state: 'dead' });
    await b!.outbox.update({ ...d!, state: 'pending', attempts: 0 });
    expect((await a!.outbox.pending(10)).map((x) => x.id)).toEqual([d!.id]);
  });

  it('subscriptions, seen ids and feed states written by 3 clients at once: nothing lost', async () => {
    const stores = await three();
    const sub = (id: string): Subscription => ({
      channel: { platform: 'slack', id }, want: 'all', watchlist: [], origin: 'command', updatedAt: '2026-01-01T00:00:00Z',
    });
    await Promise.all(stores.map((s, i) => Promise.all(Array.from({ length: 40 }, (_, j) => s.subscriptions.put(sub(`${i}-${j}`))))));
    expect((await stores[2]!.subscriptions.list()).length).toBe(120);
    await Promise.all(stores.map((s, i) => Promise.all(Array.from({ length: 40 }, (_, j) => (j % 2 ? s.subscriptions.remove(sub(`${i}-${j}`).channel) : Promise.resolve())))));
    expect((await stores[0]!.subscriptions.list()).map((x) => x.channel.id).sort()).toEqual(
      [0, 1, 2].flatMap((i) => Array.from({ length: 20 }, (_, j) => `${i}-${j * 2}`)).sort(),
    );

    const t = new Date('2026-01-01T00:00:00Z');
    await Promise.all(stores.map((s, i) => Promise.all(Array.from({ length: 30 }, (_, j) => s.seen.markSeen('feed', [`i${i}-${j}`], t)))));
    const ids = [0, 1, 2].flatMap((i) => Array.from({ length: 30 }, (_, j) => `i${i}-${j}`));
    expect(await stores[1]!.seen.unseen('feed', [...ids, 'new'])).toEqual(['new']);

    await Promise.all(stores.map((s, i) => Promise.all(Array.from({ length: 30 }, (_, j) => s.feedStates.put({ feedId: `f${i}-${j}`, primed: true, consecutiveFailures: 0 })))));
    expect((await stores[0]!.feedStates.list()).length).toBe(90);
  });

  it('a script registered on a client that the server has not cached yet is sent in full once, then run by SHA', async () => {
    const probe = script<number>(`-- ${prefix}${Date.now()}\nreturn tonumber(ARGV[1]) + #KEYS`);
    const client = createClient({ url: REDIS_URL, scripts: { probe } });
    await client.connect();
    try {
      expect(await redis.admin().scriptExists(probe.SHA1)).toEqual([0]);
      expect(await client.probe([`${prefix}k1`, `${prefix}k2`], [40])).toBe(42);
      expect(await redis.admin().scriptExists(probe.SHA1)).toEqual([1]);
      expect(await client.probe([], [1])).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('an unreachable Redis is a STORE_UNAVAILABLE error at open, not a hang; a malformed URL is STORE_URL_INVALID', async () => {
    await expect(openRedisStores('redis://[::1', { prefix })).rejects.toMatchObject({ code: 'STORE_URL_INVALID' });
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    await expect(openRedisStores(`redis://127.0.0.1:${port}`, { prefix, connectTimeoutMs: 1000 })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: `cannot connect to Redis at redis://127.0.0.1:${port}`,
    });
  });
});
