/**
 * Stories with their per-channel messages, and the digests' held deliveries, as SQLite tables. Placing a report
 * is made one step among processes sharing the file by a lease row (the same table as the coordinator's), and
 * `version` is a counter row bumped in the same transaction as every story write.
 */
import { outboxId, type DigestStore, type StoredStory, type StoryStore } from '../../core/ports.js';
import type { Story } from '../../core/stories.js';
import type { Alert, ChannelRef, Delivery } from '../../core/types.js';
import { inTransaction, type Db } from './db.js';
import type { SqliteLeases } from './coordinator.js';
import { chanKey } from './state-stores.js';

/** Twice the default grouping window: a story's message stays editable while the story can still grow. */
export const STORY_RETENTION_MS = 4 * 86_400_000;
/** Most deliveries one channel holds for a digest; past it the oldest go (a digest lists a few dozen at most). */
export const DIGEST_HOLD_CAP = 500;
const PLACING = 'stories:placing';
const PLACING_TTL_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SqliteStories implements StoryStore {
  private readonly q;
  private puts = 0;
  constructor(private readonly db: Db, private readonly leases: SqliteLeases, private readonly now: () => number = Date.now,
    private readonly retentionMs = STORY_RETENTION_MS) {
    this.q = {
      recent: db.prepare<[number, number], { data: string; lead: string | null }>(
        'SELECT data, lead FROM stories WHERE last_at >= ? AND expires_at > ? ORDER BY rowid'),
      put: db.prepare(`INSERT INTO stories (id, last_at, expires_at, data, lead) VALUES (@id, @lastAt, @expiresAt, @data, @lead)
        ON CONFLICT (id) DO UPDATE SET last_at = excluded.last_at, expires_at = excluded.expires_at, data = excluded.data,
          lead = coalesce(excluded.lead, stories.lead)`),
      expire: db.prepare('DELETE FROM stories WHERE expires_at <= ?'),
      expireMessages: db.prepare('DELETE FROM story_messages WHERE expires_at <= ?'),
      message: db.prepare<[string, string, number], { message_id: string }>(
        'SELECT message_id FROM story_messages WHERE story_id = ? AND channel = ? AND expires_at > ?'),
      setMessage: db.prepare(`INSERT INTO story_messages (story_id, channel, message_id, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET message_id = excluded.message_id, expires_at = excluded.expires_at`),
      bump: db.prepare(`INSERT INTO counters (name, value) VALUES ('stories', 1) ON CONFLICT DO UPDATE SET value = value + 1`),
      version: db.prepare<[], { value: number }>(`SELECT value FROM counters WHERE name = 'stories'`),
    };
  }

  async recent(since: Date): Promise<StoredStory[]> {
    return this.q.recent.all(since.getTime(), this.now()).map((r) => ({
      story: JSON.parse(r.data) as Story,
      lead: r.lead ? (JSON.parse(r.lead) as Alert) : undefined,
    }));
  }

  async put(story: Story, lead?: Alert): Promise<void> {
    const now = this.now();
    inTransaction(this.db, () => {
      this.q.put.run({ id: story.id, lastAt: Date.parse(story.lastAt), expiresAt: now + this.retentionMs, data: JSON.stringify(story), lead: lead ? JSON.stringify(lead) : null });
      this.q.bump.run();
      if (++this.puts % 100 === 1) {
        this.q.expire.run(now);
        this.q.expireMessages.run(now);
      }
    });
  }

  async messageFor(storyId: string, channel: ChannelRef): Promise<string | undefined> {
    return this.q.message.get(storyId, chanKey(channel), this.now())?.message_id;
  }

  async setMessage(storyId: string, channel: ChannelRef, messageId: string): Promise<void> {
    this.q.setMessage.run(storyId, chanKey(channel), messageId, this.now() + this.retentionMs);
  }

  async claimPlacement(waitMs: number): Promise<{ version: number; release(): Promise<void> } | undefined> {
    const until = this.now() + waitMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      if (this.leases.claim(PLACING, PLACING_TTL_MS)) {
        return {
          version: this.q.version.get()?.value ?? 0,
          release: async () => { this.leases.release(PLACING); },
        };
      }
      if (this.now() >= until) return undefined;
      await sleep(Math.min(pause, Math.max(1, until - this.now())));
    }
  }
}

export class SqliteDigests implements DigestStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      hold: db.prepare('INSERT INTO digest_held (channel, outbox_id, data) VALUES (?, ?, ?)'),
      trim: db.prepare(`DELETE FROM digest_held WHERE channel = @channel AND seq NOT IN
        (SELECT seq FROM digest_held WHERE channel = @channel ORDER BY seq DESC LIMIT @cap)`),
      peek: db.prepare<[string], { data: string }>('SELECT data FROM digest_held WHERE channel = ? ORDER BY seq'),
      firstOf: db.prepare<[string, string], { seq: number }>('SELECT seq FROM digest_held WHERE channel = ? AND outbox_id = ? ORDER BY seq LIMIT 1'),
      remove: db.prepare('DELETE FROM digest_held WHERE seq = ?'),
      lastAt: db.prepare<[string], { at: string }>('SELECT at FROM digest_sent WHERE channel = ?'),
      setLastAt: db.prepare('INSERT INTO digest_sent (channel, at) VALUES (?, ?) ON CONFLICT DO UPDATE SET at = excluded.at'),
    };
  }

  async hold(deliveries: readonly Delivery[]): Promise<void> {
    inTransaction(this.db, () => {
      const channels = new Set<string>();
      for (const d of deliveries) {
        const channel = chanKey(d.channel);
        channels.add(channel);
        this.q.hold.run(channel, outboxId(d), JSON.stringify(d));
      }
      for (const channel of channels) this.q.trim.run({ channel, cap: DIGEST_HOLD_CAP });
    });
  }

  async peek(channel: ChannelRef): Promise<Delivery[]> {
    return this.q.peek.all(chanKey(channel)).map((r) => JSON.parse(r.data) as Delivery);
  }

  /** Removes one held row per given delivery (the oldest with its outbox id): later holds of the same one stay. */
  async drop(channel: ChannelRef, deliveries: readonly Delivery[]): Promise<void> {
    const key = chanKey(channel);
    inTransaction(this.db, () => {
      for (const d of deliveries) {
        const row = this.q.firstOf.get(key, outboxId(d));
        if (row) this.q.remove.run(row.seq);
      }
    });
  }

  async lastDigestAt(channel: ChannelRef): Promise<string | undefined> {
    return this.q.lastAt.get(chanKey(channel))?.at;
  }

  async setLastDigestAt(channel: ChannelRef, at: string): Promise<void> {
    this.q.setLastAt.run(chanKey(channel), at);
  }
}
