/**
 * The one-process Coordinator: the lease rules kept in memory. It serves an engine whose store only one process
 * writes, and tests of code that needs a coordinator; stores shared by several processes come with their own.
 */
import type { Coordinator } from '../core/ports.js';

export interface LocalCoordinatorOptions {
  instanceId?: string;
  /** Milliseconds now; tests pass a fake. */
  now?: () => number;
}

/**
 * The one-process version: the same lease rules kept in memory. With a single instance every claim is granted
 * unless this same process already holds it, which stops two overlapping drains or polls from doing one piece
 * of work twice.
 */
export function createLocalCoordinator(opts: LocalCoordinatorOptions = {}): Coordinator {
  const instanceId = opts.instanceId ?? 'local';
  const now = opts.now ?? Date.now;
  const leases = new Map<string, { owner: string; until: number }>();

  const live = (key: string) => {
    const l = leases.get(key);
    if (l && l.until <= now()) {
      leases.delete(key);
      return undefined;
    }
    return l;
  };
  let claimsSinceSweep = 0;
  // Feed claims are keyed by interval, so expired ones must be dropped or the map grows every interval.
  const sweep = () => {
    const t = now();
    for (const [key, l] of leases) if (l.until <= t) leases.delete(key);
  };
  const claim = (key: string, ttlMs: number) => {
    if (++claimsSinceSweep >= 1000) {
      claimsSinceSweep = 0;
      sweep();
    }
    if (live(key)) return false;
    leases.set(key, { owner: instanceId, until: now() + ttlMs });
    return true;
  };
  const ifOwner = (key: string, fn: () => void) => {
    if (live(key)?.owner !== instanceId) return false;
    fn();
    return true;
  };
  const feedKey = (feedId: string, start: number) => `feed:${feedId}:${start}`;

  return {
    instanceId,
    claimFeedInterval: async (feedId, start, ttlMs) => claim(feedKey(feedId, start), ttlMs),
    completeFeedInterval: async (feedId, start, holdMs) =>
      ifOwner(feedKey(feedId, start), () => leases.set(feedKey(feedId, start), { owner: `done:${instanceId}`, until: now() + holdMs })),
    renewFeedInterval: async (feedId, start, ttlMs) =>
      ifOwner(feedKey(feedId, start), () => leases.set(feedKey(feedId, start), { owner: instanceId, until: now() + ttlMs })),
    claimDelivery: async (key, ttlMs) => claim(`delivery:${key}`, ttlMs),
    renewDelivery: async (key, ttlMs) => ifOwner(`delivery:${key}`, () => leases.set(`delivery:${key}`, { owner: instanceId, until: now() + ttlMs })),
    releaseDelivery: async (key) => ifOwner(`delivery:${key}`, () => leases.delete(`delivery:${key}`)),
    completeDelivery: async (key, holdMs) =>
      ifOwner(`delivery:${key}`, () => leases.set(`delivery:${key}`, { owner: `done:${instanceId}`, until: now() + holdMs })),
    leader: async (name, ttlMs) => {
      const l = live(`leader:${name}`);
      if (l && l.owner !== instanceId) return false;
      leases.set(`leader:${name}`, { owner: instanceId, until: now() + ttlMs });
      return true;
    },
    resign: async (name) => ifOwner(`leader:${name}`, () => leases.delete(`leader:${name}`)),
  };
}
