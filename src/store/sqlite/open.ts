/** Every store port on one SQLite file (better-sqlite3): the embedded default, safe for several processes. */
import { Keyv } from 'keyv';
import type { PollCommitter, QuoteCacheRecord } from '../../core/ports.js';
import type { OpenStoresOptions, Stores } from '../open.js';
import { inTransaction, openDb, storeError } from './db.js';
import { migrate } from './migrations.js';
import { SqliteAlertLog, SqliteFeedStates, SqliteSeen, SqliteSubscriptions } from './state-stores.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteDigests, SqliteStories } from './stories.js';
import { createSqliteCoordinator, defaultInstanceId, SqliteLeases } from './coordinator.js';
import { SqliteKeyvAdapter } from './kv-cache.js';
import { SqliteDashboardQueries } from './dashboard-queries.js';
import { SqliteFeedRegistry } from './feed-registry.js';

export function openSqliteStores(file: string, opts: OpenStoresOptions = {}): Stores {
  const location = `sqlite://${file}`;
  const db = openDb(file);
  const now = opts.now ?? Date.now;
  try {
    migrate(db, file, { now: now(), report: (msg, ctx) => opts.onNotice?.(`${msg} (${file})`, ctx) });
    // A write now: SQLite quietly opens a file it cannot write read-only, and the bot would fail on its first poll.
    db.prepare(`INSERT INTO counters (name, value) VALUES ('opened', 1) ON CONFLICT DO UPDATE SET value = value + 1`).run();
  } catch (e) {
    db.close();
    throw storeError(file, e);
  }
  const seen = new SqliteSeen(db);
  const feedStates = new SqliteFeedStates(db, now);
  const outbox = new SqliteOutbox(db, undefined, now);
  const leases = new SqliteLeases(db, opts.instanceId ?? defaultInstanceId(), now);
  const committer: PollCommitter = {
    async commit(deliveries, at, feeds) {
      return inTransaction(db, () => {
        const created = outbox.enqueueNow(deliveries, at);
        const claimsLost: string[] = [];
        for (const f of feeds) {
          seen.markSeenNow(f.feedId, f.seenIds, f.at);
          seen.pruneNow(f.feedId, f.pruneBefore);
          feedStates.putNow(f.state);
          if (f.claim && !leases.completeFeed(f.feedId, f.claim.intervalStartMs, f.claim.holdMs)) claimsLost.push(f.feedId);
        }
        return { created, claimsLost };
      });
    },
  };
  const quoteCache = new Keyv<QuoteCacheRecord>({ store: new SqliteKeyvAdapter(db, now), namespace: 'quotes', throwOnErrors: true });
  return {
    engine: 'sqlite',
    location,
    subscriptions: new SqliteSubscriptions(db),
    seen,
    feedStates,
    alerts: new SqliteAlertLog(db, undefined, now),
    outbox,
    committer,
    stories: new SqliteStories(db, leases, now),
    digests: new SqliteDigests(db),
    coordinator: createSqliteCoordinator(leases),
    feedRegistry: new SqliteFeedRegistry(db),
    quoteCache,
    dashboard: new SqliteDashboardQueries(db),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
