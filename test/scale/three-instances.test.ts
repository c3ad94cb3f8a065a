/**
 * Issue 8 end to end: three `lithium-wire start` processes on one real Redis, 50 loopback feeds polled every
 * 4 s, four Discord channels on the fake Discord. Over several intervals each feed is fetched once per interval
 * (counted at the feed server), every alert reaches every channel exactly once, exactly one instance holds the
 * Discord gateway, and when that instance is SIGKILLed mid-poll the others finish its feeds in the same interval
 * and take the gateway over.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from '../redis/redis-env.js';
import type { RedisClient } from '../../src/store/redis/client.js';
import { DISTINCT_STORIES as STORIES } from './stories.js';
import { describeAll as describeInstances, killAll, metric, metricsUrl, scrape, startInstance, until } from './instances.js';

const FEEDS = 50;
/** Feeds that carry one new lithium-supply story per interval (the rest answer 304). */
const ALERT_FEEDS = 2;
const INTERVAL_MS = 4_000;
const SCHEDULE = '*/4 * * * * *';
/** Intervals with new stories; the instance is killed in the third. */
const ACTIVE = 5;
const KILL_AT = 2;
/** Feed responses take this long, so a killed poller dies with fetches in flight. */
const FEED_DELAY_MS = 300;

const root = mkdtempSync(join(tmpdir(), 'lw-scale-'));
const prefix = runPrefix('scale');
let admin: RedisClient | undefined;
let fake: FakeDiscord;
let feeds: FeedServer;

/** Every request: feed, interval bucket, and whether the response was completed (not cut by a dying client). */
const requests: { feed: number; bucket: number; completed: boolean; at: number; from: string }[] = [];
/** Called with each request as it arrives (the test kills the victim from here, while its fetch is in flight). */
let onRequest: (r: (typeof requests)[number]) => void = () => undefined;
let firstBucket = Infinity;
const bucketOf = (ms: number) => Math.floor(ms / INTERVAL_MS);

beforeAll(async () => {
  admin = await connectTestRedis();
  fake = await FakeDiscord.start();
  feeds = await startFeedServer();
});
afterAll(async () => {
  killAll();
  await fake?.close();
  await feeds?.close();
  if (admin) {
    await dropPrefix(admin, prefix);
    await admin.close();
  }
  rmSync(root, { recursive: true, force: true });
});

function storyItem(feed: number, bucket: number): string {
  const [title, summary] = STORIES[(feed * ACTIVE + bucket - firstBucket) % STORIES.length]!;
  return `<item><title>${title} (story ${feed}-${bucket})</title><link>https://news.example/${feed}/${bucket}</link>` +
    `<guid>${feed}-${bucket}</guid><pubDate>${new Date(bucket * INTERVAL_MS).toUTCString()}</pubDate><description>${summary}</description></item>`;
}

function rss(feed: number, bucket: number): string {
  const items: string[] = [];
  if (feed < ALERT_FEEDS) {
    // The last three intervals' stories, so a feed polled late still carries what it missed.
    for (let b = Math.max(firstBucket, bucket - 2); b <= Math.min(bucket, firstBucket + ACTIVE - 1); b++) items.push(storyItem(feed, b));
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire ${feed}</title>${items.join('')}</channel></rss>`;
}

function serveFeed(feed: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const bucket = bucketOf(Date.now());
    // Each instance's config names it in its User-Agent, so the server knows who asked.
    const rec = { feed, bucket, completed: false, at: Date.now(), from: /lw-scale-test (\w+)/.exec(req.headers['user-agent'] ?? '')?.[1] ?? '?' };
    requests.push(rec);
    onRequest(rec);
    const body = rss(feed, bucket);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 12)}"`;
    const timer = setTimeout(() => {
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { ETag: etag }).end();
      else res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag }).end(body);
    }, FEED_DELAY_MS);
    res.on('close', () => {
      clearTimeout(timer);
      rec.completed = res.writableFinished;
    });
  };
}

const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

describe('three instances on one Redis', () => {
  it('fetch each feed once per interval, deliver each alert once per channel, and survive a SIGKILL', async () => {
    const channels = ['810000000000000001', '810000000000000002', fake.addChannel('desk-3'), fake.addChannel('desk-4')];
    for (let f = 0; f < FEEDS; f++) feeds.route(`/f${f}.rss`, { handler: serveFeed(f) });
    const feedLines = Array.from({ length: FEEDS }, (_, f) => `  - { id: f${f}, url: "${feeds.url(`/f${f}.rss`)}", schedule: "${SCHEDULE}" }`);
    const configFor = (name: string) => {
      const dir = join(root, `config-${name}`);
      cpSync('config', dir, { recursive: true });
      writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  concurrency: 8\n  perHostConcurrency: 8\n  userAgent: "lw-scale-test ${name}"\nfeeds:\n${feedLines.join('\n')}\n`);
      writeFileSync(join(dir, 'subscriptions.yaml'), `subscriptions:\n${channels.map((c) => `  - { platform: discord, channel: "${c}", want: lithium-supply }`).join('\n')}\n`);
      return dir;
    };
    const env = {
      PATH: process.env.PATH ?? '', HOME: root, LOG_LEVEL: 'warn', ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
      STORE_URL: REDIS_URL, REDIS_PREFIX: prefix, PORT: '0',
      DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId,
      DELIVERY_LEASE_MS: '2000', GATEWAY_LEASE_MS: '2000', DRAIN_INTERVAL_MS: '500',
    };

    const all = ['i1', 'i2', 'i3'].map((n) => startInstance(n, configFor(n), env));
    const describeAll = describeInstances(all);
    const warnings = () => all.map((i) => `--- ${i.name}\n${(i.stdout() + i.stderr()).split('\n').filter((l) => /warn|error|claim/i.test(l)).join('\n').slice(-2000)}`).join('\n');
    await until(() => all.every((i) => i.stdout().includes('polling 1 schedule(s)') && metricsUrl(i)), 60_000, () => `three ready instances\n${describeAll()}`);
    await until(() => all.some((i) => i.stdout().includes('gateway connected')), 20_000, () => `a gateway holder\n${describeAll()}`);
    const holders = all.filter((i) => i.stdout().includes('discord commands: gateway connected'));
    expect(holders).toHaveLength(1);
    expect(all.filter((i) => i.stdout().includes('gateway held by another instance'))).toHaveLength(2);
    expect(fake.readySessions).toBe(1);

    // Stories start at the next interval; the gateway holder dies mid-poll in the third.
    firstBucket = bucketOf(Date.now()) + 1;
    const victim = holders[0]!;
    const survivors = all.filter((i) => i !== victim);
    // Killed as its first fetch of the kill interval arrives: it dies with that fetch (and its others) in flight.
    let killedAt = 0;
    onRequest = (r) => {
      if (killedAt || r.from !== victim.name || r.bucket !== firstBucket + KILL_AT) return;
      victim.child.kill('SIGKILL');
      killedAt = Date.now();
    };
    await until(() => killedAt > 0, (firstBucket + KILL_AT + 1) * INTERVAL_MS - Date.now(), () => `a fetch by ${victim.name} in the kill interval\n${describeAll()}`);
    await until(() => survivors.some((i) => i.stdout().includes('discord commands: gateway connected')), 15_000, () => `a gateway takeover\n${describeAll()}`);
    const takeoverMs = Date.now() - killedAt;
    expect(await victim.exited).toBe(null);
    await sleepUntil((firstBucket + ACTIVE + 1) * INTERVAL_MS + INTERVAL_MS / 2);

    // Every story reaches every channel exactly once (the killed instance's unfinished sends included).
    const stories = Array.from({ length: ALERT_FEEDS }, (_, f) => Array.from({ length: ACTIVE }, (_, k) => `(story ${f}-${firstBucket + k})`)).flat();
    const count = (channel: string, story: string) => fake.channelMessages(channel).filter((m) => JSON.stringify(m.body).includes(story)).length;
    const missing = () => channels.flatMap((c) => stories.filter((s) => count(c, s) === 0).map((s) => `${c} ${s}`));
    const outbox = async () => JSON.stringify({
      pending: await admin!.zRange(`${prefix}ob:pending`, 0, 20),
      dead: await admin!.zRange(`${prefix}ob:dead`, 0, 20),
      patches: fake.requests.filter((r) => r.method === 'PATCH').length,
    });
    await until(() => missing().length === 0, 30_000, () => `all ${stories.length} stories in ${channels.length} channels; missing ${missing().join(', ')}\n${describeAll()}`)
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\noutbox ${await outbox()}`);
      });
    for (const c of channels) {
      expect(fake.channelMessages(c)).toHaveLength(stories.length);
      for (const s of stories) expect(count(c, s), `${s} in ${c}`).toBe(1);
    }

    // Each feed fetched once per interval: exactly one completed response per (feed, interval); in the kill
    // interval, the requests the dead instance left unanswered were made again by a survivor, once.
    const window = Array.from({ length: ACTIVE + 1 }, (_, k) => firstBucket + k);
    for (const b of window) {
      for (let f = 0; f < FEEDS; f++) {
        const hits = requests.filter((r) => r.feed === f && r.bucket === b);
        // On failure: when each request came (ms into its interval, which instance) and what the instances warned.
        const why = `feed ${f} interval ${b - firstBucket}: ${JSON.stringify(hits.map((r) => [r.at - b * INTERVAL_MS, r.from, r.completed]))}\n${warnings()}`;
        expect(hits.filter((r) => r.completed).length, why).toBe(1);
        if (b !== firstBucket + KILL_AT) expect(hits.length, why).toBe(1);
        else expect(hits.length, why).toBe(1 + hits.filter((r) => !r.completed).length);
      }
    }
    const cutOff = requests.filter((r) => r.bucket === firstBucket + KILL_AT && !r.completed).length;
    if (process.env.LW_DEBUG) console.log(JSON.stringify(requests.filter((r) => r.bucket === firstBucket + KILL_AT).map((r) => [r.feed, r.at - r.bucket * INTERVAL_MS, r.completed])));
    expect(cutOff).toBeGreaterThan(0);

    // Per-instance metrics: one gateway leader left, the queue empty, every interval's fetches accounted for.
    const scraped = await Promise.all(survivors.map(scrape));
    expect(scraped.map((t) => metric(t, 'lw_gateway_leader')).sort()).toEqual([0, 1]);
    for (const t of scraped) {
      expect(metric(t, 'lw_outbox_pending')).toBe(0);
      expect(t).toMatch(/^lw_instance_info\{instance="i[123]",role="all",store="redis"\} 1$/m);
    }
    const polls = scraped.reduce((n, t) => n + metric(t, 'lw_polls_total'), 0);
    expect(polls).toBeGreaterThan(FEEDS * 2);
    const health = await fetch(`${metricsUrl(survivors[0]!)}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);

    for (const i of survivors) i.child.kill('SIGTERM');
    for (const i of survivors) expect(await i.exited).toBe(0);
    if (process.env.LW_DEBUG) console.log(JSON.stringify({ takeoverMs, cutOff, polls, posts: fake.messagePosts().length }));
  }, 150_000);
});
