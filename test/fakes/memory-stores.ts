/** In-memory implementations of the store ports, for tests of code that only needs the port's behaviour. */
import type { AlertLog, FeedState, FeedStateStore, SeenStore, SubscriptionStore } from '../../src/core/ports.js';
import type { Alert, ChannelRef, Subscription } from '../../src/core/types.js';

const key = (c: ChannelRef) => `${c.platform}:${c.id}`;

export class MemorySubscriptions implements SubscriptionStore {
  readonly map = new Map<string, Subscription>();
  async get(c: ChannelRef) { return structuredClone(this.map.get(key(c))); }
  async put(s: Subscription) { this.map.set(key(s.channel), structuredClone(s)); }
  async remove(c: ChannelRef) { this.map.delete(key(c)); }
  async list() { return [...this.map.values()].map((s) => structuredClone(s)); }
}

export class MemorySeen implements SeenStore {
  readonly map = new Map<string, Map<string, number>>();
  async unseen(feedId: string, ids: readonly string[]) {
    const m = this.map.get(feedId);
    return ids.filter((id) => !m?.has(id));
  }
  async markSeen(feedId: string, ids: readonly string[], at: Date) {
    const m = this.map.get(feedId) ?? new Map<string, number>();
    for (const id of ids) m.set(id, at.getTime());
    this.map.set(feedId, m);
  }
  async prune(feedId: string, before: Date) {
    const m = this.map.get(feedId);
    let n = 0;
    for (const [id, t] of m ?? []) if (t < before.getTime()) { m?.delete(id); n++; }
    return n;
  }
}

export class MemoryFeedStates implements FeedStateStore {
  readonly map = new Map<string, FeedState>();
  async get(id: string) { return structuredClone(this.map.get(id)); }
  async put(s: FeedState) { this.map.set(s.feedId, structuredClone(s)); }
  async list() { return [...this.map.values()]; }
  async remove(id: string) { this.map.delete(id); }
}

export class MemoryAlertLog implements AlertLog {
  readonly alerts: Alert[] = [];
  readonly delivered = new Map<string, string>();
  async record(a: Alert) { this.alerts.unshift(structuredClone(a)); }
  async latestFor(symbol: string, limit: number) {
    return this.alerts.filter((a) => a.match.tickers.includes(symbol)).slice(0, limit);
  }
  async lastDeliveredAt(c?: ChannelRef) {
    if (c) return this.delivered.get(key(c));
    return [...this.delivered.values()].sort().at(-1);
  }
  async markDelivered(c: ChannelRef, at: string) { this.delivered.set(key(c), at); }
}
