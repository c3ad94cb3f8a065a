/**
 * Holding a lease while work runs, on any Coordinator (whatever store engine brings it): a delivery claim kept alive for the
 * length of a send, and a leader election loop for a singleton such as a chat gateway connection.
 */
import type { Coordinator } from './ports.js';

export type LeaseResult<T> = { held: false } | { held: true; value: T };

/**
 * Runs `fn` while holding the delivery claim `key`, renewing it every ttl/3. When a renewal is refused (the
 * claim expired and someone else may have it) `lost` is aborted: check it before any side effect. The claim is
 * released at the end unless `fn` completed it (coordinator.completeDelivery), which makes the release a no-op.
 */
export async function withDeliveryLease<T>(
  coordinator: Coordinator,
  key: string,
  ttlMs: number,
  fn: (lost: AbortSignal) => Promise<T>,
): Promise<LeaseResult<T>> {
  if (!(await coordinator.claimDelivery(key, ttlMs))) return { held: false };
  const lost = new AbortController();
  const timer = setInterval(() => {
    coordinator.renewDelivery(key, ttlMs).then(
      (ok) => ok || lost.abort(),
      () => lost.abort(),
    );
  }, Math.max(10, Math.floor(ttlMs / 3)));
  try {
    return { held: true, value: await fn(lost.signal) };
  } finally {
    clearInterval(timer);
    await coordinator.releaseDelivery(key).catch(() => false);
  }
}

export interface LeaderElectionOptions {
  coordinator: Coordinator;
  name: string;
  ttlMs: number;
  /** How often to acquire-or-renew; default ttl/3. */
  renewEveryMs?: number;
  /** Became the holder: connect the singleton. */
  onElected: () => void | Promise<void>;
  /** No longer the holder (lost, store unreachable too long, or stopping): disconnect it at once. */
  onDeposed: (why: 'lost' | 'unreachable' | 'stopped') => void | Promise<void>;
  onError?: (e: unknown) => void;
  now?: () => number;
}

export interface LeaderElection {
  start(): void;
  /** Stops campaigning; resigns (default) so another instance takes over without waiting for the TTL. */
  stop(opts?: { resign?: boolean }): Promise<void>;
  isLeader(): boolean;
}

/**
 * Campaigns for the lease `name`. While the store cannot be reached the holder steps down once two thirds of
 * the TTL have passed since its last renewal, before the lease can expire and another instance take it, so two
 * holders never overlap by more than the time a step-down takes.
 */
export function createLeaderElection(opts: LeaderElectionOptions): LeaderElection {
  const now = opts.now ?? Date.now;
  const every = opts.renewEveryMs ?? Math.max(10, Math.floor(opts.ttlMs / 3));
  let leader = false;
  let lastOk = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let inFlight = false;
  let stopped = true;
  const stale = () => leader && now() - lastOk >= (opts.ttlMs * 2) / 3;

  const depose = async (why: 'lost' | 'unreachable' | 'stopped') => {
    if (!leader) return;
    leader = false;
    await opts.onDeposed(why);
  };

  async function tick(): Promise<void> {
    const asked = now();
    let won: boolean;
    try {
      won = await opts.coordinator.leader(opts.name, opts.ttlMs);
    } catch (e) {
      opts.onError?.(e);
      if (stale()) await depose('unreachable');
      return;
    }
    // A call that was in flight when stop() gave up on it must not elect a stopped campaign.
    if (stopped) return;
    if (won) {
      lastOk = asked;
      if (!leader) {
        leader = true;
        await opts.onElected();
      }
    } else {
      await depose('lost');
    }
  }

  const schedule = () => {
    // One tick at a time. A call that hangs must not keep a stale holder connected: step down meanwhile.
    if (inFlight) {
      if (stale()) depose('unreachable').catch((e: unknown) => opts.onError?.(e));
      return;
    }
    inFlight = true;
    running = tick()
      .catch((e: unknown) => opts.onError?.(e))
      .finally(() => {
        inFlight = false;
      });
  };

  return {
    start() {
      if (timer) return;
      stopped = false;
      schedule();
      timer = setInterval(schedule, every);
    },
    async stop({ resign = true } = {}) {
      clearInterval(timer);
      timer = undefined;
      stopped = true;
      // Wait for a tick in flight, but not for a call that hangs.
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((r) => (bound = setTimeout(r, opts.ttlMs)))]);
      clearTimeout(bound);
      const was = leader;
      await depose('stopped');
      if (was && resign) await opts.coordinator.resign(opts.name).catch((e: unknown) => opts.onError?.(e));
    },
    isLeader: () => leader,
  };
}

/** Intervals are aligned to the epoch, so every instance computes the same start without talking to the others. */
export const intervalStart = (nowMs: number, intervalMs: number): number => Math.floor(nowMs / intervalMs) * intervalMs;

export interface FeedClaims<T> {
  intervalStartMs: number;
  /** The feeds this instance fetches in this interval. */
  won: T[];
  /** Call once a won feed's items are safely queued: no instance fetches it again in this interval. */
  complete(feedId: string): Promise<boolean>;
}

/**
 * Claims this interval's feeds for one poll cycle. A feed claimed by an instance that dies before completing it
 * is claimable again after `leaseMs`, i.e. later in the same interval.
 */
export async function claimFeeds<T extends { id: string }>(
  coordinator: Coordinator,
  feeds: readonly T[],
  opts: { nowMs: number; intervalMs: number; leaseMs: number },
): Promise<FeedClaims<T>> {
  const start = intervalStart(opts.nowMs, opts.intervalMs);
  const wins = await Promise.all(feeds.map((f) => coordinator.claimFeedInterval(f.id, start, opts.leaseMs)));
  return {
    intervalStartMs: start,
    won: feeds.filter((_, i) => wins[i]),
    // Held (from the claim's time) to half an interval past the end, so an instance whose clock runs a little
    // slow still finds it done.
    complete: (feedId) => coordinator.completeFeedInterval(feedId, start, start + opts.intervalMs * 1.5 - opts.nowMs),
  };
}
