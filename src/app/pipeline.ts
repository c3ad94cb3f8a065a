/**
 * One cycle of the main job: poll → match → record → route → outbox → deliver.
 * Data moves one way; each stage takes plain data and returns plain data.
 */
import { describeError } from '../core/errors.js';
import type { AlertLog, Clock, Logger, Outbox, PollCommitter, SubscriptionStore } from '../core/ports.js';
import { isNewsworthy, route } from '../core/route.js';
import type { Universe } from '../core/symbols.js';
import type { Alert, Delivery, Matcher, NewsItem } from '../core/types.js';
import type { Deliverer, DrainResult } from '../delivery/deliverer.js';
import { alertIdFor, type FeedPollResult, type FeedSpec, type Poller } from '../feeds/poller.js';
import type { Coordinator } from '../core/ports.js';
import { noMetrics, type MetricsSink } from './metrics.js';
import type { StoriesStage } from './stories-stage.js';
import type { Digests } from './digests.js';
import type { HealthNotices } from './health-notices.js';
import { refusedWords } from './refused-words.js';

export interface PipelineDeps {
  poller: Poller;
  matcher: Matcher;
  universe: Universe;
  subscriptions: SubscriptionStore;
  alerts: AlertLog;
  outbox: Outbox;
  /** Commits a batch's outbox entries with its feeds' seen items in one step (absent: one write after another). */
  committer?: PollCommitter;
  deliverer: Deliverer;
  /** Platforms with an active output. */
  platforms: ReadonlySet<string>;
  clock: Clock;
  logger: Logger;
  metrics?: MetricsSink;
  /** Feeds polled at once under a lease (without one, the poller's own setting applies). */
  pollConcurrency?: number;
  /** Drain the outbox at the end of the cycle (default true; a poller-only instance leaves it to others). */
  drain?: boolean;
  /** Story grouping: later reports of a story edit its alert instead of posting again (absent: off). */
  stories?: StoriesStage;
  /** Holds deliveries for channels on a digest or in quiet hours (absent: everything goes out at once). */
  digests?: Pick<Digests, 'hold'>;
  /** Feed health notices after repeated failures and on recovery (absent: none). */
  healthNotices?: HealthNotices;
}

/**
 * Fetch each feed once per interval across instances: claim (feed, interval) before polling, skip feeds another
 * instance holds or has done, and mark the claim done once the feed's items are queued and committed.
 */
export interface FeedLease {
  coordinator: Coordinator;
  /** The interval's start (its scheduled tick), the same on every instance. */
  intervalStartMs: number;
  intervalMs: number;
  /** How long a claim holds before another instance may take the feed over (it must cover one cycle). */
  leaseMs: number;
}

/** The last moment a feed may be claimed for an interval: a tenth of it (at most 30 s) before its end. */
export const claimDeadline = (lease: Pick<FeedLease, 'intervalStartMs' | 'intervalMs'>): number =>
  lease.intervalStartMs + lease.intervalMs - Math.min(lease.intervalMs / 10, 30_000);

export interface CycleReport {
  /** Feeds another instance holds or has done this interval (empty without a lease). */
  refused: FeedSpec[];
  /** Each feed polled, in order; with a lease without its items (counted in `items`) nor commit. */
  feeds: FeedPollResult[];
  items: number;
  alerts: Alert[];
  deliveries: Delivery[];
  delivery: DrainResult;
}

export function matchItems(items: readonly NewsItem[], deps: Pick<PipelineDeps, 'matcher' | 'clock' | 'logger'>, extra: { symbol: string; name: string }[]): Alert[] {
  const out: Alert[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    try {
      const match = deps.matcher.match(item, { extra });
      const alert: Alert = { id: alertIdFor(item), item, match, matchedAt: deps.clock.now().toISOString() };
      if (!isNewsworthy(alert) || seen.has(alert.id)) continue;
      seen.add(alert.id);
      out.push(alert);
    } catch (e) {
      deps.logger.error('matcher failed on an item; skipped', { feed: item.feedId, item: item.id.slice(0, 200), error: describeError(e) });
    }
  }
  return out;
}

const NO_DRAIN: DrainResult = { sent: 0, retried: 0, dead: 0, waiting: 0 };

/**
 * Polls the feeds `concurrency` at a time and hands each result on as soon as it settles, so one slow feed never
 * holds back the others' alerts. With a lease (`start`), it also claims the feeds just before polling them, `concurrency` at a time, so instances that tick together share the
 * feeds instead of the first one claiming them all. Each instance starts at its own place in the list, which
 * keeps them from contending for the same feeds. Returns the feeds refused (another instance has them).
 */
async function pollStreaming(
  deps: PipelineDeps,
  feeds: readonly FeedSpec[],
  lease: FeedLease | undefined,
  onResult: (r: FeedPollResult) => void,
  onClaimed: (feedId: string) => void = () => undefined,
): Promise<FeedSpec[]> {
  const start = lease && feeds.length ? Math.floor(Math.random() * feeds.length) : 0;
  const order = [...feeds.slice(start), ...feeds.slice(0, start)];
  const refused: FeedSpec[] = [];
  const workers = Math.max(1, Math.min(deps.pollConcurrency ?? 8, order.length));
  let late = 0;
  let next = 0;
  // With a lease, feeds are claimed a chunk at a time (one chunk per worker count, asked for at once, so the
  // store commits the chunk's claims together) just before they are polled.
  const ready: FeedSpec[] = [];
  let claiming: Promise<void> | undefined;
  const claimChunk = (held: FeedLease) =>
    (claiming ??= (async () => {
      // A feed claimed at the very end of its interval would be fetched during the next one, on top of that
      // interval's own poll: under overload the rest of the list waits for the next tick instead.
      if (Date.now() >= claimDeadline(held)) {
        late += order.length - next;
        next = order.length;
        return;
      }
      const chunk = order.slice(next, next + workers);
      next += chunk.length;
      const won = await Promise.all(chunk.map((f) => held.coordinator.claimFeedInterval(f.id, held.intervalStartMs, held.leaseMs)));
      chunk.forEach((f, i) => {
        if (!won[i]) return void refused.push(f);
        onClaimed(f.id);
        ready.push(f);
      });
    })().finally(() => (claiming = undefined)));
  const nextFeed = async (): Promise<FeedSpec | undefined> => {
    if (!lease) return order[next++];
    while (!ready.length && (next < order.length || claiming)) await claimChunk(lease);
    return ready.shift();
  };
  const worker = async () => {
    for (let feed = await nextFeed(); feed; feed = await nextFeed()) {
      try {
        onResult(await deps.poller.pollFeed(feed));
      } catch (e) {
        deps.logger.error('feed poll crashed', { feed: feed.id, error: describeError(e) });
        onResult({ feedId: feed.id, outcome: 'failed', items: [], error: describeError(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  if (late) deps.logger.warn('poll cycle reached the end of its interval; the feeds left wait for the next one', { feeds: late });
  return refused;
}

const sumDrains = (rs: Iterable<DrainResult>): DrainResult => {
  const out = { ...NO_DRAIN };
  for (const r of rs) {
    out.sent += r.sent;
    out.retried += r.retried;
    out.dead += r.dead;
    out.waiting = r.waiting;
  }
  return out;
};

/**
 * What each feed yields is queued, committed and sent while the rest of the cycle still polls, so an alert goes
 * out about as soon as its feed is read rather than after the slowest feed. With a lease (`start`), feeds are
 * claimed one by one and each claim is marked done once its result is committed.
 */
export async function runCycle(deps: PipelineDeps, feeds: readonly FeedSpec[], lease?: FeedLease): Promise<CycleReport> {
  const metrics = deps.metrics ?? noMetrics;
  const subs = await deps.subscriptions.list();
  // Watchlist entries with a company name outside the universe become part of it for matching.
  const extra = subs.flatMap((s) => s.watchlist).filter((w): w is { symbol: string; name: string } => !!w.name && !deps.universe.get(w.symbol));
  const listings = (sym: string) => deps.universe.get(sym)?.listings ?? [];
  const report: CycleReport = { refused: [], feeds: [], items: 0, alerts: [], deliveries: [], delivery: NO_DRAIN };
  const alertIds = new Set<string>();
  const feedsById = new Map(feeds.map((f) => [f.id, f]));
  const drains: Promise<DrainResult>[] = [];
  // A claim is renewed until its result is committed, so a poll slowed by load never lets another instance
  // take the same feed in the same interval; a dead instance stops renewing and its claims expire.
  const renewals = new Map<string, ReturnType<typeof setInterval>>();
  const keepClaim = (feedId: string) => {
    if (!lease) return;
    const t = setInterval(() => {
      void lease.coordinator.renewFeedInterval(feedId, lease.intervalStartMs, lease.leaseMs).catch(() => undefined);
    }, Math.max(50, lease.leaseMs / 3));
    t.unref();
    renewals.set(feedId, t);
  };
  const dropClaim = (feedId: string) => {
    clearInterval(renewals.get(feedId));
    renewals.delete(feedId);
  };

  const settle = async (batch: FeedPollResult[]) => {
    const items = batch.flatMap((r) => r.items);
    // The same story in two feeds of one cycle is one alert.
    const alerts = matchItems(items, deps, extra).filter((a) => !alertIds.has(a.id) && alertIds.add(a.id));
    const deliveries: Delivery[] = [];
    for (const alert of alerts) {
      await deps.alerts.record(alert);
      const routed = route(alert, subs, { platforms: deps.platforms, listings });
      deliveries.push(...(deps.stories ? await deps.stories.place(alert, routed) : routed));
    }
    // Health notices are queued with the batch but never held for a digest: they are about the bot, not news.
    const health = deps.healthNotices?.plan(batch, feedsById, subs);
    const queued = [...(deps.digests ? await deps.digests.hold(deliveries, subs) : deliveries), ...(health?.deliveries ?? [])];
    // Done until half an interval past its end, so an instance whose clock runs a little slow still skips it.
    const claim = lease && { intervalStartMs: lease.intervalStartMs, holdMs: Math.max(lease.leaseMs, lease.intervalStartMs + lease.intervalMs * 1.5 - Date.now()) };
    const claimLost = (feedId: string) =>
      deps.logger.warn('feed claim expired before the poll was committed; another instance may fetch it again', { feed: feedId, leaseMs: lease?.leaseMs });
    // With a committer, the alerts' outbox entries, their feeds' seen items and the feeds' claims marked done are
    // one commit (one transaction where the engine has them).
    const together = new Set(deps.committer ? batch.filter((r) => r.pending) : []);
    if (deps.committer) {
      const done = await deps.committer.commit(queued, deps.clock.now(), [...together].map((r) => ({ ...r.pending!, claim })));
      done.claimsLost.forEach(claimLost);
    } else await deps.outbox.enqueue(queued, deps.clock.now());
    metrics.count('lw_alerts_matched_total', alerts.length);
    // A long cycle (start) does not hold every parsed item until its end: the report keeps their count only.
    report.feeds.push(...(lease ? batch.map((r) => ({ feedId: r.feedId, outcome: r.outcome, items: [], error: r.error })) : batch));
    report.items += items.length;
    report.alerts.push(...alerts);
    report.deliveries.push(...deliveries);
    await Promise.all(batch.map(async (r) => {
      if (!together.has(r)) await r.commit?.();
      dropClaim(r.feedId);
      if (together.has(r)) return;
      if (lease && claim && !(await lease.coordinator.completeFeedInterval(r.feedId, lease.intervalStartMs, claim.holdMs))) claimLost(r.feedId);
    }));
    // After the feeds' own state writes, which would otherwise overwrite the marks.
    await health?.mark();
    if ((deliveries.length || health?.deliveries.length) && deps.drain !== false) drains.push(deps.deliverer.drain());
  };

  {
    // Results are settled in batches as they come (one batch at a time, in arrival order).
    const buffer: FeedPollResult[] = [];
    let pumping: Promise<void> | undefined;
    let failure: unknown;
    const pump = (): Promise<void> =>
      (pumping ??= (async () => {
        for (let batch = buffer.splice(0); batch.length; batch = buffer.splice(0)) {
          try {
            await settle(batch);
          } catch (e) {
            failure ??= e;
          }
        }
      })().finally(() => {
        pumping = undefined;
        if (buffer.length) void pump();
      }));
    try {
      report.refused = await pollStreaming(deps, feeds, lease, (r) => {
        buffer.push(r);
        void pump();
      }, keepClaim);
      while (pumping || buffer.length) await (pumping ?? pump());
    } finally {
      for (const id of [...renewals.keys()]) dropClaim(id);
    }
    if (failure) throw failure;
    if (lease) {
      metrics.count('lw_feed_claims_won_total', report.feeds.length);
      metrics.count('lw_feed_claims_refused_total', report.refused.length);
    }
  }
  // Results arrive in completion order; the report lists feeds in config order.
  const position = new Map(feeds.map((f, i) => [f.id, i]));
  report.feeds.sort((a, b) => (position.get(a.feedId) ?? 0) - (position.get(b.feedId) ?? 0));
  const last = deps.drain === false ? NO_DRAIN : await deps.deliverer.drain();
  // Callers that join a running drain share its result: count each once.
  report.delivery = sumDrains(new Set([...(await Promise.all(drains)), last]));
  const results = report.feeds;
  // Feeds refused under a lease are said in words once per cycle; the JSON keeps the count for machines.
  const nextPollMs = lease ? lease.intervalStartMs + lease.intervalMs : 0;
  const refusedNote = lease && report.refused.length ? `: ${refusedWords(report.refused.length, nextPollMs, deps.clock.now().getTime())}` : '';
  deps.logger.info(`poll cycle done${refusedNote}`, {
    feeds: results.length,
    ...(lease ? { refused: report.refused.length } : {}),
    ...(refusedNote ? { nextPoll: new Date(nextPollMs).toISOString() } : {}),
    failed: results.filter((r) => r.outcome === 'failed').length,
    notModified: results.filter((r) => r.outcome === 'not-modified').length,
    items: report.items,
    alerts: report.alerts.length,
    queued: report.deliveries.length,
    ...report.delivery,
  });
  return report;
}
