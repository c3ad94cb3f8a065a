/**
 * Drains the outbox: per channel in enqueue order, one send at a time, with retries, retry-after and
 * dead letters. Every outcome is written back to the outbox before the next send to that channel.
 */
import { describeError, PermanentDeliveryError, RateLimitError, RejectedMessageError, WireError } from '../core/errors.js';
import type { AlertLog, ChatAdapter, Clock, Logger, Outbox, OutboxEntry, SubscriptionStore } from '../core/ports.js';

export interface DelivererOptions {
  outbox: Outbox;
  subscriptions: SubscriptionStore;
  alerts: AlertLog;
  adapters: ReadonlyMap<string, ChatAdapter>;
  clock: Clock;
  logger: Logger;
  /** Transient failures stop being retried after this long (dead letter). */
  giveUpAfterMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Channels served at once. */
  concurrency?: number;
  random?: () => number;
  /** Global cap on sends per second across all channels. */
  maxPerSecond?: number;
  /** Waits for pacing; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DrainResult {
  sent: number;
  retried: number;
  dead: number;
  /** Entries left for later: not due yet, or behind an earlier entry of the same channel. */
  waiting: number;
}

const chanKey = (e: OutboxEntry) => `${e.delivery.channel.platform}:${e.delivery.channel.id}`;

export function createDeliverer(opts: DelivererOptions) {
  const giveUpAfter = opts.giveUpAfterMs ?? 24 * 3600_000;
  const base = opts.backoffBaseMs ?? 2_000;
  const max = opts.backoffMaxMs ?? 10 * 60_000;
  const random = opts.random ?? Math.random;
  const now = () => opts.clock.now();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pace = createPacer(opts.maxPerSecond ?? 20, sleep);
  const lastSent = new Map<string, number>();

  function backoff(attempts: number): number {
    const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
    return Math.round(exp / 2 + (random() * exp) / 2); // "equal jitter": spread retries, keep a floor
  }

  async function markChannelFailing(entry: OutboxEntry, reason: string): Promise<void> {
    const sub = await opts.subscriptions.get(entry.delivery.channel);
    if (sub && !sub.failing) await opts.subscriptions.put({ ...sub, failing: { since: now().toISOString(), reason } });
  }

  /** Sends one entry; returns false when the channel's queue must stop here for now. */
  async function sendOne(entry: OutboxEntry, adapter: ChatAdapter, res: DrainResult): Promise<boolean> {
    // Bursts to one channel are spaced to the platform's per-channel rate, not dropped.
    const gap = (lastSent.get(chanKey(entry)) ?? -Infinity) + (adapter.minChannelIntervalMs ?? 0) - Date.now();
    if (gap > 0) await sleep(gap);
    await pace();
    lastSent.set(chanKey(entry), Date.now());
    const at = now();
    try {
      const sent = await adapter.send(entry.delivery);
      await opts.outbox.update({ ...entry, state: 'sent', attempts: entry.attempts + 1, messageId: sent.messageId, sentAt: at.toISOString(), lastError: undefined });
      await opts.alerts.markDelivered(entry.delivery.channel, at.toISOString());
      res.sent++;
      return true;
    } catch (e) {
      const lastError = { at: at.toISOString(), code: e instanceof WireError ? e.code : 'UNEXPECTED', message: describeError(e).slice(0, 500) };
      const attempts = entry.attempts + 1;
      if (e instanceof PermanentDeliveryError) {
        await opts.outbox.update({ ...entry, state: 'dead', attempts, lastError });
        await markChannelFailing(entry, `${e.code}: ${e.message}`);
        opts.logger.warn('channel refused delivery; marked failing', { channel: chanKey(entry), code: e.code });
        res.dead++;
        return false;
      }
      const age = at.getTime() - Date.parse(entry.createdAt);
      if (e instanceof RejectedMessageError || age >= giveUpAfter) {
        await opts.outbox.update({ ...entry, state: 'dead', attempts, lastError });
        opts.logger.warn('delivery gave up after retries; moved to dead letters', { id: entry.id, attempts, error: lastError.message });
        res.dead++;
        return true;
      }
      const wait = e instanceof RateLimitError ? e.retryAfterMs : backoff(attempts);
      await opts.outbox.update({ ...entry, attempts, lastError, nextAttemptAt: new Date(at.getTime() + wait).toISOString() });
      opts.logger.info('delivery will be retried', { id: entry.id, attempts, waitMs: wait, error: lastError.message });
      res.retried++;
      return false;
    }
  }

  async function drainChannel(entries: OutboxEntry[], res: DrainResult): Promise<void> {
    for (const [i, entry] of entries.entries()) {
      const adapter = opts.adapters.get(entry.delivery.channel.platform);
      if (!adapter || Date.parse(entry.nextAttemptAt) > now().getTime()) {
        res.waiting += entries.length - i;
        return;
      }
      const sub = await opts.subscriptions.get(entry.delivery.channel);
      if (sub?.failing) {
        await opts.outbox.update({ ...entry, state: 'dead', lastError: { at: now().toISOString(), code: 'CHANNEL_FAILING', message: sub.failing.reason } });
        res.dead++;
        continue;
      }
      if (!(await sendOne(entry, adapter, res))) {
        res.waiting += entries.length - i - 1;
        return;
      }
    }
  }

  return {
    async drain(limit = 1000): Promise<DrainResult> {
      const res: DrainResult = { sent: 0, retried: 0, dead: 0, waiting: 0 };
      const byChannel = new Map<string, OutboxEntry[]>();
      for (const e of await opts.outbox.pending(limit)) {
        const list = byChannel.get(chanKey(e)) ?? [];
        list.push(e);
        byChannel.set(chanKey(e), list);
      }
      const queues = [...byChannel.values()];
      const workers = Array.from({ length: Math.min(opts.concurrency ?? 4, queues.length) }, async () => {
        for (let q = queues.shift(); q; q = queues.shift()) await drainChannel(q, res);
      });
      await Promise.all(workers);
      return res;
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;

/** A global sends-per-second cap: each call waits for its slot in a sliding one-second window. */
function createPacer(perSecond: number, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  const stamps: number[] = [];
  let chain = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = Date.now();
      while (stamps.length && (stamps[0] ?? 0) <= t - 1000) stamps.shift();
      if (stamps.length < perSecond) {
        stamps.push(t);
        return;
      }
      await sleep((stamps[0] ?? t) + 1000 - t);
    }
  };
  return () => (chain = chain.then(take));
}
