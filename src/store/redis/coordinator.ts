/**
 * Who does which piece of shared work when several instances run against one store. Each method is a lease
 * with an owner (the instance id) and a time to live: an instance that dies stops renewing, its leases expire
 * and another instance takes the work over. The embedded (SQLite, one process) mode uses the local version.
 */

export interface Coordinator {
  /** This instance's id: the owner written into every lease it takes. */
  readonly instanceId: string;

  /**
   * Claims fetching `feedId` for the interval starting at `intervalStartMs`, for `ttlMs` (long enough for one
   * fetch). True for exactly one caller until the claim expires or is completed.
   */
  claimFeedInterval(feedId: string, intervalStartMs: number, ttlMs: number): Promise<boolean>;
  /**
   * The owner says the interval's fetch is done: the claim then holds for `holdMs` (to the end of the interval
   * at least), so no one fetches the feed again in it. False when the claim was lost meanwhile.
   */
  completeFeedInterval(feedId: string, intervalStartMs: number, holdMs: number): Promise<boolean>;
  /** Extends a feed claim this instance still owns while its poll runs long; false when it was lost. */
  renewFeedInterval(feedId: string, intervalStartMs: number, ttlMs: number): Promise<boolean>;

  /**
   * Claims one piece of delivery work for `ttlMs`: an outbox entry id, or a channel's queue (to keep one
   * channel's deliveries in order, claim `chan:<platform>:<id>` before its entries). Not re-entrant: a second
   * claim of a held key is refused, even from the same instance.
   */
  claimDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Extends a claim this instance still owns; false when it expired or another instance has it now. */
  renewDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back (the work was not done: another instance may take it at once). Owner only. */
  releaseDelivery(key: string): Promise<boolean>;
  /**
   * The work is done: the claim becomes a done marker for `holdMs`, so an instance acting on an older read of
   * the queue cannot claim and redo it. Owner only.
   */
  completeDelivery(key: string, holdMs: number): Promise<boolean>;

  /**
   * Acquires or renews the leader lease `name` (e.g. the one connection to a chat gateway). Call it every
   * ttl/3 or so: true while this instance holds it; a holder that stops calling loses it after `ttlMs`.
   */
  leader(name: string, ttlMs: number): Promise<boolean>;
  /** Steps down at once (graceful shutdown), so another instance takes over without waiting for the TTL. */
  resign(name: string): Promise<boolean>;
}

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
