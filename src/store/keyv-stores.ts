/**
 * The store ports on keyv: any keyv engine works (SQLite by default, Redis). Lists that keyv cannot
 * scan are kept as small index keys updated under a per-key lock.
 */
import type { Keyv } from 'keyv';
import type {
  AlertLog,
  FeedState,
  FeedStateStore,
  Outbox,
  OutboxEntry,
  OutboxState,
  SeenStore,
  SubscriptionStore,
} from '../core/ports.js';
import { outboxId } from '../core/ports.js';
import type { Alert, ChannelRef, Delivery, Subscription } from '../core/types.js';
import { KeyedMutex } from './mutex.js';

const chanKey = (c: ChannelRef) => `${c.platform}:${c.id}`;
const DAY = 86_400_000;

async function getList(kv: Keyv, key: string): Promise<string[]> {
  const v: unknown = await kv.get(key);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export class KeyvSubscriptions implements SubscriptionStore {
  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex) {}
  async get(c: ChannelRef): Promise<Subscription | undefined> {
    return (await this.kv.get<Subscription>(`sub:${chanKey(c)}`)) ?? undefined;
  }
  async put(s: Subscription): Promise<void> {
    const k = chanKey(s.channel);
    await this.lock.run('subs', async () => {
      await this.kv.set(`sub:${k}`, s);
      const idx = await getList(this.kv, 'subs');
      if (!idx.includes(k)) await this.kv.set('subs', [...idx, k]);
    });
  }
  async remove(c: ChannelRef): Promise<void> {
    const k = chanKey(c);
    await this.lock.run('subs', async () => {
      await this.kv.delete(`sub:${k}`);
      const idx = await getList(this.kv, 'subs');
      await this.kv.set('subs', idx.filter((x) => x !== k));
    });
  }
  async list(): Promise<Subscription[]> {
    const idx = await getList(this.kv, 'subs');
    if (idx.length === 0) return [];
    const subs = await this.kv.get<Subscription>(idx.map((k) => `sub:${k}`));
    return subs.filter((s): s is Subscription => !!s);
  }
}

export class KeyvSeen implements SeenStore {
  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex) {}
  private async map(feedId: string): Promise<Record<string, number>> {
    return (await this.kv.get<Record<string, number>>(`seen:${feedId}`)) ?? {};
  }
  async unseen(feedId: string, ids: readonly string[]): Promise<string[]> {
    const m = await this.map(feedId);
    return ids.filter((id) => !Object.hasOwn(m, id));
  }
  async markSeen(feedId: string, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.lock.run(`seen:${feedId}`, async () => {
      const m = await this.map(feedId);
      for (const id of ids) m[id] = at.getTime();
      await this.kv.set(`seen:${feedId}`, m);
    });
  }
  async prune(feedId: string, before: Date): Promise<number> {
    return this.lock.run(`seen:${feedId}`, async () => {
      const m = await this.map(feedId);
      let dropped = 0;
      for (const [id, t] of Object.entries(m)) {
        if (t < before.getTime()) {
          delete m[id];
          dropped++;
        }
      }
      if (dropped) await this.kv.set(`seen:${feedId}`, m);
      return dropped;
    });
  }
}

export class KeyvFeedStates implements FeedStateStore {
  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex) {}
  async get(feedId: string): Promise<FeedState | undefined> {
    return (await this.kv.get<FeedState>(`feed:${feedId}`)) ?? undefined;
  }
  async put(s: FeedState): Promise<void> {
    await this.kv.set(`feed:${s.feedId}`, s);
    const idx = await getList(this.kv, 'feeds');
    if (!idx.includes(s.feedId)) {
      await this.lock.run('feeds', async () => {
        const again = await getList(this.kv, 'feeds');
        if (!again.includes(s.feedId)) await this.kv.set('feeds', [...again, s.feedId]);
      });
    }
  }
  async list(): Promise<FeedState[]> {
    const idx = await getList(this.kv, 'feeds');
    if (idx.length === 0) return [];
    const states = await this.kv.get<FeedState>(idx.map((id) => `feed:${id}`));
    return states.filter((s): s is FeedState => !!s);
  }
}

const PER_SYMBOL = 20;

export class KeyvAlertLog implements AlertLog {
  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex, private readonly retentionMs = 30 * DAY) {}
  async record(alert: Alert): Promise<void> {
    await this.kv.set(`alert:${alert.id}`, alert, this.retentionMs);
    for (const sym of alert.match.tickers) {
      await this.lock.run(`alerts:${sym}`, async () => {
        const ids = await getList(this.kv, `alerts:${sym}`);
        await this.kv.set(`alerts:${sym}`, [alert.id, ...ids.filter((x) => x !== alert.id)].slice(0, PER_SYMBOL));
      });
    }
  }
  async latestFor(symbol: string, limit: number): Promise<Alert[]> {
    const ids = (await getList(this.kv, `alerts:${symbol}`)).slice(0, limit);
    if (ids.length === 0) return [];
    const alerts = await this.kv.get<Alert>(ids.map((id) => `alert:${id}`));
    return alerts.filter((a): a is Alert => !!a);
  }
  async lastDeliveredAt(c?: ChannelRef): Promise<string | undefined> {
    return (await this.kv.get<string>(c ? `delivered:${chanKey(c)}` : 'delivered:*')) ?? undefined;
  }
  async markDelivered(c: ChannelRef, at: string): Promise<void> {
    await this.kv.set(`delivered:${chanKey(c)}`, at);
    await this.kv.set('delivered:*', at);
  }
}

export class KeyvOutbox implements Outbox {
  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex, private readonly sentRetentionMs = 7 * DAY) {}

  async enqueue(deliveries: readonly Delivery[], at: Date): Promise<OutboxEntry[]> {
    return this.lock.run('outbox', async () => {
      const created: OutboxEntry[] = [];
      let seq = (await this.kv.get<number>('ob:seq')) ?? 0;
      const pending = await getList(this.kv, 'ob:pending');
      let indexChanged = false;
      for (const delivery of deliveries) {
        const id = outboxId(delivery);
        if (pending.includes(id)) continue;
        const existing = await this.kv.get<OutboxEntry>(`ob:${id}`);
        if (existing) {
          // A crash between writing an entry and indexing it left it pending but invisible: index it now.
          if (existing.state === 'pending') pending.push(id);
          indexChanged ||= existing.state === 'pending';
          continue;
        }
        seq += 1;
        const entry: OutboxEntry = {
          id, seq, delivery, state: 'pending', attempts: 0,
          createdAt: at.toISOString(), nextAttemptAt: at.toISOString(),
        };
        await this.kv.set(`ob:${id}`, entry);
        pending.push(id);
        created.push(entry);
      }
      if (created.length) await this.kv.set('ob:seq', seq);
      if (indexChanged) {
        const all = await this.kv.get<OutboxEntry>(pending.map((id) => `ob:${id}`));
        const seqOf = new Map(all.map((e, i) => [pending[i], e?.seq ?? 0]));
        pending.sort((a, b) => (seqOf.get(a) ?? 0) - (seqOf.get(b) ?? 0));
      }
      if (created.length || indexChanged) await this.kv.set('ob:pending', pending);
      return created;
    });
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const ids = (await getList(this.kv, 'ob:pending')).slice(0, limit);
    if (ids.length === 0) return [];
    const entries = await this.kv.get<OutboxEntry>(ids.map((id) => `ob:${id}`));
    return entries.filter((e): e is OutboxEntry => !!e && e.state === 'pending');
  }

  /*
   * Derived from the one pending index rather than kept as a second per-channel index: keyv writes each key on its
   * own, so a second index would add a crash window in which an entry is pending but missing from its channel's
   * list (never delivered). The channel is read off the id (outboxId ends in `|platform:channel`), so only the
   * channel's own entries are loaded, and each is checked against its stored channel in case an alert id or a
   * channel id contains the separator.
   */
  async pendingFor(channel: ChannelRef, limit: number): Promise<OutboxEntry[]> {
    if (limit < 1) return [];
    const suffix = `|${chanKey(channel)}`; // outboxId's tail
    const ids = (await getList(this.kv, 'ob:pending')).filter((id) => id.endsWith(suffix));
    const out: OutboxEntry[] = [];
    for (let i = 0; i < ids.length && out.length < limit; i += limit) {
      const part = ids.slice(i, i + limit);
      const entries = await this.kv.get<OutboxEntry>(part.map((id) => `ob:${id}`));
      for (const e of entries) {
        const c = e?.delivery.channel;
        if (e && e.state === 'pending' && c?.platform === channel.platform && c.id === channel.id) out.push(e);
      }
    }
    return out.slice(0, limit);
  }

  async update(entry: OutboxEntry): Promise<void> {
    await this.lock.run('outbox', async () => {
      const ttl = entry.state === 'sent' ? this.sentRetentionMs : undefined;
      await this.kv.set(`ob:${entry.id}`, entry, ttl);
      await this.reindex('ob:pending', entry, entry.state === 'pending');
      await this.reindex('ob:dead', entry, entry.state === 'dead');
    });
  }

  private async reindex(key: string, entry: OutboxEntry, member: boolean): Promise<void> {
    const ids = await getList(this.kv, key);
    const has = ids.includes(entry.id);
    if (member === has) return;
    if (!member) {
      await this.kv.set(key, ids.filter((x) => x !== entry.id));
      return;
    }
    // Keep enqueue order: a retried dead entry goes back to its place, not the end.
    const all = await this.kv.get<OutboxEntry>(ids.map((id) => `ob:${id}`));
    const seqs = all.map((e) => e?.seq ?? 0);
    let at = seqs.findIndex((s) => s > entry.seq);
    if (at < 0) at = ids.length;
    await this.kv.set(key, [...ids.slice(0, at), entry.id, ...ids.slice(at)]);
  }

  async list(state: OutboxState): Promise<OutboxEntry[]> {
    if (state === 'sent') return [];
    const ids = await getList(this.kv, state === 'pending' ? 'ob:pending' : 'ob:dead');
    if (ids.length === 0) return [];
    const entries = await this.kv.get<OutboxEntry>(ids.map((id) => `ob:${id}`));
    return entries.filter((e): e is OutboxEntry => !!e);
  }
}
