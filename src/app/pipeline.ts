/**
 * One cycle of the main job: poll → match → record → route → outbox → deliver.
 * Data moves one way; each stage takes plain data and returns plain data.
 */
import { describeError } from '../core/errors.js';
import type { AlertLog, Clock, Logger, Outbox, SubscriptionStore } from '../core/ports.js';
import { isNewsworthy, route } from '../core/route.js';
import type { Universe } from '../core/symbols.js';
import type { Alert, Delivery, Matcher, NewsItem } from '../core/types.js';
import type { Deliverer, DrainResult } from '../delivery/deliverer.js';
import { alertIdFor, type FeedPollResult, type FeedSpec, type Poller } from '../feeds/poller.js';

export interface PipelineDeps {
  poller: Poller;
  matcher: Matcher;
  universe: Universe;
  subscriptions: SubscriptionStore;
  alerts: AlertLog;
  outbox: Outbox;
  deliverer: Deliverer;
  /** Platforms with an active output. */
  platforms: ReadonlySet<string>;
  clock: Clock;
  logger: Logger;
}

export interface CycleReport {
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

export async function runCycle(deps: PipelineDeps, feeds: readonly FeedSpec[]): Promise<CycleReport> {
  const results = await deps.poller.pollAll(feeds);
  const items = results.flatMap((r) => r.items);
  const subs = await deps.subscriptions.list();
  // Watchlist entries with a company name outside the universe become part of it for matching.
  const extra = subs.flatMap((s) => s.watchlist).filter((w): w is { symbol: string; name: string } => !!w.name && !deps.universe.get(w.symbol));
  const alerts = matchItems(items, deps, extra);
  const listings = (sym: string) => deps.universe.get(sym)?.listings ?? [];
  const deliveries: Delivery[] = [];
  for (const alert of alerts) {
    await deps.alerts.record(alert);
    deliveries.push(...route(alert, subs, { platforms: deps.platforms, listings }));
  }
  await deps.outbox.enqueue(deliveries, deps.clock.now());
  for (const r of results) await r.commit?.();
  const delivery = await deps.deliverer.drain();
  deps.logger.info('poll cycle done', {
    feeds: feeds.length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    notModified: results.filter((r) => r.outcome === 'not-modified').length,
    items: items.length,
    alerts: alerts.length,
    queued: deliveries.length,
    ...delivery,
  });
  return { feeds: results, items: items.length, alerts, deliveries, delivery };
}
