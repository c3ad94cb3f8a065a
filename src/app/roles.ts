/**
 * What one `start` instance does (`--role`), and the poll schedule under feed leases: each feed group's cron tick
 * is an interval, every instance tries to claim each feed for it, only the winner fetches, and a feed whose
 * claimer died is taken over by another instance later in the same interval.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { describeError, UserError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import type { FeedSpec } from '../feeds/poller.js';
import { claimDeadline, type CycleReport, type FeedLease } from './pipeline.js';

export const ROLES = ['all', 'poller', 'delivery', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export function parseRole(value: string | undefined): Role {
  const v = value ?? 'all';
  if ((ROLES as readonly string[]).includes(v)) return v as Role;
  throw new UserError('BAD_ARGS', `--role must be one of ${ROLES.join(', ')} (got "${v}")`);
}

export interface RoleDuties {
  /** Poll feeds on their schedules (under feed leases) and queue deliveries. */
  poll: boolean;
  /** Drain the outbox (under channel leases) and answer Slack / Discord HTTP commands. */
  deliver: boolean;
  /** Campaign for the Discord gateway leader lease and hold the gateway while elected. */
  gateway: boolean;
}

export function dutiesOf(role: Role): RoleDuties {
  return {
    poll: role === 'all' || role === 'poller',
    deliver: role === 'all' || role === 'delivery',
    gateway: role === 'all' || role === 'gateway',
  };
}

/** The shortest gap between a schedule's next runs: the interval a feed lease covers. */
export function cronIntervalMs(task: Pick<ScheduledTask, 'getNextRuns'>): number {
  const runs = task.getNextRuns(6).map((d) => d.getTime());
  let gap = Infinity;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, (runs[i] ?? 0) - (runs[i - 1] ?? 0));
  return Number.isFinite(gap) && gap > 0 ? gap : 60_000;
}

/** A claim must outlive one poll cycle, and expire early enough in the interval for a takeover. */
export const feedLeaseMs = (intervalMs: number): number => Math.max(100, Math.min(Math.floor(intervalMs / 2), 10 * 60_000));

/**
 * The interval the poll at start-up claims its feeds for. Normally the current one; in its last stretch (past the
 * claim deadline, where the current interval's cycle would refuse every feed) the next one, so a bot started then
 * polls at once and the next tick finds those feeds done instead of fetching them again.
 */
export function startupIntervalStart(nextRunMs: number, intervalMs: number, nowMs: number): number {
  const current = nextRunMs - intervalMs;
  return nowMs >= claimDeadline({ intervalStartMs: current, intervalMs }) ? nextRunMs : current;
}

/** A group's feeds: fixed, or read at each tick (config feeds merged with the chat-added ones, feed-sources.ts). */
export type FeedGroup = readonly FeedSpec[] | (() => Promise<readonly FeedSpec[]>);

export interface PollScheduleOptions {
  /** Cron expression → the feeds polled on it. */
  groups: ReadonlyMap<string, FeedGroup>;
  runCycle: (feeds: readonly FeedSpec[], lease: Omit<FeedLease, 'coordinator'>) => Promise<CycleReport>;
  logger: Logger;
  /** Keeps a promise until it settles, so shutdown can wait for in-flight work. */
  track: <T>(p: Promise<T>) => Promise<T>;
}

export interface PollSchedule {
  /** Polls every group now, for the interval in progress (at start, instead of waiting for the first tick). */
  pollNow(): Promise<void>;
  /** Feeds this instance won in each group's latest interval, summed (the lease-ownership gauge). */
  feedsClaimed(): number;
  stop(): Promise<void>;
}

export function startPollSchedule(opts: PollScheduleOptions): PollSchedule {
  let stopping = false;
  const running = new Map<string, Promise<unknown>>();
  const claimed = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), ms);
      timers.add(t);
    });

  /**
   * One cycle of a group at a time: a tick that finds the previous interval's cycle still running waits for it,
   * then polls its own interval if that has not ended meanwhile (skipping it would leave its feeds unfetched).
   */
  async function cycle(expr: string, feeds: readonly FeedSpec[], lease: Omit<FeedLease, 'coordinator'>, key: string): Promise<FeedSpec[]> {
    const prev = running.get(key);
    const mine = (async () => {
      await prev?.catch(() => undefined);
      if (stopping) return [];
      if (Date.now() >= lease.intervalStartMs + lease.intervalMs) {
        opts.logger.warn('poll cycle skipped: the previous one ran past this whole interval', { schedule: expr });
        return [];
      }
      try {
        return (await opts.track(opts.runCycle(feeds, lease))).refused;
      } catch (e) {
        opts.logger.error('poll cycle failed', { schedule: expr, error: describeError(e) });
        return [];
      }
    })();
    running.set(key, mine);
    try {
      return await mine;
    } finally {
      if (running.get(key) === mine) running.delete(key);
    }
  }

  /**
   * One interval: claim and poll, then retry the feeds others held until the interval ends. A claim whose owner
   * died expires after leaseMs and is won by a retry; a feed its owner completed stays refused.
   */
  async function interval(expr: string, group: FeedGroup, startMs: number, intervalMs: number): Promise<void> {
    let feeds: readonly FeedSpec[];
    try {
      feeds = typeof group === 'function' ? await group() : group;
    } catch (e) {
      opts.logger.error('poll cycle skipped: its feed list could not be read', { schedule: expr, error: describeError(e) });
      return;
    }
    // The default schedule ticks for chat-added feeds even while there are none: nothing to claim or poll then.
    if (feeds.length === 0) {
      claimed.set(expr, 0);
      return;
    }
    const leaseMs = feedLeaseMs(intervalMs);
    const lease = { intervalStartMs: startMs, intervalMs, leaseMs };
    let left = await cycle(expr, feeds, lease, expr);
    claimed.set(expr, feeds.length - left.length);
    const step = Math.max(100, Math.floor(leaseMs / 4));
    for (let at = startMs + leaseMs + step / 2; left.length && !stopping && at < claimDeadline(lease); at += step) {
      await later(Math.max(0, at - Date.now()));
      if (stopping) break;
      const before = left.length;
      left = await cycle(expr, left, lease, `${expr} takeover`);
      if (left.length < before) {
        claimed.set(expr, (claimed.get(expr) ?? 0) + before - left.length);
        opts.logger.info('took over feeds another instance claimed and did not finish', { schedule: expr, feeds: before - left.length });
      }
    }
  }

  const tasks: { expr: string; feeds: FeedGroup; task: ScheduledTask; intervalMs: number }[] = [];
  for (const [expr, feeds] of opts.groups) {
    const entry = { expr, feeds, intervalMs: 60_000, task: undefined as unknown as ScheduledTask };
    // The tick's scheduled time (whole seconds, identical on every instance) names the interval.
    entry.task = cron.schedule(expr, (ctx) => void interval(expr, feeds, ctx.date.getTime(), entry.intervalMs), { name: `poll ${expr}`, noOverlap: true });
    entry.intervalMs = cronIntervalMs(entry.task);
    tasks.push(entry);
  }

  return {
    async pollNow() {
      await Promise.all(
        tasks.map((t) => {
          const next = t.task.getNextRun()?.getTime() ?? Date.now() + t.intervalMs;
          return interval(t.expr, t.feeds, startupIntervalStart(next, t.intervalMs, Date.now()), t.intervalMs);
        }),
      );
    },
    feedsClaimed: () => [...claimed.values()].reduce((a, b) => a + b, 0),
    async stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const t of tasks) await t.task.stop();
    },
  };
}
