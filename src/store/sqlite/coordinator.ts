/**
 * Leases in a table of the store file: the Coordinator for processes sharing one SQLite file (`--role poller` and
 * `--role delivery`, or `outbox` commands beside `start`). Each claim is one IMMEDIATE transaction, so SQLite's
 * file lock makes check-and-take atomic across processes; the holders' clocks are the machine's one clock.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Coordinator } from '../../core/ports.js';
import { inTransaction, type Db } from './db.js';

const feedKey = (feedId: string, start: number) => `feed:${feedId}:${start}`;

interface Job {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class SqliteLeases {
  private readonly q;
  private claims = 0;
  private queued: Job[] = [];
  constructor(private readonly db: Db, readonly owner: string, private readonly now: () => number = Date.now) {
    // Each is one statement, so SQLite makes it atomic across processes without an explicit transaction; the
    // coordinator still commits the steps asked for in one tick together (batched).
    this.q = {
      get: db.prepare<[string], { owner: string; until_ms: number }>('SELECT owner, until_ms FROM leases WHERE key = ?'),
      claim: db.prepare(`INSERT INTO leases (key, owner, until_ms) VALUES (@key, @owner, @until)
        ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms WHERE leases.until_ms <= @now`),
      takeFrom: db.prepare('UPDATE leases SET owner = @owner, until_ms = @until WHERE key = @key AND owner = @dead'),
      rewrite: db.prepare('UPDATE leases SET owner = @next, until_ms = @until WHERE key = @key AND owner = @owner AND until_ms > @now'),
      drop: db.prepare('DELETE FROM leases WHERE key = @key AND owner = @owner AND until_ms > @now'),
      hold: db.prepare(`INSERT INTO leases (key, owner, until_ms) VALUES (@key, @owner, @until)
        ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms
        WHERE leases.owner = @owner OR leases.until_ms <= @now`),
      sweep: db.prepare('DELETE FROM leases WHERE until_ms <= ?'),
    };
  }

  /** The live lease's owner has died (a crash on this machine): take it over, if no one else did first. */
  private takeOverDead(key: string, ttlMs: number, now: number): boolean {
    const l = this.q.get.get(key);
    if (!l || l.until_ms <= now || !ownerDied(l.owner)) return false;
    return this.q.takeFrom.run({ key, owner: this.owner, until: now + ttlMs, dead: l.owner }).changes === 1;
  }

  /** Takes `key` for `ttlMs` unless anyone (this process included) holds it. */
  claim(key: string, ttlMs: number): boolean {
    const now = this.now();
    // Feed claims are keyed by interval: expired rows are dropped now and then, or the table grows each interval.
    if (++this.claims % 1000 === 0) this.q.sweep.run(now);
    if (this.q.claim.run({ key, owner: this.owner, until: now + ttlMs, now }).changes === 1) return true;
    return this.takeOverDead(key, ttlMs, now);
  }

  /** Rewrites (or with `next` null, drops) a lease this process holds; false when it expired or another has it. */
  ifOwner(key: string, next: { owner: string; ttlMs: number } | null): boolean {
    const now = this.now();
    const r = next
      ? this.q.rewrite.run({ key, owner: this.owner, next: next.owner, until: now + next.ttlMs, now })
      : this.q.drop.run({ key, owner: this.owner, now });
    return r.changes === 1;
  }

  /**
   * Runs `step` with the other lease steps asked for in the same tick, in one transaction: a poll batch's
   * completions or a chunk of claims then cost one commit instead of one each (each commit is a WAL append and
   * a round of file locks, most of a 304 poll's store cost). Each step stays atomic: the transaction holds the
   * write lock throughout, and a failure rejects every step of the batch (none was written).
   */
  batched<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queued.push({ run: step, resolve: resolve as (v: unknown) => void, reject }) === 1) queueMicrotask(() => this.flush());
    });
  }

  private flush(): void {
    const jobs = this.queued;
    this.queued = [];
    let results: unknown[];
    try {
      results = jobs.length === 1 ? [jobs[0]!.run()] : inTransaction(this.db, () => jobs.map((j) => j.run()));
    } catch (e) {
      for (const j of jobs) j.reject(e);
      return;
    }
    jobs.forEach((j, i) => j.resolve(results[i]));
  }

  /** Marks this process's claim of a feed's interval done (inside the caller's transaction, or alone). */
  completeFeed(feedId: string, start: number, holdMs: number): boolean {
    return this.ifOwner(feedKey(feedId, start), { owner: `done:${this.owner}`, ttlMs: holdMs });
  }

  release(key: string): boolean {
    return this.ifOwner(key, null);
  }

  /** Takes or renews `key` unless another owner holds it (leader election). */
  hold(key: string, ttlMs: number): boolean {
    const now = this.now();
    if (this.q.hold.run({ key, owner: this.owner, until: now + ttlMs, now }).changes === 1) return true;
    return this.takeOverDead(key, ttlMs, now);
  }
}

/**
 * Every process sharing a SQLite file runs on this machine, so a lease whose owner (`host:pid:tag`, the default
 * instance id) is a process of this host that no longer exists is void at once: a bot restarted after a crash
 * takes its channels back without waiting out the TTL. Done markers (`done:…`) stand whoever wrote them.
 */
function ownerDied(owner: string): boolean {
  const m = /^([^:]+):(\d+):[0-9a-f]+$/.exec(owner);
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export const defaultInstanceId = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createSqliteCoordinator(leases: SqliteLeases): Coordinator {
  const me = leases.owner;
  const d = (key: string) => `delivery:${key}`;
  return {
    instanceId: me,
    claimFeedInterval: (feedId, start, ttlMs) => leases.batched(() => leases.claim(feedKey(feedId, start), ttlMs)),
    completeFeedInterval: (feedId, start, holdMs) => leases.batched(() => leases.completeFeed(feedId, start, holdMs)),
    renewFeedInterval: (feedId, start, ttlMs) => leases.batched(() => leases.ifOwner(feedKey(feedId, start), { owner: me, ttlMs })),
    claimDelivery: (key, ttlMs) => leases.batched(() => leases.claim(d(key), ttlMs)),
    renewDelivery: (key, ttlMs) => leases.batched(() => leases.ifOwner(d(key), { owner: me, ttlMs })),
    releaseDelivery: (key) => leases.batched(() => leases.release(d(key))),
    completeDelivery: (key, holdMs) => leases.batched(() => leases.ifOwner(d(key), { owner: `done:${me}`, ttlMs: holdMs })),
    leader: (name, ttlMs) => leases.batched(() => leases.hold(`leader:${name}`, ttlMs)),
    resign: (name) => leases.batched(() => leases.release(`leader:${name}`)),
  };
}
