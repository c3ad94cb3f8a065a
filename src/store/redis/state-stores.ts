/**
 * Subscriptions, feed state, seen items and the alert log on Redis primitives. Every write is a single command,
 * a MULTI or a Lua call, so several instances can write at once without a lock and without lost updates.
 */
import type { AlertLog, FeedState, FeedStateStore, SeenStore, SubscriptionStore } from '../../core/ports.js';
import type { Alert, ChannelRef, Subscription } from '../../core/types.js';
import { chanKey, chunks, parseJson, type RedisClient } from './client.js';
import { OrderedJsonHash } from './ordered-hash.js';

const DAY = 86_400_000;
/** Same cap as the keyv alert log: /ticker shows a handful, /status one. */
const PER_SYMBOL = 20;
const BATCH = 1000;

export class RedisSubscriptions implements SubscriptionStore {
  private readonly hash: OrderedJsonHash<Subscription>;
  constructor(client: RedisClient, prefix: string) {
    this.hash = new OrderedJsonHash(client, `${prefix}subs`);
  }
  get(c: ChannelRef) { return this.hash.get(chanKey(c)); }
  put(s: Subscription) { return this.hash.put(chanKey(s.channel), s); }
  remove(c: ChannelRef) { return this.hash.remove(chanKey(c)); }
  list() { return this.hash.list(); }
}

/** Every alert id by the time it was recorded (ms): the dashboard's log, newest first. */
export const alertLogKey = (prefix: string): string => `${prefix}alerts:log`;
/** Failed polls by time (ms), member = the event as JSON: the dashboard's chart of feed failures. */
export const feedFailuresKey = (prefix: string): string => `${prefix}feedfail`;

export class RedisFeedStates implements FeedStateStore {
  private readonly hash: OrderedJsonHash<FeedState>;
  constructor(private readonly client: RedisClient, private readonly prefix: string, private readonly failureRetentionMs = 30 * DAY) {
    this.hash = new OrderedJsonHash(client, `${prefix}feeds`);
  }
  get(feedId: string) { return this.hash.get(feedId); }
  async put(s: FeedState): Promise<void> {
    await this.hash.put(s.feedId, s);
    const at = s.lastError && s.consecutiveFailures > 0 ? Date.parse(s.lastError.at) : NaN;
    if (!s.lastError || !Number.isFinite(at)) return;
    // The same failed state saved twice is the same member: one event.
    const event = JSON.stringify({ feedId: s.feedId, at: s.lastError.at, code: s.lastError.code, message: s.lastError.message.slice(0, 500) });
    await this.client.multi()
      .zAdd(feedFailuresKey(this.prefix), { score: at, value: event })
      .zRemRangeByScore(feedFailuresKey(this.prefix), '-inf', `(${Date.now() - this.failureRetentionMs}`)
      .exec();
  }
  list() { return this.hash.list(); }
  /** The state only: its past failures stay in the chart until they expire, as history. */
  remove(feedId: string) { return this.hash.remove(feedId); }
}

/** One sorted set per feed: member = item id, score = when it was last seen (ms). */
export class RedisSeen implements SeenStore {
  constructor(private readonly client: RedisClient, private readonly prefix: string) {}
  private key(feedId: string) { return `${this.prefix}seen:${feedId}`; }

  async unseen(feedId: string, ids: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks(ids, BATCH)) {
      const scores = await this.client.zmScore(this.key(feedId), part);
      part.forEach((id, i) => {
        if (scores[i] === null || scores[i] === undefined) out.push(id);
      });
    }
    return out;
  }

  async markSeen(feedId: string, ids: readonly string[], at: Date): Promise<void> {
    const score = at.getTime();
    for (const part of chunks([...new Set(ids)], BATCH)) {
      // GT: an instance with a lagging clock or a late write never moves an id's time back (and so never gets
      // it pruned early); a new id is added as usual.
      await this.client.zAdd(this.key(feedId), part.map((value) => ({ score, value })), { comparison: 'GT' });
    }
  }

  async prune(feedId: string, before: Date): Promise<number> {
    return this.client.zRemRangeByScore(this.key(feedId), '-inf', `(${before.getTime()}`);
  }
}

export class RedisAlertLog implements AlertLog {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly retentionMs = 30 * DAY,
  ) {}

  async record(alert: Alert): Promise<void> {
    const now = Date.now();
    const tx = this.client.multi().set(`${this.prefix}alert:${alert.id}`, JSON.stringify(alert), { expiration: { type: 'PX', value: this.retentionMs } })
      .zAdd(alertLogKey(this.prefix), { score: now, value: alert.id })
      .zRemRangeByScore(alertLogKey(this.prefix), '-inf', `(${now - this.retentionMs}`);
    for (const sym of new Set(alert.match.tickers)) {
      const list = `${this.prefix}alerts:${sym}`;
      tx.lRem(list, 0, alert.id).lPush(list, alert.id).lTrim(list, 0, PER_SYMBOL - 1);
    }
    await tx.exec();
  }

  async latestFor(symbol: string, limit: number): Promise<Alert[]> {
    if (limit < 1) return [];
    const ids = await this.client.lRange(`${this.prefix}alerts:${symbol}`, 0, limit - 1);
    if (ids.length === 0) return [];
    const raws = await this.client.mGet(ids.map((id) => `${this.prefix}alert:${id}`));
    return raws.map((r) => parseJson<Alert>(r)).filter((a): a is Alert => !!a);
  }

  async lastDeliveredAt(c?: ChannelRef): Promise<string | undefined> {
    return (await this.client.get(`${this.prefix}delivered:${c ? chanKey(c) : '*'}`)) ?? undefined;
  }

  async markDelivered(c: ChannelRef, at: string): Promise<void> {
    // Keeps the latest time, whichever instance writes last (scripts.ts).
    await this.client.setMax([`${this.prefix}delivered:${chanKey(c)}`, `${this.prefix}delivered:*`], [at]);
  }
}
