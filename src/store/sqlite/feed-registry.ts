/**
 * Chat-added feeds as rows of `chat_feeds` (migration 4): the URL key is unique, the cap counts per workspace.
 * Pauses of config/feeds.yaml feeds are rows of `feed_pauses` (migration 10).
 */
import { feedUrlKey, type ChatFeed, type FeedAddResult, type FeedPause, type FeedRegistry } from '../../core/feed-registry.js';
import { inTransaction, type Db } from './db.js';

export class SqliteFeedRegistry implements FeedRegistry {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      get: db.prepare<[string], { data: string }>('SELECT data FROM chat_feeds WHERE id = ?'),
      byUrl: db.prepare<[string], { data: string }>('SELECT data FROM chat_feeds WHERE url_key = ?'),
      count: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM chat_feeds WHERE platform = ? AND workspace = ?'),
      insert: db.prepare(`INSERT INTO chat_feeds (id, url_key, platform, workspace, added_at, paused, data)
        VALUES (@id, @urlKey, @platform, @workspace, @addedAt, @paused, @data)`),
      remove: db.prepare('DELETE FROM chat_feeds WHERE id = ?'),
      update: db.prepare('UPDATE chat_feeds SET paused = ?, data = ? WHERE id = ?'),
      list: db.prepare<[], { data: string }>('SELECT data FROM chat_feeds ORDER BY rowid'),
      pause: db.prepare('INSERT INTO feed_pauses (id, at, paused_by) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING'),
      resume: db.prepare('DELETE FROM feed_pauses WHERE id = ?'),
      pauses: db.prepare<[], FeedPause>('SELECT id, at, paused_by AS "by" FROM feed_pauses ORDER BY rowid'),
    };
  }

  async add(feed: ChatFeed, opts: { maxPerWorkspace?: number | undefined } = {}): Promise<FeedAddResult> {
    return inTransaction(this.db, (): FeedAddResult => {
      const same = this.q.get.get(feed.id) ?? this.q.byUrl.get(feedUrlKey(feed.url));
      if (same) return { status: 'duplicate', existing: JSON.parse(same.data) as ChatFeed };
      if (opts.maxPerWorkspace !== undefined) {
        const count = this.q.count.get(feed.addedBy.platform, feed.addedBy.workspace)?.n ?? 0;
        if (count >= opts.maxPerWorkspace) return { status: 'cap', count };
      }
      this.q.insert.run({
        id: feed.id, urlKey: feedUrlKey(feed.url), platform: feed.addedBy.platform, workspace: feed.addedBy.workspace,
        addedAt: feed.addedAt, paused: feed.paused ? 1 : 0, data: JSON.stringify(feed),
      });
      return { status: 'added', feed };
    });
  }

  async get(id: string): Promise<ChatFeed | undefined> {
    const row = this.q.get.get(id);
    return row ? (JSON.parse(row.data) as ChatFeed) : undefined;
  }

  async byUrl(url: string): Promise<ChatFeed | undefined> {
    const row = this.q.byUrl.get(feedUrlKey(url));
    return row ? (JSON.parse(row.data) as ChatFeed) : undefined;
  }

  async remove(id: string): Promise<ChatFeed | undefined> {
    return inTransaction(this.db, () => {
      const row = this.q.get.get(id);
      if (!row) return undefined;
      this.q.remove.run(id);
      return JSON.parse(row.data) as ChatFeed;
    });
  }

  async setPaused(id: string, paused: boolean): Promise<boolean> {
    return inTransaction(this.db, () => {
      const row = this.q.get.get(id);
      if (!row) return false;
      const feed = { ...(JSON.parse(row.data) as ChatFeed), paused };
      this.q.update.run(paused ? 1 : 0, JSON.stringify(feed), id);
      return true;
    });
  }

  async list(): Promise<ChatFeed[]> {
    return this.q.list.all().map((r) => JSON.parse(r.data) as ChatFeed);
  }

  async pauseConfigured(p: FeedPause): Promise<boolean> {
    return this.q.pause.run(p.id, p.at, p.by).changes === 1;
  }

  async resumeConfigured(id: string): Promise<boolean> {
    return this.q.resume.run(id).changes === 1;
  }

  async configuredPauses(): Promise<FeedPause[]> {
    return this.q.pauses.all().map((r) => ({ id: r.id, at: r.at, by: r.by }));
  }
}
