/**
 * The digest hand-off on both store engines (a real SQLite file, the real Redis): a process that dies after a
 * digest's held deliveries were read but before the digest was queued loses nothing, and one that dies after
 * queueing it but before dropping them sends nothing twice. "Dies" is a Digests whose outbox or store never
 * answers again, abandoned; a fresh one over the same stores plays the restarted process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigests } from '../../src/app/digests.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { DigestStore, Outbox } from '../../src/core/ports.js';
import type { Alert, Delivery, Subscription } from '../../src/core/types.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from '../redis/redis-env.js';

const CH = { platform: 'slack', id: 'C0DIGEST' };
const SINCE = '2026-06-01T09:05:00.000Z';
const clock = { now: () => new Date('2026-06-01T10:00:30.000Z') };
/** A call that never answers (the process died in it); `reached` settles when it is made. */
function hang(): { call: () => Promise<never>; reached: Promise<void> } {
  let arrived!: () => void;
  const reached = new Promise<void>((r) => (arrived = r));
  return { call: () => (arrived(), new Promise<never>(() => undefined)), reached };
}

function delivery(n: number): Delivery {
  const alert: Alert = {
    id: `wire|${n}`, item: { id: String(n), feedId: 'wire', title: `Story ${n}`, summary: '', link: `https://wire.example/${n}`, source: 'Wire' },
    match: { lithiumSupply: true, score: 1, why: [], tickers: ['ALB'], figures: [], topics: [] }, matchedAt: '2026-06-01T09:30:00.000Z',
  };
  return { alert, channel: CH, kind: 'supply', watched: [] };
}

const engines: [string, () => Promise<{ stores: Stores; close(): Promise<void> }>][] = [
  ['sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-handoff-'));
    const stores = await openStores(`sqlite://${join(dir, 's.sqlite')}`);
    return { stores, close: async () => { await stores.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['redis', async () => {
    const prefix = runPrefix('handoff');
    const stores = await openStores(REDIS_URL, { redisPrefix: prefix });
    return {
      stores,
      close: async () => {
        await stores.close();
        const admin = await connectTestRedis();
        await dropPrefix(admin, prefix);
        await admin.close();
      },
    };
  }],
];

describe.each(engines)('digest hand-off on %s', (_name, open) => {
  let env: Awaited<ReturnType<typeof open>>;
  let sub: Subscription;
  beforeAll(async () => {
    env = await open();
  });
  afterAll(async () => env?.close());

  const digestsOver = (over: { outbox?: Partial<Outbox>; store?: Partial<DigestStore> } = {}) =>
    createDigests({
      store: { ...bind(env.stores.digests), ...over.store },
      outbox: { ...bind(env.stores.outbox), ...over.outbox },
      subscriptions: env.stores.subscriptions,
      clock,
      logger: createMemoryLogger(),
    });

  async function setUp(channelId: string, held: number[]): Promise<void> {
    sub = { channel: { ...CH, id: channelId }, want: 'all', watchlist: [], origin: 'command', updatedAt: SINCE, digest: { mode: 'hourly', tz: 'UTC' } };
    await env.stores.subscriptions.put(sub);
    await env.stores.digests.hold(held.map((n) => ({ ...delivery(n), channel: sub.channel })));
  }
  const queuedFor = async (channelId: string) =>
    (await env.stores.outbox.list('pending')).filter((e) => e.delivery.channel.id === channelId).map((e) => e.delivery.digest?.stories.map((s) => s.title));

  it('dies before the digest is queued: the restarted process queues it with everything held', async () => {
    await setUp('C1', [1, 2]);
    const dies = hang();
    void digestsOver({ outbox: { enqueue: dies.call } }).tick();
    await dies.reached;
    expect(await queuedFor('C1')).toEqual([]);
    expect(await digestsOver().tick()).toBe(1);
    expect(await queuedFor('C1')).toEqual([['Story 1', 'Story 2']]);
    expect(await env.stores.digests.peek(sub.channel)).toEqual([]);
  });

  it('dies after queueing, before dropping: the restart queues no second digest and clears what was held', async () => {
    await setUp('C2', [3, 4]);
    const dies = hang();
    void digestsOver({ store: { drop: dies.call } }).tick();
    await dies.reached;
    expect(await queuedFor('C2')).toEqual([['Story 3', 'Story 4']]);
    await digestsOver().tick();
    expect(await queuedFor('C2')).toEqual([['Story 3', 'Story 4']]);
    expect(await env.stores.digests.peek(sub.channel)).toEqual([]);
  });

  it('drops only what the digest held: a delivery held while the digest was being queued waits for the next one', async () => {
    await setUp('C3', [5]);
    const late = { ...delivery(6), channel: sub.channel };
    await digestsOver({
      outbox: {
        enqueue: async (ds, at) => {
          await env.stores.digests.hold([late]);
          return env.stores.outbox.enqueue(ds, at);
        },
      },
    }).tick();
    expect(await queuedFor('C3')).toEqual([['Story 5']]);
    expect((await env.stores.digests.peek(sub.channel)).map((d) => d.alert.id)).toEqual(['wire|6']);
  });
});

/** The store's methods bound to it, so a test can replace one and keep the rest. */
function bind<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  let proto: object | null = o;
  while (proto && proto !== Object.prototype) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      const v = (o as Record<string, unknown>)[k];
      if (k !== 'constructor' && typeof v === 'function' && !(k in out)) out[k] = (v as (...a: unknown[]) => unknown).bind(o);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return out as T;
}
