/**
 * Routing: which channels an alert goes to. A subscription names what it wants; a watchlist hit reaches the
 * channel whatever it wants (except a channel with no subscription at all), because watching a ticker is asking
 * for its news.
 */
import { evaluateFilter, mentionApplies } from './subscription-filter.js';
import type { Alert, AlertKind, Delivery, Subscription } from './types.js';

/** Symbols of a watchlist that an alert names (PLS.AX also matches a watched PILBF and vice versa via listings). */
export function watchedHits(alert: Alert, sub: Subscription, listings: (symbol: string) => readonly string[] = () => []): string[] {
  const hits: string[] = [];
  for (const w of sub.watchlist) {
    const forms = [w.symbol, ...listings(w.symbol)];
    if (forms.some((f) => alert.match.tickers.includes(f))) hits.push(w.symbol);
  }
  return hits;
}

/** True when the item is worth keeping as an alert for anyone: a topic fired or a tracked company is named. */
export function isNewsworthy(alert: Alert): boolean {
  return alert.match.lithiumSupply || alert.match.topics.length > 0 || alert.match.tickers.length > 0;
}

export interface RouteOptions {
  /** Platforms with an active output; subscriptions elsewhere are skipped, not queued forever. */
  platforms: ReadonlySet<string>;
  listings?: (symbol: string) => readonly string[];
}

export function route(alert: Alert, subs: readonly Subscription[], opts: RouteOptions): Delivery[] {
  const out: Delivery[] = [];
  for (const sub of subs) {
    if (!sub.want || sub.failing || !opts.platforms.has(sub.channel.platform)) continue;
    const watched = watchedHits(alert, sub, opts.listings);
    const supply = alert.match.lithiumSupply;
    let kind: AlertKind | undefined;
    if (sub.want === 'lithium-supply') kind = supply ? 'supply' : watched.length ? 'watchlist' : undefined;
    else if (sub.want === 'watchlist') kind = watched.length ? 'watchlist' : undefined;
    else kind = supply ? 'supply' : watched.length ? 'watchlist' : isNewsworthy(alert) ? 'topic' : undefined;
    if (!kind) continue;
    // Filters narrow whatever the subscription would get, watchlist hits included.
    const verdict = evaluateFilter(alert, sub.filter, opts.listings);
    if (!verdict.pass) continue;
    const mention = sub.mention && mentionApplies(alert, sub.mention) ? { kind: sub.mention.kind, id: sub.mention.id } : undefined;
    out.push({ alert, channel: sub.channel, kind, watched, ...(verdict.why ? { filterWhy: verdict.why } : {}), ...(mention ? { mention } : {}) });
  }
  return out;
}
