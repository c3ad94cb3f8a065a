/**
 * The dashboard's reads on Redis: the alert log is a sorted set of ids by record time (written by RedisAlertLog),
 * read newest first and filtered here in chunks; an alert's outbox entries are the keys `<alert>|<channel>` for the
 * channels the bot knows (subscriptions), fetched with one MGET.
 */
import type { AlertFilter, AlertPage, AlertPageQuery, AlertTopics, DashboardQueries, FeedFailureEvent, PostTimes } from '../../core/dashboard-queries.js';
import type { OutboxEntry, StoredStory, SubscriptionStore } from '../../core/ports.js';
import type { Story } from '../../core/stories.js';
import type { Alert } from '../../core/types.js';
import { chanKey, chunks, parseJson, type RedisClient } from './client.js';
import { outboxEntryKey } from './outbox.js';
import { alertLogKey, feedFailuresKey } from './state-stores.js';

const CHUNK = 500;

export class RedisDashboardQueries implements DashboardQueries {
  private indexed: Promise<void> | undefined;
  constructor(private readonly client: RedisClient, private readonly prefix: string, private readonly subscriptions: SubscriptionStore) {}

  /**
   * Alerts recorded before the log index existed (an older lithium-wire) are added to it once, from their keys, at
   * their match time: an upgraded deployment's dashboard shows the month it already has.
   */
  private ensureIndexed(): Promise<void> {
    this.indexed ??= (async () => {
      const key = alertLogKey(this.prefix);
      const done = `${key}:indexed`;
      if (await this.client.exists(done)) return;
      for await (const keys of this.client.scanIterator({ MATCH: `${this.prefix}alert:*`, COUNT: 1000 })) {
        if (keys.length === 0) continue;
        const alerts = (await this.client.mGet(keys)).map((r) => parseJson<Alert>(r)).filter((a): a is Alert => !!a);
        const members = alerts.map((a) => ({ score: Date.parse(a.matchedAt) || 0, value: a.id }));
        // NX: an alert recorded meanwhile keeps its real record time.
        if (members.length) await this.client.zAdd(key, members, { condition: 'NX' });
      }
      await this.client.set(done, new Date().toISOString());
    })().catch((e: unknown) => {
      this.indexed = undefined;
      throw e;
    });
    return this.indexed;
  }

  private alertKey(id: string) { return `${this.prefix}alert:${id}`; }

  private async load(ids: readonly string[]): Promise<Alert[]> {
    if (ids.length === 0) return [];
    const raws = await this.client.mGet(ids.map((id) => this.alertKey(id)));
    return raws.map((r) => parseJson<Alert>(r)).filter((a): a is Alert => !!a);
  }

  async alertPage(q: AlertPageQuery): Promise<AlertPage> {
    await this.ensureIndexed();
    const limit = Math.max(0, Math.floor(q.limit));
    const offset = Math.max(0, Math.floor(q.offset));
    const key = alertLogKey(this.prefix);
    if (!q.ticker && !q.topic && !q.feed && !q.channel) {
      const ids = await this.client.zRange(key, offset, offset + limit, { REV: true });
      const alerts = await this.load(ids);
      return { alerts: alerts.slice(0, limit), more: ids.length > limit };
    }
    // Filtered: walk the log newest first until the page (and one more) is found.
    const found: Alert[] = [];
    for (let start = 0; found.length <= offset + limit; start += CHUNK) {
      const ids = await this.client.zRange(key, start, start + CHUNK - 1, { REV: true });
      if (ids.length === 0) break;
      const candidates = (await this.load(ids)).filter((a) => matches(a, q));
      found.push(...(q.channel ? await this.queuedFor(candidates, chanKey(q.channel)) : candidates));
      if (ids.length < CHUNK) break;
    }
    return { alerts: found.slice(offset, offset + limit), more: found.length > offset + limit };
  }

  private async queuedFor(alerts: Alert[], chan: string): Promise<Alert[]> {
    if (alerts.length === 0) return [];
    const raws = await this.client.mGet(alerts.map((a) => outboxEntryKey(this.prefix, `${a.id}|${chan}`)));
    return alerts.filter((_, i) => raws[i] !== null && raws[i] !== undefined);
  }

  async alertById(id: string): Promise<Alert | undefined> {
    return parseJson<Alert>(await this.client.get(this.alertKey(id)));
  }

  async alertCount(): Promise<number> {
    await this.ensureIndexed();
    return this.client.zCard(alertLogKey(this.prefix));
  }

  async alertsSince(since: Date, limit: number): Promise<Alert[]> {
    if (limit < 1) return [];
    await this.ensureIndexed();
    const ids = await this.client.zRange(alertLogKey(this.prefix), '+inf', since.getTime(), { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: limit } });
    const out: Alert[] = [];
    for (const part of chunks(ids, CHUNK)) out.push(...(await this.load(part)));
    return out;
  }

  async alertTopicsSince(since: Date, limit: number): Promise<AlertTopics[]> {
    return (await this.alertsSince(since, limit)).map((a) => ({ matchedAt: a.matchedAt, topics: a.match.topics }));
  }

  async postsSince(since: Date, limit: number): Promise<PostTimes[]> {
    // The newest `limit` alerts' posts: at least as many as asked for whenever each alert was posted once.
    const ids = await this.client.zRange(alertLogKey(this.prefix), '+inf', since.getTime(), { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: limit } });
    const out: PostTimes[] = [];
    for (const e of await this.deliveriesOf(ids)) {
      if (out.length >= limit) break;
      if (e.state === 'sent' && e.sentAt) out.push({ matchedAt: e.delivery.alert.matchedAt, sentAt: e.sentAt, digest: !!e.delivery.digest });
    }
    return out;
  }

  async deliveriesOf(alertIds: readonly string[]): Promise<OutboxEntry[]> {
    const channels = [...new Set((await this.subscriptions.list()).map((s) => chanKey(s.channel)))];
    const ids = [...new Set(alertIds)].flatMap((a) => channels.map((c) => `${a}|${c}`));
    const out: OutboxEntry[] = [];
    for (const part of chunks(ids, CHUNK)) {
      const raws = await this.client.mGet(part.map((id) => outboxEntryKey(this.prefix, id)));
      for (const r of raws) {
        const e = parseJson<OutboxEntry>(r);
        if (e) out.push(e);
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  async story(id: string): Promise<StoredStory | undefined> {
    const [raw, lead] = await this.client.mGet([`${this.prefix}story:${id}`, `${this.prefix}storylead:${id}`]);
    const story = parseJson<Story>(raw);
    return story ? { story, lead: parseJson<Alert>(lead) } : undefined;
  }

  async feedFailures(since: Date, limit: number): Promise<FeedFailureEvent[]> {
    if (limit < 1) return [];
    const raws = await this.client.zRange(feedFailuresKey(this.prefix), since.getTime(), '+inf', { BY: 'SCORE', LIMIT: { offset: 0, count: limit } });
    return raws.map((r) => parseJson<FeedFailureEvent>(r)).filter((e): e is FeedFailureEvent => !!e);
  }
}

function matches(a: Alert, f: AlertFilter): boolean {
  if (f.ticker && !a.match.tickers.includes(f.ticker)) return false;
  if (f.topic && !a.match.topics.includes(f.topic)) return false;
  if (f.feed && a.item.feedId !== f.feed) return false;
  return true;
}
