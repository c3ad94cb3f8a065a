/**
 * The dashboard's fetch statistics come from the stored feed state, so they are the same on every instance and
 * outlive a restart:
 * - two `lithium-wire start` processes on one Redis, a `--role poller` that fetches and a `--role delivery` that
 *   never does: the delivery instance's feeds page shows the poller's polls (HTTP status, 304 share, count);
 * - on SQLite, a bot polls, stops, and a second run (the feed disabled, so it polls it no more) shows the same
 *   numbers.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';
import type { RedisClient } from '../../src/store/redis/client.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { connectTestRedis, dropPrefix, REDIS_URL, runPrefix } from '../redis/redis-env.js';
import { describeAll, killAll, metricsUrl, startInstance, until, type Instance } from './instances.js';

const root = mkdtempSync(join(tmpdir(), 'lw-feed-stats-'));
const prefix = runPrefix('feedstats');
let admin: RedisClient | undefined;
let feeds: FeedServer;

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Old news</title><guid>g1</guid></item></channel></rss>';

beforeAll(async () => {
  admin = await connectTestRedis();
  feeds = await startFeedServer();
  // An ETag: every poll after the first is answered 304.
  feeds.route('/wire.rss', { body: RSS, etag: '"v1"' });
});
afterAll(async () => {
  killAll();
  await feeds?.close();
  if (admin) {
    await dropPrefix(admin, prefix);
    await admin.close();
  }
  rmSync(root, { recursive: true, force: true });
});

function configDir(name: string, feedsYaml: string): string {
  const dir = join(root, name);
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  writeFileSync(join(dir, 'feeds.yaml'), feedsYaml);
  return dir;
}

const envOf = (store: Record<string, string>) => ({
  PATH: process.env.PATH ?? '', HOME: root, LOG_LEVEL: 'warn', ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
  PORT: '0', HOST: '127.0.0.1', ...store,
});

/** The feed's row on an instance's feeds page: HTTP status, "N% of M" 304 share, and the row's HTML. */
async function feedRow(i: Instance, feed: string): Promise<{ status: string; share: number; polls: number; html: string } | undefined> {
  const page = await (await fetch(`${metricsUrl(i)}/feeds`)).text();
  const row = new RegExp(`<tr[^>]*data-feed="${feed}">[\\s\\S]*?</tr>`).exec(page)?.[0];
  const cells = row ? [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!) : [];
  const share = /(\d+)% of (\d+)/.exec(row ?? '');
  if (!row || !share) return undefined;
  return { status: cells[4] ?? '', share: Number(share[1]), polls: Number(share[2]), html: row };
}

async function waitForRow(i: Instance, feed: string, cond: (r: NonNullable<Awaited<ReturnType<typeof feedRow>>>) => boolean, what: () => string) {
  const end = Date.now() + 60_000;
  for (;;) {
    const r = await feedRow(i, feed).catch(() => undefined);
    if (r && cond(r)) return r;
    if (Date.now() > end) throw new Error(`timed out waiting for ${feed}'s row (last: ${r?.html ?? 'none'})\n${what()}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('feed fetch statistics are the stored ones', () => {
  it('on one Redis, the delivery instance\u2019s dashboard shows the polls the poller instance made', async () => {
    const dir = configDir('redis', `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}", schedule: "*/2 * * * * *" }\n`);
    const env = envOf({ STORE_URL: REDIS_URL, REDIS_PREFIX: prefix });
    const poller = startInstance('poller', dir, env, ['--role', 'poller']);
    const delivery = startInstance('delivery', dir, env, ['--role', 'delivery']);
    const why = describeAll([poller, delivery]);
    await until(() => [poller, delivery].every((i) => metricsUrl(i) && /polling/.test(i.stdout())), 60_000, () => `ready instances\n${why()}`);
    expect(delivery.stdout()).toContain('polling: off (role delivery)');

    // The poller's first fetch (200) and at least two 304s, as the feed server counts them.
    await until(() => feeds.hits('/wire.rss') >= 3, 30_000, () => `three polls\n${why()}`);
    const row = await waitForRow(delivery, 'wire', (r) => r.polls >= 3 && r.status === '304', why);
    expect(row.polls).toBeLessThanOrEqual(feeds.hits('/wire.rss'));
    // One 200 among them: the share is below 100% and above 0.
    expect(row.share).toBeGreaterThan(0);
    expect(row.share).toBeLessThan(100);
    expect(row.html).toContain('ETag');
    expect(row.html).toMatch(/\d+ ms/);
    for (const i of [poller, delivery]) i.child.kill('SIGTERM');
    for (const i of [poller, delivery]) expect(await i.exited, i.name).toBe(0);
  }, 120_000);

  it('on SQLite, a restarted bot shows the polls of the run before it', async () => {
    const store = { STORE_URL: `sqlite://${join(root, 'restart.sqlite')}` };
    feeds.route('/solo.rss', { body: RSS, etag: '"s1"' });
    const first = startInstance('first', configDir('run1', `feeds:\n  - { id: solo, url: "${feeds.url('/solo.rss')}", schedule: "*/2 * * * * *" }\n`), envOf(store));
    await until(() => metricsUrl(first) !== undefined && feeds.hits('/solo.rss') >= 3, 60_000, describeAll([first]));
    const before = await waitForRow(first, 'solo', (r) => r.polls >= 3, describeAll([first]));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const hits = feeds.hits('/solo.rss');
    expect(before.polls).toBeLessThanOrEqual(hits);
    // What the first run left in the file (a fetch cut short by the shutdown may have gone unrecorded).
    const stores = await openStores(store.STORE_URL);
    const stored = (await stores.feedStates.get('solo'))?.fetch;
    await stores.close();
    expect(stored).toBeDefined();
    const polls = Math.round(stored!.polls);
    expect(polls).toBeGreaterThanOrEqual(Math.max(before.polls, hits - 1));
    expect(polls).toBeLessThanOrEqual(hits);

    // The second run no longer polls the feed: what its dashboard shows was stored by the first.
    const second = startInstance('second', configDir('run2', `feeds:\n  - { id: solo, url: "${feeds.url('/solo.rss')}", enabled: false }\n`), envOf(store));
    await until(() => metricsUrl(second) !== undefined, 60_000, describeAll([second]));
    const after = await waitForRow(second, 'solo', () => true, describeAll([second]));
    expect(after.polls).toBe(polls);
    expect(after.status).toBe(String(stored!.lastStatus));
    expect(after.share).toBe(Math.round((100 * stored!.notModified) / stored!.polls));
    expect(after.share).toBeGreaterThan(0);
    expect(feeds.hits('/solo.rss')).toBe(hits);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
