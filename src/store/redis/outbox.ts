/**
 * The durable delivery queue on Redis: one JSON key per entry, and sorted sets of pending and dead entry ids
 * scored by their enqueue sequence number, plus one sorted set of pending ids per channel (same scores) so that
 * one channel's queue is read without the others'. Enqueue-if-absent and every state change are single Lua
 * calls (outboxEnqueue, outboxUpdate in scripts.ts) that keep all of these together, so any number of instances can
 * queue the same delivery at once and exactly one entry results, and an entry is in its channel's set exactly while
 * it is in the pending set.
 */
import type { Outbox, OutboxEntry, OutboxState } from '../../core/ports.js';
import { outboxId } from '../../core/ports.js';
import type { ChannelRef, Delivery } from '../../core/types.js';
import { chanKey, chunks, parseJson, type RedisClient } from './client.js';

const DAY = 86_400_000;

/** The key of one outbox entry (the dashboard reads entries of given alerts directly). */
export const outboxEntryKey = (prefix: string, id: string): string => `${prefix}ob:e:${id}`;
/** The sorted set of dead entry ids. */
export const outboxDeadKey = (prefix: string): string => `${prefix}ob:dead`;
/** Deliveries per Lua call: keeps each call short, since Redis runs nothing else meanwhile. */
const ENQUEUE_BATCH = 200;

export class RedisOutbox implements Outbox {
  private readonly seqKey: string;
  private readonly pendingKey: string;
  private readonly deadKey: string;

  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly sentRetentionMs = 7 * DAY,
  ) {
    this.seqKey = `${prefix}ob:seq`;
    this.pendingKey = `${prefix}ob:pending`;
    this.deadKey = outboxDeadKey(prefix);
  }

  private entryKey(id: string): string {
    return outboxEntryKey(this.prefix, id);
  }

  private channelKey(channel: ChannelRef): string {
    return `${this.prefix}ob:ch:${chanKey(channel)}`;
  }

  async enqueue(deliveries: readonly Delivery[], at: Date): Promise<OutboxEntry[]> {
    const created: OutboxEntry[] = [];
    const iso = at.toISOString();
    for (const part of chunks(deliveries, ENQUEUE_BATCH)) {
      const keys = [this.seqKey, this.pendingKey];
      const args: string[] = [];
      const fresh = part.map((delivery) => {
        const id = outboxId(delivery);
        const rest: Omit<OutboxEntry, 'id' | 'seq'> = { delivery, state: 'pending', attempts: 0, createdAt: iso, nextAttemptAt: iso };
        keys.push(this.entryKey(id), this.channelKey(delivery.channel));
        args.push(id, `{"id":${JSON.stringify(id)},"seq":`, `,${JSON.stringify(rest).slice(1)}`);
        return { id, rest };
      });
      const seqs = await this.client.outboxEnqueue(keys, args);
      fresh.forEach(({ id, rest }, i) => {
        const seq = Number(seqs[i] ?? 0);
        if (seq > 0) created.push({ id, seq, ...rest });
      });
    }
    return created;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    if (limit < 1) return [];
    const ids = await this.client.zRange(this.pendingKey, 0, limit - 1);
    return (await this.load(ids)).filter((e) => e.state === 'pending');
  }

  async pendingFor(channel: ChannelRef, limit: number): Promise<OutboxEntry[]> {
    if (limit < 1) return [];
    const ids = await this.client.zRange(this.channelKey(channel), 0, limit - 1);
    return (await this.load(ids)).filter((e) => e.state === 'pending');
  }

  async update(entry: OutboxEntry): Promise<void> {
    await this.client.outboxUpdate(
      [this.entryKey(entry.id), this.pendingKey, this.deadKey, this.channelKey(entry.delivery.channel)],
      [JSON.stringify(entry), entry.state, entry.seq, entry.id, this.sentRetentionMs],
    );
  }

  async list(state: OutboxState): Promise<OutboxEntry[]> {
    // Sent entries are only kept to refuse re-queueing (and expire); they are not listed, as with keyv.
    if (state === 'sent') return [];
    return this.load(await this.client.zRange(state === 'pending' ? this.pendingKey : this.deadKey, 0, -1));
  }

  /** One entry by id, whatever its state: lets a deliverer re-check an entry after claiming it. */
  async get(id: string): Promise<OutboxEntry | undefined> {
    return parseJson<OutboxEntry>(await this.client.get(this.entryKey(id)));
  }

  /** Queue depth for /metrics, without loading entries. */
  async counts(): Promise<{ pending: number; dead: number }> {
    const [pending, dead] = await Promise.all([this.client.zCard(this.pendingKey), this.client.zCard(this.deadKey)]);
    return { pending, dead };
  }

  private async load(ids: string[]): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const part of chunks(ids, 500)) {
      const raws = await this.client.mGet(part.map((id) => this.entryKey(id)));
      for (const raw of raws) {
        const e = parseJson<OutboxEntry>(raw);
        if (e) out.push(e);
      }
    }
    return out;
  }
}
