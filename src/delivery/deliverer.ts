/**
 * Drains the outbox: per channel in enqueue order, one send at a time, with retries, retry-after and
 * dead letters. Every outcome is written back to the outbox before the next send to that channel.
 */
import type { AlertLog, ChatAdapter, Clock, Logger, Outbox, OutboxEntry, StoryStore, SubscriptionStore } from '../core/ports.js';
import type { Subscription } from '../core/types.js';
import { createStorySender } from './story-sender.js';
import { createPacer } from './pacer.js';
import type { Coordinator } from '../core/ports.js';
import { withDeliveryLease } from '../core/leases.js';
import { classifyDeliveryError } from './classify.js';
import { createPlatformHealth, type PlatformStatus } from './platform-health.js';

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
  /** Milliseconds clock for pacing (default Date.now); a test's fake sleep advances it. */
  nowMs?: () => number;
  /**
   * Several instances on one store: each channel's queue is drained by one instance at a time under the lease
   * `chan:<platform>:<id>` (renewed while sending), so a delivery is sent once and a channel keeps its order.
   */
  coordinator?: Coordinator;
  /** Time to live of a channel lease (renewed every third of it); a dead holder's channel resumes after it. */
  channelLeaseMs?: number;
  /**
   * Story messages per channel: a story update edits the message found here (where the adapter can edit), or with
   * the subscription's threads on is posted as a reply under it (story-sender.ts).
   */
  stories?: StoryStore;
  /** Told how many channel leases this instance holds after each take or release (the lease-ownership gauge). */
  onLeasesHeld?: (held: number) => void;
  /** First wait before a platform paused on a configuration error is probed again (doubling, up to 5 min). */
  probeBaseMs?: number;
  /**
   * A failed send whose retry falls due within this long is retried in place (the channel keeps its order and
   * its pace) instead of waiting for the next drain. Default 0: every retry waits for a later drain.
   */
  inlineRetryMs?: number;
}

export interface DrainResult {
  sent: number;
  retried: number;
  dead: number;
  /** Entries left for later: not due yet, or behind an earlier entry of the same channel. */
  waiting: number;
}

/** Filled by a send that failed and will be retried: the entry as written back, and when it falls due. */
interface Retry {
  next?: OutboxEntry;
  waitMs?: number;
}

const chanKey = (e: OutboxEntry) => `${e.delivery.channel.platform}:${e.delivery.channel.id}`;

export function createDeliverer(opts: DelivererOptions) {
  const giveUpAfter = opts.giveUpAfterMs ?? 24 * 3600_000;
  const base = opts.backoffBaseMs ?? 2_000;
  const max = opts.backoffMaxMs ?? 10 * 60_000;
  const random = opts.random ?? Math.random;
  const inlineRetryMs = opts.inlineRetryMs ?? 0;
  const now = () => opts.clock.now();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const nowMs = opts.nowMs ?? Date.now;
  const pace = createPacer(opts.maxPerSecond ?? 20, sleep, nowMs);
  const lastSent = new Map<string, number>();
  let stopping = false;
  let leasesHeld = 0;
  const stories = createStorySender({ stories: opts.stories, logger: opts.logger });
  const health = createPlatformHealth({ logger: opts.logger, nowMs, ...(opts.probeBaseMs !== undefined ? { probeBaseMs: opts.probeBaseMs } : {}) });

  function backoff(attempts: number): number {
    const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
    return Math.round(exp / 2 + (random() * exp) / 2); // "equal jitter": spread retries, keep a floor
  }

  async function markChannelFailing(entry: OutboxEntry, reason: string): Promise<void> {
    const sub = await opts.subscriptions.get(entry.delivery.channel);
    if (sub && !sub.failing) await opts.subscriptions.put({ ...sub, failing: { since: now().toISOString(), reason } });
  }

  /** Sends one entry; returns false when the channel's queue must stop here for now. */
  async function sendOne(picked: OutboxEntry, adapter: ChatAdapter, sub: Subscription | undefined, res: DrainResult, lost?: AbortSignal, retry: Retry = {}): Promise<boolean> {
    let entry = picked;
    // Bursts to one channel are spaced to the platform's per-channel rate, not dropped.
    const gap = (lastSent.get(chanKey(entry)) ?? -Infinity) + (adapter.minChannelIntervalMs ?? 0) - nowMs();
    if (gap > 0) await sleep(gap);
    await pace();
    // Checked after the waits: the channel's lease may have gone to another instance meanwhile.
    if (stopping || lost?.aborted) {
      health.settle(entry.delivery.channel.platform, 'unknown'); // a probe admitted here was never sent
      return false;
    }
    lastSent.set(chanKey(entry), nowMs());
    const at = now();
    // "Record before": an adapter that can look for its own message gets the attempt written down first, so a
    // crash or timeout after the platform's OK is found by alreadySent() instead of posted twice.
    const attempted = picked.inFlightSince;
    if (stories.recordsAttempt(entry, adapter, sub) && !attempted) {
      entry = { ...entry, inFlightSince: at.toISOString() };
      await opts.outbox.update(entry);
    }
    try {
      const { sent, root } = await stories.send(entry, adapter, sub, attempted);
      health.settle(entry.delivery.channel.platform, 'accepted');
      await opts.outbox.update({
        ...entry, state: 'sent', attempts: entry.attempts + 1, messageId: sent.messageId, sentAt: at.toISOString(),
        lastError: undefined, inFlightSince: undefined,
      });
      // A health notice is about the bot, not news: the channel's "last alert" stays the last story.
      if (!entry.delivery.notice) await opts.alerts.markDelivered(entry.delivery.channel, at.toISOString());
      await stories.remember(entry, root);
      res.sent++;
      return true;
    } catch (e) {
      const f = classifyDeliveryError(e);
      const lastError = { at: at.toISOString(), code: f.code, message: f.message };
      const attempts = entry.attempts + 1;
      const platform = entry.delivery.channel.platform;
      if (f.kind === 'config') {
        // Nothing was posted and retrying cannot help: the entry waits, unchanged but for why, until the platform
        // accepts our configuration again (no attempt counted, no backoff: the platform's pause is the wait).
        await opts.outbox.update({ ...entry, lastError, inFlightSince: attempted });
        health.settle(platform, 'config', f);
        return false;
      }
      if (f.kind === 'refused') {
        health.settle(platform, 'accepted');
        await opts.outbox.update({ ...entry, state: 'dead', attempts, lastError });
        await markChannelFailing(entry, f.message);
        opts.logger.warn('channel refused delivery; marked failing', { channel: chanKey(entry), code: f.code });
        res.dead++;
        return true; // the rest of this channel's queue goes to dead letters now, without another call
      }
      const age = at.getTime() - Date.parse(entry.createdAt);
      if (f.kind === 'rejected' || age >= giveUpAfter) {
        health.settle(platform, f.kind === 'rejected' ? 'accepted' : 'unknown');
        await opts.outbox.update({ ...entry, state: 'dead', attempts, lastError });
        opts.logger.warn('delivery gave up after retries; moved to dead letters', { id: entry.id, attempts, error: lastError.message });
        res.dead++;
        return true;
      }
      health.settle(platform, 'unknown');
      const limited = f.retryAfterMs !== undefined;
      // Never sooner than the platform's retry-after; a little later, at random, so channels told the same wait
      // (a global limit) do not all come back in the same instant.
      const wait = f.retryAfterMs !== undefined ? f.retryAfterMs + Math.round(random() * Math.min(f.retryAfterMs / 10, 1000)) : backoff(attempts);
      // A 429 on a first attempt says nothing was posted, so the next try need not look in history first (history
      // calls are costly). After an earlier uncertain attempt the 429 may be the history call's: keep looking.
      const inFlightSince = limited && !attempted ? undefined : entry.inFlightSince;
      const next = { ...entry, attempts, lastError, inFlightSince, nextAttemptAt: new Date(at.getTime() + wait).toISOString() };
      await opts.outbox.update(next);
      retry.next = next;
      retry.waitMs = wait;
      opts.logger.info('delivery will be retried', { id: entry.id, attempts, waitMs: wait, error: lastError.message });
      res.retried++;
      return false;
    }
  }

  async function drainChannel(entries: OutboxEntry[], res: DrainResult, lost?: AbortSignal): Promise<void> {
    for (let i = 0, entry = entries[0]; entry; entry = entries[++i]) {
      if (stopping || lost?.aborted) {
        res.waiting += entries.length - i;
        return;
      }
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
      // A platform paused on a configuration error lets one send through now and then, as a probe.
      if (health.admit(entry.delivery.channel.platform) === 'wait') {
        res.waiting += entries.length - i;
        return;
      }
      const retry: Retry = {};
      if (!(await sendOne(entry, adapter, sub, res, lost, retry))) {
        if (retry.next && retry.waitMs !== undefined && retry.waitMs <= inlineRetryMs && !stopping && !lost?.aborted) {
          // Retried in place, ahead of everything behind it in this channel: order and pace are kept.
          await sleep(retry.waitMs);
          entries[i] = retry.next;
          i--;
          continue;
        }
        res.waiting += entries.length - i - 1;
        return;
      }
    }
  }

  /**
   * With a coordinator: claim the channel, then drain its entries as read after the claim (the first read may be
   * stale). The re-read is the channel's own queue, not the global list filtered: it costs one channel's entries,
   * and entries of this channel queued beyond the first `limit` of the global list are still reached.
   */
  async function drainClaimed(entries: OutboxEntry[], res: DrainResult, limit: number): Promise<void> {
    const first = entries[0];
    if (!opts.coordinator || !first) return drainChannel(entries, res);
    const key = chanKey(first);
    const lease = await withDeliveryLease(opts.coordinator, `chan:${key}`, opts.channelLeaseMs ?? 15_000, async (lost) => {
      // A lost lease stops counting at once, not when the drain notices: another instance may hold it by then.
      let counted = true;
      const drop = () => {
        if (!counted) return;
        counted = false;
        opts.onLeasesHeld?.(--leasesHeld);
      };
      opts.onLeasesHeld?.(++leasesHeld);
      lost.addEventListener('abort', drop, { once: true });
      try {
        await drainChannel(await opts.outbox.pendingFor(first.delivery.channel, limit), res, lost);
      } finally {
        lost.removeEventListener('abort', drop);
        drop();
      }
    });
    // Another instance is draining this channel: its entries are that instance's to send.
    if (!lease.held) res.waiting += entries.length;
  }

  async function drainOnce(limit: number): Promise<DrainResult> {
    const res: DrainResult = { sent: 0, retried: 0, dead: 0, waiting: 0 };
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const e of await opts.outbox.pending(limit)) {
      const list = byChannel.get(chanKey(e)) ?? [];
      list.push(e);
      byChannel.set(chanKey(e), list);
    }
    const queues = [...byChannel.values()];
    const workers = Array.from({ length: Math.min(opts.concurrency ?? 4, queues.length) }, async () => {
      for (let q = queues.shift(); q; q = queues.shift()) await drainClaimed(q, res, limit);
    });
    await Promise.all(workers);
    return res;
  }

  // One drain at a time per process: two concurrent drains would both send the same pending entry.
  let current: Promise<DrainResult> | undefined;
  let followUp: Promise<DrainResult> | undefined;
  function drain(limit = 1000): Promise<DrainResult> {
    if (!current) {
      current = drainOnce(limit).finally(() => {
        current = undefined;
      });
      return current;
    }
    // A drain asked for while one runs (a poll cycle's, during the timer's) runs once right after it, so the
    // entries just queued are not left for the next tick.
    followUp ??= current.catch(() => undefined).then(() => {
      followUp = undefined;
      return drain(limit);
    });
    return followUp;
  }

  return {
    drain,
    /** Each platform with an adapter: ok, or paused on a configuration error (reason and fix). For /healthz. */
    platformHealth: (): PlatformStatus[] => health.list(opts.adapters.keys()),
    /**
     * Stops taking new sends (shutdown): the send in flight on each channel finishes and is recorded, the rest
     * stays pending for the next start. Resolves when the running drain has returned.
     */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([current, followUp]);
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
