/**
 * Three real processes on one real Redis compete for 4 intervals × 50 feed claims and for the 200 deliveries
 * those fetches queue; one of them is SIGKILLed while holding feed and delivery claims. Asserts: every feed
 * fetched exactly once per interval, every delivery sent exactly once and in order per channel, and the killed
 * worker's claims taken over by the others, not before their TTL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/store/redis/client.js';
import { openRedisStores } from '../../src/store/redis/open.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from './redis-env.js';
import type { WorkerConfig } from './worker.js';

const prefix = runPrefix('multi');
let admin: RedisClient | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  admin = await connectTestRedis();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (admin) {
    await dropPrefix(admin, prefix);
    await admin.close();
  }
});

interface Worker {
  name: string;
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line starting with `word`. */
  waitFor(word: string, ms: number): Promise<string>;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

function startWorker(cfg: WorkerConfig): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/redis/worker.ts', JSON.stringify(cfg)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { word: string; resolve: (l: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.filter((x) => l.startsWith(x.word))) w.resolve(l);
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => void (stderr += b.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    name: cfg.name,
    child,
    lines,
    exited,
    waitFor: (word, ms) =>
      new Promise<string>((resolve, reject) => {
        const hit = lines.find((l) => l.startsWith(word));
        if (hit) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`${cfg.name}: no ${word} within ${ms} ms; stdout ${JSON.stringify(lines)} stderr ${stderr.slice(-2000)}`)), ms);
        waiters.push({ word, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(([code, sig]) => reject(new Error(`${cfg.name} exited (${code ?? sig}) before ${word}; stdout ${JSON.stringify(lines)} stderr ${stderr.slice(-2000)}`)));
      }),
  };
}

const FEEDS = 50;
const INTERVALS = 4;
const INTERVAL_MS = 1_000;
const FEED_LEASE_MS = 500;
const DELIVERY_LEASE_MS = 1_200;

describe('three processes on one Redis, one SIGKILLed mid-run', () => {
  it('each feed is fetched once per interval and each delivery sent once, in order; the dead worker\'s claims are taken over after their TTL', async () => {
    const base: Omit<WorkerConfig, 'name' | 'index'> = {
      url: REDIS_URL, prefix, workers: 3, feeds: FEEDS, alertFeeds: 10, channels: 20, channelsPerAlert: 5,
      intervalMs: INTERVAL_MS, intervals: INTERVALS, feedLeaseMs: FEED_LEASE_MS, stealAfterMs: 200,
      deliveryLeaseMs: DELIVERY_LEASE_MS, sendPauseMs: 10, deadlineMs: 25_000,
    };
    const workers = [0, 1, 2].map((index) =>
      startWorker({ ...base, name: `w${index}`, index, ...(index === 0 ? { doomAfterSends: 5 } : {}) }));
    await Promise.all(workers.map((w) => w.waitFor('READY', 15_000)));
    const t0 = Date.now() + 300;
    await admin!.set(`${prefix}go`, String(t0));

    const [doomed, ...rest] = workers as [Worker, Worker, Worker];
    await doomed.waitFor('HOLDING', 10_000);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toEqual([null, 'SIGKILL']);
    for (const w of rest) await w.waitFor('DONE', 20_000);
    for (const w of rest) expect((await w.exited)[0]).toBe(0);

    const parse = (line: string) => line.split(' ');
    const fetches = (await admin!.lRange(`${prefix}fetches`, 0, -1)).map(parse);
    const sends = (await admin!.lRange(`${prefix}sends`, 0, -1)).map(parse);
    const held = (await admin!.lRange(`${prefix}held`, 0, -1)).map((j) => JSON.parse(j) as { kind: string; key: string; at: number; by: string });

    // Every feed fetched exactly once in every interval, though w0 claimed its shard of interval 1 and died.
    const perInterval = new Map<string, string[]>();
    for (const [f, k, by] of fetches) perInterval.set(`${f}:${k}`, [...(perInterval.get(`${f}:${k}`) ?? []), by!]);
    expect(fetches).toHaveLength(FEEDS * INTERVALS);
    for (let k = 0; k < INTERVALS; k++) for (let f = 0; f < FEEDS; f++) expect(perInterval.get(`${f}:${k}`)?.length, `feed ${f} interval ${k}`).toBe(1);

    // The held feeds (w0's shard of interval 1) were fetched by the others, not before the lease ran out.
    const heldFeeds = held.filter((h) => h.kind === 'feed');
    // w0 claims its whole shard (17 feeds) at once when interval 1 begins; the others wait 200 ms before taking
    // another shard's feeds, so all 17 are normally held; a very late w0 may hold fewer, never none.
    expect(heldFeeds.length).toBeGreaterThan(0);
    for (const h of heldFeeds) expect(h.key).toMatch(/^(\d+):1$/);
    for (const h of heldFeeds) expect(Number(h.key.split(':')[0]) % 3).toBe(0);
    for (const h of heldFeeds) {
      const fetch = fetches.find(([f, k]) => `${f}:${k}` === h.key)!;
      expect(fetch[2]).not.toBe('w0');
      expect(Number(fetch[3])).toBeGreaterThanOrEqual(h.at + FEED_LEASE_MS);
    }

    // 10 alert feeds × 5 channels × 4 intervals = 200 deliveries, each sent once.
    expect(sends).toHaveLength(200);
    expect(new Set(sends.map(([id]) => id)).size).toBe(200);
    const by = (name: string) => sends.filter((s) => s[2] === name).length;
    expect(by('w0')).toBeGreaterThanOrEqual(5);
    expect(by('w1') + by('w2')).toBe(200 - by('w0'));

    // In enqueue order within each channel, across all three senders.
    const perChannel = new Map<string, number[]>();
    for (const [id, seq] of sends) {
      const ch = id!.split('|')[1]!;
      perChannel.set(ch, [...(perChannel.get(ch) ?? []), Number(seq)]);
    }
    expect(perChannel.size).toBe(20);
    for (const [ch, seqs] of perChannel) expect(seqs, ch).toEqual([...seqs].sort((a, b) => a - b));

    // The delivery w0 claimed and never sent went out once, from another worker, after its claim expired.
    const heldEntry = held.find((h) => h.kind === 'delivery')!;
    expect(heldEntry).toBeDefined();
    const sentHeld = sends.filter(([id]) => id === heldEntry.key);
    expect(sentHeld).toHaveLength(1);
    expect(sentHeld[0]![2]).not.toBe('w0');
    expect(Number(sentHeld[0]![3])).toBeGreaterThanOrEqual(heldEntry.at + DELIVERY_LEASE_MS);

    if (process.env.LW_DEBUG) {
      const afterHold = heldFeeds.map((h) => Number(fetches.find(([f, k]) => `${f}:${k}` === h.key)![3]) - h.at);
      console.log(JSON.stringify({ heldFeeds: heldFeeds.length, sends: { w0: by('w0'), w1: by('w1'), w2: by('w2') }, feedTakeoverMs: afterHold, deliveryTakeoverMs: Number(sentHeld[0]![3]) - heldEntry.at }));
    }
    // The outbox agrees: nothing pending, every entry sent with its message id.
    const stores = await openRedisStores(REDIS_URL, { prefix });
    try {
      expect(await stores.outbox.counts()).toEqual({ pending: 0, dead: 0 });
      const entries = await Promise.all(sends.map(([id]) => stores.outbox.get(id!)));
      expect(entries.map((e) => e?.state)).toEqual(sends.map(() => 'sent'));
      expect(entries.map((e) => e?.messageId)).toEqual(sends.map(([, seq]) => `m-${seq}`));
    } finally {
      await stores.close();
    }
  }, 45_000);
});
