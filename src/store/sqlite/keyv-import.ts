/**
 * Migration 2: a store file written by lithium-wire 0.1.0 kept everything in one keyv table (`keyv`, keys
 * `lw:<kind>:<id>`, each list one JSON value). This reads it once into the tables, in the order its indexes
 * kept, skipping what keyv had already expired, and renames the old table `legacy_keyv`: nothing is deleted.
 */
import type { FeedState, OutboxEntry, StoredStory } from '../../core/ports.js';
import type { Alert, Delivery, Subscription } from '../../core/types.js';
import type { Db } from './db.js';

export interface ImportSummary {
  subscriptions: number;
  feeds: number;
  seenItems: number;
  alerts: number;
  outboxPending: number;
  outboxDead: number;
  outboxSent: number;
  stories: number;
  digestHeld: number;
}

export function importKeyvLayout(db: Db, now: number): ImportSummary | undefined {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'keyv'`).get();
  if (!has) return undefined;
  const live = new Map<string, unknown>();
  for (const row of db.prepare<[], { key: string; value: string }>('SELECT key, value FROM keyv').iterate()) {
    if (!row.key.startsWith('lw:')) continue;
    try {
      const v = JSON.parse(row.value) as { value?: unknown; expires?: number | null };
      if (typeof v.expires === 'number' && v.expires <= now) continue;
      live.set(row.key.slice(3), v.value);
    } catch {
      // A value keyv could not have read either: left in legacy_keyv.
    }
  }
  const get = <T>(k: string) => live.get(k) as T | undefined;
  const list = (k: string): string[] => (Array.isArray(live.get(k)) ? (live.get(k) as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const keysOf = (prefix: string) => [...live.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  // An index lists the order; keys it lost (a crash between writes) follow, so nothing is left behind.
  const ordered = (index: string, prefix: string) => [...new Set([...list(index), ...keysOf(prefix)])].filter((id) => live.has(prefix + id));
  const s: ImportSummary = { subscriptions: 0, feeds: 0, seenItems: 0, alerts: 0, outboxPending: 0, outboxDead: 0, outboxSent: 0, stories: 0, digestHeld: 0 };

  const putSub = db.prepare(`INSERT OR REPLACE INTO subscriptions (channel, platform, channel_id, want, origin, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const putWatch = db.prepare('INSERT OR REPLACE INTO watchlist (channel, position, symbol, name) VALUES (?, ?, ?, ?)');
  for (const key of ordered('subs', 'sub:')) {
    const sub = get<Subscription>(`sub:${key}`);
    if (!sub?.channel) continue;
    putSub.run(key, sub.channel.platform, sub.channel.id, sub.want, sub.origin, sub.updatedAt, JSON.stringify(sub));
    (sub.watchlist ?? []).forEach((w, i) => putWatch.run(key, i, w.symbol, w.name ?? null));
    s.subscriptions++;
  }
  const putFeed = db.prepare('INSERT OR REPLACE INTO feeds (feed_id, state, last_poll_at, failures, next_attempt_at) VALUES (?, ?, ?, ?, ?)');
  for (const id of ordered('feeds', 'feed:')) {
    const st = get<FeedState>(`feed:${id}`);
    if (!st) continue;
    putFeed.run(id, JSON.stringify(st), st.lastPollAt ?? null, st.consecutiveFailures ?? 0, st.nextAttemptAt ?? null);
    s.feeds++;
  }
  const putSeen = db.prepare('INSERT OR REPLACE INTO seen (feed_id, item_id, seen_at) VALUES (?, ?, ?)');
  for (const feedId of keysOf('seen:')) {
    for (const [item, at] of Object.entries(get<Record<string, number>>(`seen:${feedId}`) ?? {})) {
      putSeen.run(feedId, item, at);
      s.seenItems++;
    }
  }
  const putAlert = db.prepare('INSERT OR REPLACE INTO alerts (id, matched_at, recorded_at, data) VALUES (?, ?, ?, ?)');
  const putSym = db.prepare('INSERT OR REPLACE INTO alert_symbols (symbol, alert_id, seq) VALUES (?, ?, ?)');
  for (const id of keysOf('alert:')) {
    const a = get<Alert>(`alert:${id}`);
    if (!a) continue;
    putAlert.run(id, a.matchedAt, Date.parse(a.matchedAt) || now, JSON.stringify(a));
    s.alerts++;
  }
  for (const sym of keysOf('alerts:')) {
    const ids = list(`alerts:${sym}`).filter((id) => live.has(`alert:${id}`));
    // The old list is newest first.
    ids.forEach((id, i) => putSym.run(sym, id, ids.length - i));
  }
  const putLast = db.prepare('INSERT OR REPLACE INTO last_delivery (channel, at) VALUES (?, ?)');
  for (const ch of keysOf('delivered:')) {
    const at = get<string>(`delivered:${ch}`);
    if (typeof at === 'string') putLast.run(ch, at);
  }
  const putEntry = db.prepare(`INSERT OR REPLACE INTO outbox (seq, id, platform, channel_id, state, next_attempt_at, created_at, done_at, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const entries = keysOf('ob:').filter((k) => k !== 'seq' && k !== 'pending' && k !== 'dead')
    .map((id) => get<OutboxEntry>(`ob:${id}`)).filter((e): e is OutboxEntry => !!e?.delivery)
    .sort((a, b) => a.seq - b.seq);
  for (const e of entries) {
    const ch = e.delivery.channel;
    putEntry.run(e.seq, e.id, ch.platform, ch.id, e.state, e.nextAttemptAt, e.createdAt, e.state === 'sent' ? Date.parse(e.sentAt ?? '') || now : null, JSON.stringify(e));
    if (e.state === 'pending') s.outboxPending++;
    else if (e.state === 'dead') s.outboxDead++;
    else s.outboxSent++;
  }
  const putStory = db.prepare('INSERT OR REPLACE INTO stories (id, last_at, expires_at, data, lead) VALUES (?, ?, ?, ?, ?)');
  const storyIds = ordered('stories', 'story:');
  const storyExpiry = (k: string) => {
    const raw = db.prepare<[string], { value: string }>('SELECT value FROM keyv WHERE key = ?').get(`lw:${k}`);
    const e = raw ? (JSON.parse(raw.value) as { expires?: number | null }).expires : undefined;
    return typeof e === 'number' ? e : now + 4 * 86_400_000;
  };
  for (const id of storyIds) {
    const st = get<StoredStory>(`story:${id}`);
    if (!st?.story) continue;
    putStory.run(id, Date.parse(st.story.lastAt), storyExpiry(`story:${id}`), JSON.stringify(st.story), st.lead ? JSON.stringify(st.lead) : null);
    s.stories++;
  }
  const putMsg = db.prepare('INSERT OR REPLACE INTO story_messages (story_id, channel, message_id, expires_at) VALUES (?, ?, ?, ?)');
  for (const k of keysOf('storymsg:')) {
    // `storymsg:<story id>:<platform>:<channel>`: the story id is the longest known one the key starts with.
    const storyId = storyIds.filter((id) => k.startsWith(`${id}:`)).sort((a, b) => b.length - a.length)[0];
    const msg = get<string>(`storymsg:${k}`);
    if (storyId && typeof msg === 'string') putMsg.run(storyId, k.slice(storyId.length + 1), msg, storyExpiry(`storymsg:${k}`));
  }
  const putHeld = db.prepare('INSERT INTO digest_held (channel, outbox_id, data) VALUES (?, ?, ?)');
  for (const ch of keysOf('digest:')) {
    for (const d of get<Delivery[]>(`digest:${ch}`) ?? []) {
      putHeld.run(ch, `${d.alert.id}|${d.channel.platform}:${d.channel.id}`, JSON.stringify(d));
      s.digestHeld++;
    }
  }
  const putDigestAt = db.prepare('INSERT OR REPLACE INTO digest_sent (channel, at) VALUES (?, ?)');
  for (const ch of keysOf('digestat:')) {
    const at = get<string>(`digestat:${ch}`);
    if (typeof at === 'string') putDigestAt.run(ch, at);
  }
  db.exec('ALTER TABLE keyv RENAME TO legacy_keyv');
  return s;
}
