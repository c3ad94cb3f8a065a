/**
 * Digests in the running bot. The pipeline hands each cycle's deliveries to `hold`: those for channels on an
 * hourly or daily digest, or inside their quiet hours, are kept in the DigestStore instead of queued. A timer calls
 * `tick` every minute: `dueDigests(now)` turns each due channel's held deliveries into ONE digest delivery (grouped
 * by story), queued and sent like any alert.
 */
import { describeError } from '../core/errors.js';
import { digestDue, holdsAlerts, holdsNow } from '../core/digest-schedule.js';
import { digestDelivery } from '../core/digest-view.js';
import type { Clock, DigestStore, Logger, Outbox, SubscriptionStore } from '../core/ports.js';
import type { ChannelRef, Delivery, Subscription } from '../core/types.js';

export interface DigestsOptions {
  store: DigestStore;
  subscriptions: SubscriptionStore;
  outbox: Outbox;
  /** Sends what a tick queued (the app's deliverer). */
  drain?: () => Promise<unknown>;
  clock: Clock;
  logger: Logger;
}

export interface Digests {
  /** The deliveries to queue now; the rest are held for their channel's digest. */
  hold(deliveries: readonly Delivery[], subs: readonly Subscription[]): Promise<Delivery[]>;
  /** Queues the digests due at `now`, one per channel with something held, and drops what they hold. */
  dueDigests(now: Date): Promise<Delivery[]>;
  /** dueDigests(clock.now()), then drained. Returns how many digests were queued. */
  tick(): Promise<number>;
}

const chanKey = (c: ChannelRef) => `${c.platform}:${c.id}`;

export function createDigests(opts: DigestsOptions): Digests {
  async function hold(deliveries: readonly Delivery[], subs: readonly Subscription[]): Promise<Delivery[]> {
    const holding = new Map(subs.filter((s) => holdsAlerts(s.digest)).map((s) => [chanKey(s.channel), s]));
    if (holding.size === 0 || deliveries.length === 0) return [...deliveries];
    const now = opts.clock.now();
    const held: Delivery[] = [];
    const send: Delivery[] = [];
    for (const d of deliveries) {
      const sub = holding.get(chanKey(d.channel));
      (sub && holdsNow(sub, now) ? held : send).push(d);
    }
    if (held.length) await opts.store.hold(held);
    return send;
  }

  /**
   * The digest is queued before its held deliveries are dropped: a crash in between leaves them held, and the
   * retry builds the same digest id from them, which the outbox has already (so nothing is lost or sent twice).
   * A delivery held between another instance's peek and ours lands in the next digest.
   */
  async function dueDigests(now: Date): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const sub of await opts.subscriptions.list()) {
      const d = sub.digest;
      if (!sub.want || sub.failing || !holdsAlerts(d)) continue;
      const last = await opts.store.lastDigestAt(sub.channel);
      // Before the first digest, the time the setting was made is the mark: the first one is the next slot after it.
      const mark = last ?? sub.updatedAt;
      if (!digestDue(d, Date.parse(mark), now)) continue;
      const held = await opts.store.peek(sub.channel);
      if (held.length) {
        const from = last ?? held[0]!.alert.matchedAt;
        const digest = digestDelivery(sub.channel, held, d.mode === 'realtime' ? 'quiet' : d.mode, from, now.toISOString(), mark);
        await opts.outbox.enqueue([digest], now);
        await opts.store.drop(sub.channel, held);
        out.push(digest);
      }
      if (d.mode !== 'realtime') await opts.store.setLastDigestAt(sub.channel, now.toISOString());
    }
    return out;
  }

  async function tick(): Promise<number> {
    const due = await dueDigests(opts.clock.now());
    if (due.length === 0) return 0;
    opts.logger.info('digests queued', { count: due.length });
    await opts.drain?.();
    return due.length;
  }

  return { hold, dueDigests, tick };
}

/** Calls `tick` every `intervalMs` (default one minute), one at a time; `stop` clears the timer. */
export function startDigestTimer(digests: Digests, opts: { logger: Logger; intervalMs?: number; track?: <T>(p: Promise<T>) => Promise<T> }): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const p = digests.tick().catch((e: unknown) => opts.logger.error('digest tick failed', { error: describeError(e) })).finally(() => { running = false; });
    void (opts.track ? opts.track(p) : p);
  }, opts.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
