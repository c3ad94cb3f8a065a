/**
 * One instance in the multi-process test (run with `node --import tsx test/redis/worker.ts '<json config>'`).
 * It does what a poller+deliverer instance does with the coordinator, minus HTTP: each interval it claims feeds
 * (its own shard first, the others' after a grace period), "fetches" a claimed feed by recording it, and turns
 * some fetches into alerts queued for several channels; meanwhile it drains the outbox one channel at a time,
 * recording each "send". The doomed worker, when interval 1 begins, claims its shard's feeds and, once it has
 * sent some, a channel's next delivery, and then hangs holding them, for the test to SIGKILL it.
 *
 * stdout protocol, one word a line: READY, HOLDING, DONE <json>, or TIMEOUT / ERROR <message>.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboxEntry } from '../../src/core/ports.js';
import type { Delivery } from '../../src/core/types.js';
import { openRedisStores } from '../../src/store/redis/open.js';

export interface WorkerConfig {
  url: string;
  prefix: string;
  name: string;
  index: number;
  workers: number;
  feeds: number;
  /** Feeds [0, alertFeeds) yield one alert per fetch, queued for `channelsPerAlert` of `channels` channels. */
  alertFeeds: number;
  channels: number;
  channelsPerAlert: number;
  intervalMs: number;
  intervals: number;
  feedLeaseMs: number;
  /** Another shard's feeds are tried only this long after the interval began. */
  stealAfterMs: number;
  deliveryLeaseMs: number;
  sendPauseMs: number;
  /** Set for the worker to be killed: holds its feeds in interval 1, and a delivery after this many sends. */
  doomAfterSends?: number;
  deadlineMs: number;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const say = (line: string) => process.stdout.write(`${line}\n`);
setTimeout(() => {
  say('TIMEOUT');
  process.exit(2);
}, cfg.deadlineMs).unref();

const forever = () => new Promise<never>(() => setInterval(() => undefined, 60_000));
const chanOf = (e: OutboxEntry) => `${e.delivery.channel.platform}:${e.delivery.channel.id}`;

function alertDeliveries(feed: number, k: number): Delivery[] {
  const id = `f${feed}-k${k}`;
  return Array.from({ length: cfg.channelsPerAlert }, (_, j) => ({
    alert: {
      id,
      item: { id, feedId: `f${feed}`, title: `story ${id}`, summary: '' },
      match: { lithiumSupply: true, score: 1, why: ['test'], tickers: [], figures: [], topics: ['lithium-supply'] },
      matchedAt: new Date().toISOString(),
    },
    channel: { platform: 'discord', id: `c${(feed * cfg.channelsPerAlert + j + k) % cfg.channels}` },
    kind: 'supply' as const,
    watched: [],
  }));
}

async function main(): Promise<void> {
  const stores = await openRedisStores(cfg.url, { prefix: cfg.prefix, instanceId: cfg.name });
  const { client, coordinator: coord, outbox } = stores;
  const P = cfg.prefix;
  const stats = { fetched: 0, sent: 0 };
  let feedsDone = false;
  let sends = 0;
  let heldFeeds = false;
  let heldDelivery = false;
  const held = async (kind: string, key: string, ttlMs: number, at: number) => {
    await client.rPush(`${P}held`, JSON.stringify({ kind, key, ttlMs, at, by: cfg.name }));
  };
  const maybeAnnounce = () => {
    if (heldFeeds && heldDelivery) say('HOLDING');
  };

  say('READY');
  let t0 = NaN;
  while (Number.isNaN(t0)) {
    t0 = Number((await client.get(`${P}go`)) ?? NaN);
    if (Number.isNaN(t0)) await sleep(20);
  }
  const intervalNow = () => Math.floor((Date.now() - t0) / cfg.intervalMs);

  async function feedLoop(): Promise<void> {
    const done = new Set<string>();
    for (;;) {
      const now = Date.now();
      const k = intervalNow();
      if (k >= cfg.intervals) break;
      if (k < 0) {
        await sleep(t0 - now);
        continue;
      }
      const start = t0 + k * cfg.intervalMs;
      const mine = (f: number) => f % cfg.workers === cfg.index;
      const todo = Array.from({ length: cfg.feeds }, (_, f) => f).filter((f) => !done.has(`${f}:${k}`) && (mine(f) || now - start >= cfg.stealAfterMs));
      if (cfg.doomAfterSends !== undefined && k === 1) {
        const at = Date.now();
        const won = await Promise.all(todo.filter(mine).map(async (f) => ((await coord.claimFeedInterval(`f${f}`, start, cfg.feedLeaseMs)) ? f : -1)));
        for (const f of won.filter((x) => x >= 0)) await held('feed', `${f}:${k}`, cfg.feedLeaseMs, at);
        heldFeeds = true;
        maybeAnnounce();
        return forever();
      }
      await Promise.all(todo.map(async (f) => {
        if (!(await coord.claimFeedInterval(`f${f}`, start, cfg.feedLeaseMs))) return;
        await client.rPush(`${P}fetches`, `${f} ${k} ${cfg.name} ${Date.now()}`);
        if (f < cfg.alertFeeds) await outbox.enqueue(alertDeliveries(f, k), new Date());
        // Hold the done mark past the interval's end, so no one fetches this feed again in it.
        await coord.completeFeedInterval(`f${f}`, start, start + 2 * cfg.intervalMs - Date.now());
        done.add(`${f}:${k}`);
        stats.fetched++;
      }));
      await sleep(25);
    }
    feedsDone = true;
  }

  async function send(e: OutboxEntry): Promise<void> {
    await client.rPush(`${P}sends`, `${e.id} ${e.seq} ${cfg.name} ${Date.now()}`);
    await outbox.update({ ...e, state: 'sent', attempts: e.attempts + 1, messageId: `m-${e.seq}`, sentAt: new Date().toISOString() });
    await coord.completeDelivery(e.id, 60_000);
    sends++;
    stats.sent++;
    await sleep(cfg.sendPauseMs);
  }

  /** Sends one channel's pending entries in order while this worker holds the channel; false if it got none. */
  async function drainChannel(ch: string): Promise<boolean> {
    const lease = `chan:${ch}`;
    if (!(await coord.claimDelivery(lease, cfg.deliveryLeaseMs))) return false;
    let any = false;
    // A fresh read under the channel lease: nobody else sends to this channel meanwhile.
    for (const e of (await outbox.pending(1_000)).filter((x) => chanOf(x) === ch)) {
      if (!(await coord.renewDelivery(lease, cfg.deliveryLeaseMs))) break;
      const at = Date.now();
      // A refused entry claim means another instance's claim has not expired: stop, to keep the order.
      if (!(await coord.claimDelivery(e.id, cfg.deliveryLeaseMs))) break;
      if (cfg.doomAfterSends !== undefined && sends >= cfg.doomAfterSends && intervalNow() >= 1) {
        await held('channel', lease, cfg.deliveryLeaseMs, at);
        await held('delivery', e.id, cfg.deliveryLeaseMs, at);
        heldDelivery = true;
        maybeAnnounce();
        return forever();
      }
      await send(e);
      any = true;
    }
    await coord.releaseDelivery(lease);
    return any;
  }

  async function deliverLoop(): Promise<void> {
    for (;;) {
      const pending = await outbox.pending(1_000);
      if (pending.length === 0) {
        if (feedsDone) return;
        await sleep(20);
        continue;
      }
      const channels = [...new Set(pending.map(chanOf))];
      // Start at a different channel per worker, so the workers spread over the channels.
      const order = channels.map((_, i) => channels[(i + cfg.index * 7) % channels.length]!);
      let progressed = false;
      for (const ch of order) if (await drainChannel(ch)) progressed = true;
      if (!progressed) await sleep(20);
    }
  }

  await Promise.all([feedLoop(), deliverLoop()]);
  say(`DONE ${JSON.stringify(stats)}`);
  await stores.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    say(`ERROR ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
