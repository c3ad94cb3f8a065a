/**
 * The outbox as a table: one row per (alert, channel) delivery, its `seq` the enqueue order. Pending entries are
 * read by state or by channel through indexes in enqueue order; an update rewrites one row. Several processes
 * may share it (`outbox retry` while `start` runs): each change is its own transaction on its own row.
 */
import { outboxId, type Outbox, type OutboxEntry, type OutboxState } from '../../core/ports.js';
import type { ChannelRef, Delivery } from '../../core/types.js';
import { inTransaction, type Db } from './db.js';

const DAY = 86_400_000;

interface Row { seq: number; data: string }

export class SqliteOutbox implements Outbox {
  private readonly q;
  private enqueues = 0;
  constructor(private readonly db: Db, private readonly sentRetentionMs = 7 * DAY, private readonly now: () => number = Date.now) {
    this.q = {
      insert: db.prepare(`INSERT INTO outbox (id, platform, channel_id, state, next_attempt_at, created_at, data)
        VALUES (?, ?, ?, 'pending', ?, ?, '') ON CONFLICT (id) DO NOTHING`),
      setData: db.prepare('UPDATE outbox SET data = ? WHERE seq = ?'),
      byState: db.prepare<[string, number], Row>('SELECT seq, data FROM outbox WHERE state = ? ORDER BY seq LIMIT ?'),
      byChannel: db.prepare<[string, string, number], Row>(
        `SELECT seq, data FROM outbox WHERE platform = ? AND channel_id = ? AND state = 'pending' ORDER BY seq LIMIT ?`),
      update: db.prepare('UPDATE outbox SET state = ?, next_attempt_at = ?, done_at = ?, data = ? WHERE id = ?'),
      expire: db.prepare(`DELETE FROM outbox WHERE state = 'sent' AND done_at < ?`),
    };
  }

  /** Each new delivery and its data in one transaction: a delivery is queued whole or not at all. */
  async enqueue(deliveries: readonly Delivery[], at: Date): Promise<OutboxEntry[]> {
    return inTransaction(this.db, () => this.enqueueNow(deliveries, at));
  }

  /** For a caller already inside a transaction (the pipeline commits a poll's alerts with its seen items). */
  enqueueNow(deliveries: readonly Delivery[], at: Date): OutboxEntry[] {
    const created: OutboxEntry[] = [];
    const iso = at.toISOString();
    for (const delivery of deliveries) {
      const id = outboxId(delivery);
      const r = this.q.insert.run(id, delivery.channel.platform, delivery.channel.id, iso, iso);
      if (r.changes === 0) continue;
      const seq = Number(r.lastInsertRowid);
      const entry: OutboxEntry = { id, seq, delivery, state: 'pending', attempts: 0, createdAt: iso, nextAttemptAt: iso };
      this.q.setData.run(JSON.stringify(entry), seq);
      created.push(entry);
    }
    // Sent entries are kept a week (a repeat of the same delivery stays a no-op), then go, now and then.
    if (++this.enqueues % 100 === 1) this.q.expire.run(this.now() - this.sentRetentionMs);
    return created;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    return limit < 1 ? [] : this.q.byState.all('pending', limit).map(parse);
  }

  async pendingFor(channel: ChannelRef, limit: number): Promise<OutboxEntry[]> {
    return limit < 1 ? [] : this.q.byChannel.all(channel.platform, channel.id, limit).map(parse);
  }

  async update(entry: OutboxEntry): Promise<void> {
    this.q.update.run(entry.state, entry.nextAttemptAt, entry.state === 'sent' ? this.now() : null, JSON.stringify(entry), entry.id);
  }

  async list(state: OutboxState): Promise<OutboxEntry[]> {
    if (state === 'sent') return [];
    return this.q.byState.all(state, -1).map(parse);
  }
}

// The row's seq is the truth (a migrated entry keeps its old seq in the row and in the data alike).
const parse = (r: Row): OutboxEntry => ({ ...(JSON.parse(r.data) as OutboxEntry), seq: r.seq });
