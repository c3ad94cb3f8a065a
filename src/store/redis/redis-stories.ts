/**
 * The StoryStore on Redis primitives: a key per story, its lead alert in its own key (so saving a story never
 * reads first and two instances cannot overwrite each other's lead), a sorted set of story ids by latest report,
 * and a hash per story of channel → message id. Everything expires after the retention. Placement is serialised
 * across instances by a lease key, and a counter moved by every put tells an instance whether to re-read. The
 * DigestStore is here too: a list per channel of held deliveries, taken with one MULTI so that two instances never both send it.
 */
import { randomBytes } from 'node:crypto';
import type { DigestStore, StoredStory, StoryStore } from '../../core/ports.js';
import type { Story } from '../../core/stories.js';
import type { Alert, ChannelRef, Delivery } from '../../core/types.js';
import { chanKey, chunks, parseJson, type RedisClient } from './client.js';

const RETENTION_MS = 4 * 86_400_000;
// Far longer than a placement (a few round trips), short enough that a crashed holder stalls no one for long.
const PLACEMENT_LEASE_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RedisStories implements StoryStore {
  constructor(private readonly client: RedisClient, private readonly prefix: string, private readonly retentionMs = RETENTION_MS) {}

  private get index() { return `${this.prefix}stories`; }
  private storyKey(id: string) { return `${this.prefix}story:${id}`; }
  private leadKey(id: string) { return `${this.prefix}storylead:${id}`; }
  private msgKey(id: string) { return `${this.prefix}storymsg:${id}`; }
  // Neither expires: a counter that restarted could come back to a value a reader holds and hide a change.
  private get versionKey() { return `${this.prefix}stories:version`; }
  private get placementKey() { return `${this.prefix}stories:placing`; }

  async recent(since: Date): Promise<StoredStory[]> {
    // Ids a retention older than anything asked for are of no use to anyone (their keys have expired too).
    await this.client.zRemRangeByScore(this.index, '-inf', `(${since.getTime() - this.retentionMs}`);
    const ids = await this.client.zRange(this.index, since.getTime(), '+inf', { BY: 'SCORE' });
    const out: StoredStory[] = [];
    for (const part of chunks(ids, 500)) {
      const stories = await this.client.mGet(part.map((id) => this.storyKey(id)));
      const leads = await this.client.mGet(part.map((id) => this.leadKey(id)));
      const gone: string[] = [];
      stories.forEach((raw, i) => {
        const story = parseJson<Story>(raw);
        if (story) out.push({ story, lead: parseJson<Alert>(leads[i]) });
        else gone.push(part[i]!);
      });
      // An expired story leaves its id in the index: drop it, so the index stays the size of the kept stories.
      if (gone.length) await this.client.zRem(this.index, gone);
    }
    return out;
  }

  async put(story: Story, lead?: Alert): Promise<void> {
    const px = { expiration: { type: 'PX' as const, value: this.retentionMs } };
    const tx = this.client.multi().set(this.storyKey(story.id), JSON.stringify(story), px);
    if (lead) tx.set(this.leadKey(story.id), JSON.stringify(lead), px);
    else tx.pExpire(this.leadKey(story.id), this.retentionMs);
    // GT: a late write from an instance holding an older copy never moves the story back in the index.
    tx.zAdd(this.index, { score: Date.parse(story.lastAt), value: story.id }, { comparison: 'GT' });
    tx.incr(this.versionKey);
    await tx.exec();
  }

  async messageFor(storyId: string, channel: ChannelRef): Promise<string | undefined> {
    return (await this.client.hGet(this.msgKey(storyId), chanKey(channel))) ?? undefined;
  }

  async setMessage(storyId: string, channel: ChannelRef, messageId: string): Promise<void> {
    await this.client.multi().hSet(this.msgKey(storyId), chanKey(channel), messageId).pExpire(this.msgKey(storyId), this.retentionMs).exec();
  }

  async claimPlacement(waitMs: number): Promise<{ version: number; release(): Promise<void> } | undefined> {
    const token = randomBytes(8).toString('hex');
    const deadline = Date.now() + waitMs;
    // Short, growing, jittered pauses: a placement takes milliseconds, and waiters should not retry in step.
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      // Takes the lease and reads the put counter in one step (placementClaim in scripts.ts).
      const version = Number(await this.client.placementClaim([this.placementKey, this.versionKey], [token, PLACEMENT_LEASE_MS]));
      if (version >= 0) {
        return { version, release: async () => void (await this.client.leaseRelease([this.placementKey], [token])) };
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await sleep(Math.min(left, pause / 2 + Math.random() * pause));
    }
  }
}

const DIGEST_HOLD_CAP = 500;

export class RedisDigests implements DigestStore {
  constructor(private readonly client: RedisClient, private readonly prefix: string) {}
  private listKey(c: ChannelRef) { return `${this.prefix}digest:${chanKey(c)}`; }

  async hold(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const tx = this.client.multi();
    for (const d of deliveries) tx.rPush(this.listKey(d.channel), JSON.stringify(d));
    for (const key of new Set(deliveries.map((d) => this.listKey(d.channel)))) tx.lTrim(key, -DIGEST_HOLD_CAP, -1);
    await tx.exec();
  }

  async peek(channel: ChannelRef): Promise<Delivery[]> {
    const raws = await this.client.lRange(this.listKey(channel), 0, -1);
    return raws.map((r) => parseJson<Delivery>(r)).filter((d): d is Delivery => !!d);
  }

  /** LREM of each value as `hold` wrote it (JSON round-trips to the same text), so deliveries held since stay. */
  async drop(channel: ChannelRef, deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const tx = this.client.multi();
    for (const d of deliveries) tx.lRem(this.listKey(channel), 1, JSON.stringify(d));
    await tx.exec();
  }

  async lastDigestAt(channel: ChannelRef): Promise<string | undefined> {
    return (await this.client.get(`${this.prefix}digestat:${chanKey(channel)}`)) ?? undefined;
  }

  async setLastDigestAt(channel: ChannelRef, at: string): Promise<void> {
    await this.client.set(`${this.prefix}digestat:${chanKey(channel)}`, at);
  }
}
