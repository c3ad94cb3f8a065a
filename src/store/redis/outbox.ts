/**
 * The durable delivery queue on Redis: one JSON key per entry, and sorted sets of pending and dead entry ids
 * scored by their enqueue sequence number, plus one sorted set of pending ids per channel (same scores) so that
 * one channel's queue is read without the others'. Enqueue-if-absent and every state change are single Lua
 * calls that keep all of these together, so any number of instances can queue the same delivery at once and
 * exactly one entry results, and an entry is in its channel's set exactly while it is in the pending set.
 */
import type { Outbox, OutboxEntry, OutboxState } from '../../core/ports.js';
import { outboxId } from '../../core/ports.js';
import type { ChannelRef, Delivery } from '../../core/types.js';
import { chanKey, chunks, parseJson, Script, type RedisClient } from './client.js';

const DAY = 86_400_000;
/** Deliveries per Lua call: keeps each call short, since Redis runs nothing else meanwhile. */
const ENQUEUE_BATCH = 200;

/*
 * KEYS: seq counter, pending zset, then per delivery its entry key and its channel's pending zset. ARGV: per
 * delivery id, head, tail. The entry's JSON is head .. seq .. tail, so the script never decodes or re-encodes the
 * payload (cjson would round numbers to 14 digits). Returns each delivery's new seq, or 0 when it existed already.
 */
const ENQUEUE = new Script(`
local out = {}
local j = 0
for i = 3, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local seq = redis.call('INCR', KEYS[1])
    redis.call('SET', KEYS[i], ARGV[j + 2] .. seq .. ARGV[j + 3])
    redis.call('ZADD', KEYS[2], seq, ARGV[j + 1])
    redis.call('ZADD', KEYS[i + 1], seq, ARGV[j + 1])
    out[#out + 1] = seq
  else
    out[#out + 1] = 0
  end
  j = j + 3
end
return out
`);

/*
 * KEYS: entry key, pending zset, dead zset, the entry's channel zset. ARGV: json, state, seq, id, sent retention ms.
 * 'sent' is final: a late write from an instance that lost its claim cannot put a sent entry back in the queue.
 * Returns 1 when written, 0 when refused.
 */
const UPDATE = new Script(`
local cur = redis.call('GET', KEYS[1])
if cur and ARGV[2] ~= 'sent' then
  local ok, old = pcall(cjson.decode, cur)
  if ok and type(old) == 'table' and old.state == 'sent' then return 0 end
end
if ARGV[2] == 'sent' then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
if ARGV[2] == 'pending' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
else
  redis.call('ZREM', KEYS[2], ARGV[4])
  redis.call('ZREM', KEYS[4], ARGV[4])
end
if ARGV[2] == 'dead' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4]) else redis.call('ZREM', KEYS[3], ARGV[4]) end
return 1
`);

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
    this.deadKey = `${prefix}ob:dead`;
  }

  private entryKey(id: string): string {
    return `${this.prefix}ob:e:${id}`;
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
      const seqs = (await ENQUEUE.run(this.client, keys, args)) as number[];
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
    await UPDATE.run(
      this.client,
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
