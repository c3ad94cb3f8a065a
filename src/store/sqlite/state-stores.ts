/**
 * Subscriptions (with their watchlists as rows), seen items, feed states and the alert log as SQLite tables.
 * Every write touches only its own rows, so its cost does not grow with the number of feeds or channels.
 */
import type { AlertLog, FeedState, FeedStateStore, SeenStore, SubscriptionStore } from '../../core/ports.js';
import type { Alert, ChannelRef, Subscription } from '../../core/types.js';
import { inTransaction, type Db } from './db.js';

export const chanKey = (c: ChannelRef): string => `${c.platform}:${c.id}`;
const DAY = 86_400_000;
/** The alert log keeps the newest this many per symbol for /ticker; older rows stay until the retention. */
export const ALERTS_PER_SYMBOL = 20;

export class SqliteSubscriptions implements SubscriptionStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      get: db.prepare<[string], { data: string }>('SELECT data FROM subscriptions WHERE channel = ?'),
      list: db.prepare<[], { data: string }>('SELECT data FROM subscriptions ORDER BY rowid'),
      upsert: db.prepare(`INSERT INTO subscriptions (channel, platform, channel_id, want, origin, updated_at, data)
        VALUES (@channel, @platform, @channelId, @want, @origin, @updatedAt, @data)
        ON CONFLICT (channel) DO UPDATE SET want = excluded.want, origin = excluded.origin,
          updated_at = excluded.updated_at, data = excluded.data`),
      clearWatch: db.prepare('DELETE FROM watchlist WHERE channel = ?'),
      addWatch: db.prepare('INSERT INTO watchlist (channel, position, symbol, name) VALUES (?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM subscriptions WHERE channel = ?'),
    };
  }
  async get(c: ChannelRef): Promise<Subscription | undefined> {
    const row = this.q.get.get(chanKey(c));
    return row ? (JSON.parse(row.data) as Subscription) : undefined;
  }
  async put(s: Subscription): Promise<void> {
    const channel = chanKey(s.channel);
    inTransaction(this.db, () => {
      this.q.upsert.run({ channel, platform: s.channel.platform, channelId: s.channel.id, want: s.want, origin: s.origin, updatedAt: s.updatedAt, data: JSON.stringify(s) });
      this.q.clearWatch.run(channel);
      s.watchlist.forEach((w, i) => this.q.addWatch.run(channel, i, w.symbol, w.name ?? null));
    });
  }
  async remove(c: ChannelRef): Promise<void> {
    this.q.remove.run(chanKey(c));
  }
  async list(): Promise<Subscription[]> {
    return this.q.list.all().map((r) => JSON.parse(r.data) as Subscription);
  }
}

export class SqliteSeen implements SeenStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      seen: db.prepare<[string, string], { item_id: string }>(
        'SELECT item_id FROM seen WHERE feed_id = ? AND item_id IN (SELECT value FROM json_each(?))'),
      mark: db.prepare('INSERT INTO seen (feed_id, item_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET seen_at = excluded.seen_at'),
      prune: db.prepare('DELETE FROM seen WHERE feed_id = ? AND seen_at < ?'),
    };
  }
  async unseen(feedId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const known = new Set(this.q.seen.all(feedId, JSON.stringify(ids)).map((r) => r.item_id));
    return ids.filter((id) => !known.has(id));
  }
  async markSeen(feedId: string, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length) inTransaction(this.db, () => this.markSeenNow(feedId, ids, at));
  }
  /** For a caller already inside a transaction (the pipeline's commit of a feed's poll). */
  markSeenNow(feedId: string, ids: readonly string[], at: Date): void {
    for (const id of ids) this.q.mark.run(feedId, id, at.getTime());
  }
  async prune(feedId: string, before: Date): Promise<number> {
    return this.pruneNow(feedId, before);
  }
  pruneNow(feedId: string, before: Date): number {
    return this.q.prune.run(feedId, before.getTime()).changes;
  }
}

/** Failed polls are kept this long for the dashboard's chart. */
export const FEED_FAILURE_RETENTION_MS = 30 * DAY;

export class SqliteFeedStates implements FeedStateStore {
  private readonly q;
  private failures = 0;
  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.q = {
      get: db.prepare<[string], { state: string }>('SELECT state FROM feeds WHERE feed_id = ?'),
      list: db.prepare<[], { state: string }>('SELECT state FROM feeds ORDER BY rowid'),
      put: db.prepare(`INSERT INTO feeds (feed_id, state, last_poll_at, failures, next_attempt_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (feed_id) DO UPDATE SET state = excluded.state, last_poll_at = excluded.last_poll_at,
          failures = excluded.failures, next_attempt_at = excluded.next_attempt_at`),
      // Keyed by (feed, time of the error): saving the same failed state again adds nothing.
      failure: db.prepare('INSERT INTO feed_failures (feed_id, at, code, message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      expireFailures: db.prepare('DELETE FROM feed_failures WHERE at < ?'),
      remove: db.prepare('DELETE FROM feeds WHERE feed_id = ?'),
    };
  }
  async get(feedId: string): Promise<FeedState | undefined> {
    const row = this.q.get.get(feedId);
    return row ? (JSON.parse(row.state) as FeedState) : undefined;
  }
  /** One row written: a 304 costs the same with ten feeds or ten thousand. */
  async put(s: FeedState): Promise<void> {
    this.putNow(s);
  }
  putNow(s: FeedState): void {
    this.q.put.run(s.feedId, JSON.stringify(s), s.lastPollAt ?? null, s.consecutiveFailures, s.nextAttemptAt ?? null);
    const at = s.lastError && s.consecutiveFailures > 0 ? Date.parse(s.lastError.at) : NaN;
    if (s.lastError && Number.isFinite(at)) {
      this.q.failure.run(s.feedId, at, s.lastError.code, s.lastError.message.slice(0, 500));
      if (++this.failures % 100 === 1) this.q.expireFailures.run(this.now() - FEED_FAILURE_RETENTION_MS);
    }
  }
  async list(): Promise<FeedState[]> {
    return this.q.list.all().map((r) => JSON.parse(r.state) as FeedState);
  }
  /** The state only: its past failures stay in the chart until they expire, as history. */
  async remove(feedId: string): Promise<void> {
    this.q.remove.run(feedId);
  }
}

export class SqliteAlertLog implements AlertLog {
  private readonly q;
  private writes = 0;
  constructor(private readonly db: Db, private readonly retentionMs = 30 * DAY, private readonly now: () => number = Date.now) {
    this.q = {
      put: db.prepare(`INSERT INTO alerts (id, matched_at, recorded_at, data) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET matched_at = excluded.matched_at, recorded_at = excluded.recorded_at, data = excluded.data`),
      symbol: db.prepare(`INSERT INTO alert_symbols (symbol, alert_id, seq)
        VALUES (@sym, @id, (SELECT coalesce(max(seq), 0) + 1 FROM alert_symbols WHERE symbol = @sym))
        ON CONFLICT DO UPDATE SET seq = excluded.seq`),
      latest: db.prepare<[string, number], { data: string }>(`SELECT a.data FROM alert_symbols s JOIN alerts a ON a.id = s.alert_id
        WHERE s.symbol = ? ORDER BY s.seq DESC LIMIT ?`),
      expire: db.prepare('DELETE FROM alerts WHERE recorded_at < ?'),
      lastAt: db.prepare<[string], { at: string }>('SELECT at FROM last_delivery WHERE channel = ?'),
      setLast: db.prepare('INSERT INTO last_delivery (channel, at) VALUES (?, ?) ON CONFLICT DO UPDATE SET at = excluded.at'),
    };
  }
  async record(alert: Alert): Promise<void> {
    const now = this.now();
    inTransaction(this.db, () => {
      this.q.put.run(alert.id, alert.matchedAt, now, JSON.stringify(alert));
      for (const sym of new Set(alert.match.tickers)) this.q.symbol.run({ sym, id: alert.id });
      // Old alerts go now and then, not on every write.
      if (++this.writes % 200 === 1) this.q.expire.run(now - this.retentionMs);
    });
  }
  async latestFor(symbol: string, limit: number): Promise<Alert[]> {
    const n = Math.max(0, Math.min(limit, ALERTS_PER_SYMBOL));
    return n ? this.q.latest.all(symbol, n).map((r) => JSON.parse(r.data) as Alert) : [];
  }
  async lastDeliveredAt(c?: ChannelRef): Promise<string | undefined> {
    return this.q.lastAt.get(c ? chanKey(c) : '*')?.at;
  }
  async markDelivered(c: ChannelRef, at: string): Promise<void> {
    inTransaction(this.db, () => {
      this.q.setLast.run(chanKey(c), at);
      this.q.setLast.run('*', at);
    });
  }
}
