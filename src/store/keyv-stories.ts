/**
 * The StoryStore on keyv: one key per story, a small index of story ids (updated under a lock, as keyv cannot
 * scan), and one key per (story, channel) message. Everything expires after the retention, so a story that
 * closed long ago costs nothing. The DigestStore lives here too: a channel's held deliveries are one key.
 */
import type { Keyv } from 'keyv';
import { outboxId, type DigestStore, type StoredStory, type StoryStore } from '../core/ports.js';
import type { Story } from '../core/stories.js';
import type { Alert, ChannelRef, Delivery } from '../core/types.js';
import type { KeyedMutex } from './mutex.js';

const chanKey = (c: ChannelRef) => `${c.platform}:${c.id}`;
/** Twice the default grouping window: a story's message stays editable while the story can still grow. */
export const STORY_RETENTION_MS = 4 * 86_400_000;

export class KeyvStories implements StoryStore {
  // In memory: one process owns the file, so its own puts are all the changes there are.
  private version = 0;

  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex, private readonly retentionMs = STORY_RETENTION_MS) {}

  private async index(): Promise<string[]> {
    const v: unknown = await this.kv.get('stories');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  async recent(since: Date): Promise<StoredStory[]> {
    const ids = await this.index();
    if (ids.length === 0) return [];
    const all = await this.kv.get<StoredStory>(ids.map((id) => `story:${id}`));
    const gone = ids.filter((_, i) => !all[i]);
    if (gone.length) {
      // Expired stories leave their id behind: drop it so the index stays the size of the open stories.
      await this.lock.run('stories', async () => {
        const now = await this.index();
        await this.kv.set('stories', now.filter((id) => !gone.includes(id)));
      });
    }
    return all.filter((s): s is StoredStory => !!s && Date.parse(s.story.lastAt) >= since.getTime());
  }

  async put(story: Story, lead?: Alert): Promise<void> {
    await this.lock.run(`story:${story.id}`, async () => {
      const before = lead ? undefined : await this.kv.get<StoredStory>(`story:${story.id}`);
      const stored: StoredStory = { story, lead: lead ?? before?.lead };
      await this.kv.set(`story:${story.id}`, stored, this.retentionMs);
      this.version++;
    });
    const ids = await this.index();
    if (ids.includes(story.id)) return;
    await this.lock.run('stories', async () => {
      const again = await this.index();
      if (!again.includes(story.id)) await this.kv.set('stories', [...again, story.id]);
    });
  }

  async messageFor(storyId: string, channel: ChannelRef): Promise<string | undefined> {
    return (await this.kv.get<string>(`storymsg:${storyId}:${chanKey(channel)}`)) ?? undefined;
  }

  async setMessage(storyId: string, channel: ChannelRef, messageId: string): Promise<void> {
    await this.kv.set(`storymsg:${storyId}:${chanKey(channel)}`, messageId, this.retentionMs);
  }

  /** Only stages sharing this store in one process contend (tests); the embedded app does not ask for it. */
  async claimPlacement(waitMs: number): Promise<{ version: number; release(): Promise<void> } | undefined> {
    let release = () => {};
    const held = new Promise<void>((r) => { release = r; });
    let gaveUp = false;
    const entered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => { gaveUp = true; resolve(false); }, waitMs);
      void this.lock.run('stories:placing', async () => {
        if (gaveUp) return;
        clearTimeout(timer);
        resolve(true);
        await held;
      });
    });
    return entered ? { version: this.version, release: async () => release() } : undefined;
  }
}

/** Most deliveries one channel holds for a digest; past it the oldest go (a digest lists a few dozen at most). */
export const DIGEST_HOLD_CAP = 500;

const countIds = (ds: readonly Delivery[]) => {
  const m = new Map<string, number>();
  for (const d of ds) m.set(outboxId(d), (m.get(outboxId(d)) ?? 0) + 1);
  return m;
};
/** Consumes one count of `id`: true when it was there. */
const takeOne = (m: Map<string, number>, id: string) => {
  const n = m.get(id) ?? 0;
  if (n > 0) m.set(id, n - 1);
  return n > 0;
};

export class KeyvDigests implements DigestStore {
  constructor(private readonly kv: Keyv, private readonly lock: KeyedMutex) {}

  async hold(deliveries: readonly Delivery[]): Promise<void> {
    const byChannel = new Map<string, Delivery[]>();
    for (const d of deliveries) byChannel.set(chanKey(d.channel), [...(byChannel.get(chanKey(d.channel)) ?? []), d]);
    for (const [key, list] of byChannel) {
      await this.lock.run(`digest:${key}`, async () => {
        const held = (await this.kv.get<Delivery[]>(`digest:${key}`)) ?? [];
        await this.kv.set(`digest:${key}`, [...held, ...list].slice(-DIGEST_HOLD_CAP));
      });
    }
  }

  async peek(channel: ChannelRef): Promise<Delivery[]> {
    return (await this.kv.get<Delivery[]>(`digest:${chanKey(channel)}`)) ?? [];
  }

  async drop(channel: ChannelRef, deliveries: readonly Delivery[]): Promise<void> {
    const key = chanKey(channel);
    await this.lock.run(`digest:${key}`, async () => {
      const held = (await this.kv.get<Delivery[]>(`digest:${key}`)) ?? [];
      const gone = countIds(deliveries);
      const left = held.filter((d) => !takeOne(gone, outboxId(d)));
      if (left.length === held.length) return;
      if (left.length) await this.kv.set(`digest:${key}`, left);
      else await this.kv.delete(`digest:${key}`);
    });
  }

  async lastDigestAt(channel: ChannelRef): Promise<string | undefined> {
    return (await this.kv.get<string>(`digestat:${chanKey(channel)}`)) ?? undefined;
  }

  async setLastDigestAt(channel: ChannelRef, at: string): Promise<void> {
    await this.kv.set(`digestat:${chanKey(channel)}`, at);
  }
}
