/**
 * Chat-added feeds on Redis: a hash of feeds by id, a hash of URL key → id, a set of ids per workspace (the cap)
 * and a sorted set for their order. Adding runs as one Lua call, so the duplicate and cap checks and the write
 * are one step among instances. The scripts are sent with EVAL: adding a feed is a rare admin action, and keeping
 * them here leaves the hot-path scripts registered on the client (scripts.ts) as they are. Pauses of
 * config/feeds.yaml feeds are an ordered JSON hash of their own (`feedpauses`), written with HSETNX semantics.
 */
import { feedUrlKey, type ChatFeed, type FeedAddResult, type FeedPause, type FeedRegistry } from '../../core/feed-registry.js';
import { parseJson, type RedisClient } from './client.js';

const ADD = `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return {'duplicate', existing} end
local other = redis.call('HGET', KEYS[2], ARGV[2])
if other then return {'duplicate', redis.call('HGET', KEYS[1], other) or ''} end
local cap = tonumber(ARGV[4])
if cap >= 0 then
  local n = redis.call('SCARD', KEYS[3])
  if n >= cap then return {'cap', tostring(n)} end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[5]), ARGV[1])
return {'added'}`;

// Only a feed still there is updated: a pause racing a remove must not bring the feed back.
const SET_IF_PRESENT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 end
return 0`;

// The first pause is kept (its time and author), and the order set gives the list its pause order.
const PAUSE = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
return 1`;

export class RedisFeedRegistry implements FeedRegistry {
  private readonly feeds: string;
  private readonly urls: string;
  private readonly order: string;
  private readonly seq: string;
  private readonly pauses: string;
  constructor(private readonly client: RedisClient, private readonly prefix: string) {
    this.feeds = `${prefix}chatfeeds`;
    this.urls = `${prefix}chatfeeds:url`;
    this.order = `${prefix}chatfeeds:order`;
    this.seq = `${prefix}chatfeeds:seq`;
    this.pauses = `${prefix}feedpauses`;
  }

  private wsKey(f: ChatFeed): string {
    return `${this.prefix}chatfeeds:ws:${f.addedBy.platform}:${f.addedBy.workspace}`;
  }

  async add(feed: ChatFeed, opts: { maxPerWorkspace?: number | undefined } = {}): Promise<FeedAddResult> {
    const reply = (await this.client.eval(ADD, {
      keys: [this.feeds, this.urls, this.wsKey(feed), this.order, this.seq],
      arguments: [feed.id, feedUrlKey(feed.url), JSON.stringify(feed), String(opts.maxPerWorkspace ?? -1)],
    })) as string[];
    if (reply[0] === 'added') return { status: 'added', feed };
    if (reply[0] === 'cap') return { status: 'cap', count: Number(reply[1]) };
    const existing = parseJson<ChatFeed>(reply[1]);
    // An URL index pointing at a vanished feed cannot happen through this class; say duplicate with what we have.
    return { status: 'duplicate', existing: existing ?? feed };
  }

  async get(id: string): Promise<ChatFeed | undefined> {
    return parseJson<ChatFeed>(await this.client.hGet(this.feeds, id));
  }

  async byUrl(url: string): Promise<ChatFeed | undefined> {
    const id = await this.client.hGet(this.urls, feedUrlKey(url));
    return id ? this.get(id) : undefined;
  }

  async remove(id: string): Promise<ChatFeed | undefined> {
    const feed = await this.get(id);
    if (!feed) return undefined;
    await this.client.multi().hDel(this.feeds, id).hDel(this.urls, feedUrlKey(feed.url)).sRem(this.wsKey(feed), id).zRem(this.order, id).exec();
    return feed;
  }

  async setPaused(id: string, paused: boolean): Promise<boolean> {
    const feed = await this.get(id);
    if (!feed) return false;
    const n = await this.client.eval(SET_IF_PRESENT, { keys: [this.feeds], arguments: [id, JSON.stringify({ ...feed, paused })] });
    return n === 1;
  }

  async list(): Promise<ChatFeed[]> {
    const ids = await this.client.zRange(this.order, 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.client.hmGet(this.feeds, ids);
    return raws.map((r) => parseJson<ChatFeed>(r)).filter((f): f is ChatFeed => f !== undefined);
  }

  async pauseConfigured(p: FeedPause): Promise<boolean> {
    const n = await this.client.eval(PAUSE, { keys: [this.pauses, `${this.pauses}:order`, `${this.pauses}:seq`], arguments: [p.id, JSON.stringify(p)] });
    return n === 1;
  }

  async resumeConfigured(id: string): Promise<boolean> {
    const [n] = await this.client.multi().hDel(this.pauses, id).zRem(`${this.pauses}:order`, id).exec();
    return Number(n) === 1;
  }

  async configuredPauses(): Promise<FeedPause[]> {
    const ids = await this.client.zRange(`${this.pauses}:order`, 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.client.hmGet(this.pauses, ids);
    return raws.map((r) => parseJson<FeedPause>(r)).filter((p): p is FeedPause => p !== undefined);
  }
}
