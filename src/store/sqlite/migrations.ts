/**
 * The schema, as ordered migrations recorded in `schema_migrations`. Each runs once, in its own write transaction
 * with its version row, so a crash leaves the file at the version before or after it, never between. Every step
 * is written to be safe to run again (IF NOT EXISTS), which heals a file whose version rows were lost.
 * A file from a newer version of lithium-wire is refused rather than written with an older idea of the schema.
 */
import { WireError } from '../../core/errors.js';
import { inTransaction, type Db } from './db.js';
import { importKeyvLayout, type ImportSummary } from './keyv-import.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Db, ctx: MigrationContext): void;
}

export interface MigrationContext {
  now: number;
  /** One line for the log per migration that had something to say (the keyv import). */
  report(msg: string, ctx?: Record<string, unknown>): void;
}

const TABLES = `
CREATE TABLE IF NOT EXISTS feeds (
  feed_id TEXT PRIMARY KEY, state TEXT NOT NULL,
  last_poll_at TEXT, failures INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT);
CREATE TABLE IF NOT EXISTS seen (
  feed_id TEXT NOT NULL, item_id TEXT NOT NULL, seen_at INTEGER NOT NULL,
  PRIMARY KEY (feed_id, item_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_by_age ON seen (feed_id, seen_at);
CREATE TABLE IF NOT EXISTS subscriptions (
  channel TEXT PRIMARY KEY, platform TEXT NOT NULL, channel_id TEXT NOT NULL, want TEXT,
  origin TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS watchlist (
  channel TEXT NOT NULL REFERENCES subscriptions (channel) ON DELETE CASCADE,
  position INTEGER NOT NULL, symbol TEXT NOT NULL, name TEXT,
  PRIMARY KEY (channel, position));
CREATE INDEX IF NOT EXISTS watchlist_by_symbol ON watchlist (symbol);
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY, matched_at TEXT NOT NULL, recorded_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_by_time ON alerts (recorded_at);
CREATE TABLE IF NOT EXISTS alert_symbols (
  symbol TEXT NOT NULL, alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  PRIMARY KEY (symbol, alert_id));
CREATE INDEX IF NOT EXISTS alert_symbols_latest ON alert_symbols (symbol, seq DESC);
CREATE TABLE IF NOT EXISTS last_delivery (channel TEXT PRIMARY KEY, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL, channel_id TEXT NOT NULL, state TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL, created_at TEXT NOT NULL, done_at INTEGER, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_by_state ON outbox (state, seq);
CREATE INDEX IF NOT EXISTS outbox_by_channel ON outbox (platform, channel_id, state, seq);
CREATE TABLE IF NOT EXISTS stories (
  id TEXT PRIMARY KEY, last_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, data TEXT NOT NULL, lead TEXT);
CREATE INDEX IF NOT EXISTS stories_by_last ON stories (last_at);
CREATE TABLE IF NOT EXISTS story_messages (
  story_id TEXT NOT NULL, channel TEXT NOT NULL, message_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (story_id, channel));
CREATE TABLE IF NOT EXISTS digest_held (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, outbox_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS digest_held_by_channel ON digest_held (channel, seq);
CREATE TABLE IF NOT EXISTS digest_sent (channel TEXT PRIMARY KEY, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, until_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS leases_by_until ON leases (until_ms);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'tables', up: (db) => db.exec(TABLES) },
  {
    version: 2,
    name: 'import the keyv layout of 0.1.0',
    up: (db, ctx) => {
      const summary: ImportSummary | undefined = importKeyvLayout(db, ctx.now);
      if (summary) ctx.report('migrated the store from the keyv layout to tables (the old rows stay in table legacy_keyv)', { ...summary });
    },
  },
  {
    version: 3,
    // The sweep of expired leases runs once per 1,000 claims and may scan; every claim pays for an index.
    name: 'leases without the expiry index',
    up: (db) => db.exec('DROP INDEX IF EXISTS leases_by_until'),
  },
  {
    version: 4,
    // Feeds added from chat or by `feeds import` (config/feeds.yaml feeds stay in the file).
    name: 'chat-added feeds',
    up: (db) =>
      db.exec(`CREATE TABLE IF NOT EXISTS chat_feeds (
        id TEXT PRIMARY KEY, url_key TEXT NOT NULL UNIQUE, platform TEXT NOT NULL, workspace TEXT NOT NULL,
        added_at TEXT NOT NULL, paused INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS chat_feeds_by_workspace ON chat_feeds (platform, workspace);`),
  },
  {
    version: 8,
    // The dashboard's chart of feed failures over time: a feed's state keeps only its latest error.
    name: 'feed failures over time',
    up: (db) => db.exec(`CREATE TABLE IF NOT EXISTS feed_failures (
      feed_id TEXT NOT NULL, at INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
      PRIMARY KEY (feed_id, at)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS feed_failures_by_time ON feed_failures (at);`),
  },
  {
    version: 10,
    // config/feeds.yaml stays read-only from chat: a pause of one of its feeds is kept here, by feed id.
    name: 'paused config feeds',
    up: (db) => db.exec(`CREATE TABLE IF NOT EXISTS feed_pauses (
      id TEXT PRIMARY KEY, at TEXT NOT NULL, paused_by TEXT NOT NULL);`),
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Brings the file up to SCHEMA_VERSION; returns the versions applied. */
export function migrate(db: Db, file: string, ctx: MigrationContext, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const latest = Math.max(...migrations.map((m) => m.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    // Checked inside the transaction: two processes starting at once apply each migration once.
    const ran = inTransaction(db, () => {
      const newest = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
      if (newest > latest) {
        throw new WireError('STORE_TOO_NEW', `the store file ${file} has schema version ${newest}, newer than this lithium-wire understands (${latest}); upgrade lithium-wire, or point STORE_URL at another file`);
      }
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return false;
      m.up(db, ctx);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date(ctx.now).toISOString());
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
