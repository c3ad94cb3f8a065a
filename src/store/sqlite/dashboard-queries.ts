/**
 * The dashboard's reads on SQLite: the alert log newest first through its time index, filters as EXISTS
 * lookups (alert_symbols for a ticker, the outbox's unique id for a channel, the JSON for topic and feed), and the
 * outbox rows of an alert by an id range (`<alert id>|…`), so a page of 50 alerts costs 50 index probes.
 */
import type { AlertPage, AlertPageQuery, AlertTopics, DashboardQueries, FeedFailureEvent, PostTimes } from '../../core/dashboard-queries.js';
import type { OutboxEntry, StoredStory } from '../../core/ports.js';
import type { Story } from '../../core/stories.js';
import type { Alert } from '../../core/types.js';
import type { Db } from './db.js';
import { chanKey } from './state-stores.js';

interface FilterParams {
  ticker: string | null;
  topic: string | null;
  feed: string | null;
  chan: string | null;
  limit: number;
  offset: number;
}

export class SqliteDashboardQueries implements DashboardQueries {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      page: db.prepare<[FilterParams], { data: string }>(`SELECT a.data FROM alerts a
        WHERE (@ticker IS NULL OR EXISTS (SELECT 1 FROM alert_symbols s WHERE s.symbol = @ticker AND s.alert_id = a.id))
          AND (@topic IS NULL OR EXISTS (SELECT 1 FROM json_each(a.data, '$.match.topics') t WHERE t.value = @topic))
          AND (@feed IS NULL OR json_extract(a.data, '$.item.feedId') = @feed)
          AND (@chan IS NULL OR EXISTS (SELECT 1 FROM outbox o WHERE o.id = a.id || '|' || @chan))
        ORDER BY a.recorded_at DESC, a.rowid DESC LIMIT @limit OFFSET @offset`),
      byId: db.prepare<[string], { data: string }>('SELECT data FROM alerts WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM alerts'),
      since: db.prepare<[number, number], { data: string }>(
        'SELECT data FROM alerts WHERE recorded_at >= ? ORDER BY recorded_at DESC, rowid DESC LIMIT ?'),
      topics: db.prepare<[number, number], { matched_at: string; topics: string | null }>(
        `SELECT matched_at, json_extract(data, '$.match.topics') AS topics FROM alerts WHERE recorded_at >= ? ORDER BY recorded_at DESC, rowid DESC LIMIT ?`),
      posts: db.prepare<[number, number], { m: string | null; s: string | null; d: number }>(`SELECT json_extract(o.data, '$.delivery.alert.matchedAt') AS m,
          json_extract(o.data, '$.sentAt') AS s, json_type(o.data, '$.delivery.digest') IS NOT NULL AS d
        FROM outbox o WHERE o.state = 'sent' AND o.done_at >= ? AND json_type(o.data, '$.delivery.notice') IS NULL ORDER BY o.seq DESC LIMIT ?`),
      // '|' + 1 is '}': every id `<alert>|platform:channel` sorts in [alert|, alert}).
      outboxOf: db.prepare<[string, string], { seq: number; data: string }>('SELECT seq, data FROM outbox WHERE id >= ? AND id < ? ORDER BY seq'),
      story: db.prepare<[string], { data: string; lead: string | null }>('SELECT data, lead FROM stories WHERE id = ?'),
      failures: db.prepare<[number, number], { feed_id: string; at: number; code: string; message: string }>(
        'SELECT feed_id, at, code, message FROM feed_failures WHERE at >= ? ORDER BY at LIMIT ?'),
    };
  }

  async alertPage(q: AlertPageQuery): Promise<AlertPage> {
    const limit = Math.max(0, Math.floor(q.limit));
    const rows = this.q.page.all({
      ticker: q.ticker ?? null,
      topic: q.topic ?? null,
      feed: q.feed ?? null,
      chan: q.channel ? chanKey(q.channel) : null,
      limit: limit + 1,
      offset: Math.max(0, Math.floor(q.offset)),
    });
    return { alerts: rows.slice(0, limit).map((r) => JSON.parse(r.data) as Alert), more: rows.length > limit };
  }

  async alertById(id: string): Promise<Alert | undefined> {
    const row = this.q.byId.get(id);
    return row ? (JSON.parse(row.data) as Alert) : undefined;
  }

  async alertCount(): Promise<number> {
    return this.q.count.get()?.n ?? 0;
  }

  async alertsSince(since: Date, limit: number): Promise<Alert[]> {
    return this.q.since.all(since.getTime(), Math.max(0, limit)).map((r) => JSON.parse(r.data) as Alert);
  }

  async alertTopicsSince(since: Date, limit: number): Promise<AlertTopics[]> {
    return this.q.topics.all(since.getTime(), Math.max(0, limit)).map((r) => ({ matchedAt: r.matched_at, topics: r.topics ? (JSON.parse(r.topics) as string[]) : [] }));
  }

  async postsSince(since: Date, limit: number): Promise<PostTimes[]> {
    return this.q.posts.all(since.getTime(), Math.max(0, limit))
      .filter((r): r is { m: string; s: string; d: number } => !!r.m && !!r.s)
      .map((r) => ({ matchedAt: r.m, sentAt: r.s, digest: r.d === 1 }));
  }

  async deliveriesOf(alertIds: readonly string[]): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const id of new Set(alertIds)) {
      for (const r of this.q.outboxOf.all(`${id}|`, `${id}}`)) {
        // A row is written empty first and filled in the same transaction; an empty one is never visible, but be safe.
        if (r.data) out.push({ ...(JSON.parse(r.data) as OutboxEntry), seq: r.seq });
      }
    }
    return out;
  }

  async story(id: string): Promise<StoredStory | undefined> {
    const r = this.q.story.get(id);
    return r ? { story: JSON.parse(r.data) as Story, lead: r.lead ? (JSON.parse(r.lead) as Alert) : undefined } : undefined;
  }

  async feedFailures(since: Date, limit: number): Promise<FeedFailureEvent[]> {
    return this.q.failures.all(since.getTime(), Math.max(0, limit)).map((r) => ({
      feedId: r.feed_id, at: new Date(r.at).toISOString(), code: r.code, message: r.message,
    }));
  }
}
