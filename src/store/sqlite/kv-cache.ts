/**
 * A keyv storage adapter over the store file's `kv_cache` table, so TTL caches (quotes, the provider's 429 pause)
 * use keyv on SQLite as on Redis, without a second SQLite driver. keyv serialises values and checks their expiry;
 * this table keeps the expiry too, to sweep rows nobody reads again.
 */
import { EventEmitter } from 'node:events';
import type { Db } from './db.js';

export class SqliteKeyvAdapter extends EventEmitter {
  readonly opts = { dialect: 'sqlite' };
  namespace?: string | undefined;
  private readonly q;
  private sets = 0;
  constructor(db: Db, private readonly now: () => number = Date.now) {
    super();
    this.q = {
      get: db.prepare<[string, number], { value: string }>('SELECT value FROM kv_cache WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)'),
      set: db.prepare('INSERT INTO kv_cache (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at'),
      del: db.prepare('DELETE FROM kv_cache WHERE key = ?'),
      clear: db.prepare(`DELETE FROM kv_cache WHERE key LIKE ? ESCAPE '\\'`),
      sweep: db.prepare('DELETE FROM kv_cache WHERE expires_at <= ?'),
    };
  }
  async get(key: string): Promise<string | undefined> {
    return this.q.get.get(key, this.now())?.value;
  }
  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    if (++this.sets % 500 === 0) this.q.sweep.run(this.now());
    this.q.set.run(key, value, typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null);
    return true;
  }
  async delete(key: string): Promise<boolean> {
    return this.q.del.run(key).changes > 0;
  }
  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : '';
    this.q.clear.run(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
}
