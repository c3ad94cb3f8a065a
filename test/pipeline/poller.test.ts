import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoller } from '../../src/feeds/poller.js';
import { fetchFeed } from '../../src/feeds/fetch.js';
import { parseFeed } from '../../src/feeds/parse.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-poller-'));
let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

function rss(items: { guid: string; title: string; date: string }[]): string {
  const body = items
    .map((i) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>https://news.example/${i.guid}</link><pubDate>${new Date(i.date).toUTCString()}</pubDate><description>d</description></item>`)
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${body}</channel></rss>`;
}

function makePoller(stores: Stores, now: () => Date) {
  const poller = createPoller({
    feedStates: stores.feedStates,
    seen: stores.seen,
    fetch: (url, v) => fetchFeed(url, v, { allowPrivate: true, timeoutMs: 2000 }),
    parse: (xml, o) => parseFeed(xml, o),
    clock: { now },
    logger: createMemoryLogger(),
    backoffBaseMs: 60_000,
    backoffMaxMs: 3600_000,
    newItemWindowHours: 6,
    seenRetentionDays: 30,
  });
  // What the pipeline does: commit each result once its alerts are queued.
  return {
    pollFeed: async (f: { id: string; url: string }) => {
      const r = await poller.pollFeed(f);
      await r.commit?.();
      return r;
    },
    pollAll: async (fs: { id: string; url: string }[]) => {
      const rs = await Promise.all(fs.map((f) => poller.pollFeed(f)));
      for (const r of rs) await r.commit?.();
      return rs;
    },
    uncommitted: poller.pollFeed,
  };
}

describe('poller on a real feed server and a real SQLite file', () => {
  const NOW = new Date('2026-06-01T12:00:00Z');

  it('primes a new feed without alerting old items, alerts only new ones after, and remembers across a restart', async () => {
    const url = `sqlite://${join(dir, 'seen.sqlite')}`;
    srv.route('/prime.xml', ({ hit }) => ({
      body: rss([
        ...(hit >= 2 ? [{ guid: 'new-1', title: 'fresh', date: '2026-06-01T12:30:00Z' }] : []),
        { guid: 'recent', title: 'two hours old', date: '2026-06-01T10:00:00Z' },
        { guid: 'old', title: 'last week', date: '2026-05-25T10:00:00Z' },
      ]),
    }));
    const feed = { id: 'prime', url: srv.url('/prime.xml') };

    let stores = await openStores(url);
    const first = await makePoller(stores, () => NOW).pollFeed(feed);
    expect(first.outcome).toBe('primed');
    expect(first.items.map((i) => i.title)).toEqual(['two hours old']);
    await stores.close();

    // A restart: a new store handle on the same file, a new poller.
    stores = await openStores(url);
    const second = await makePoller(stores, () => new Date(NOW.getTime() + 3600_000)).pollFeed(feed);
    expect(second.outcome).toBe('new');
    expect(second.items.map((i) => i.title)).toEqual(['fresh']);
    const third = await makePoller(stores, () => new Date(NOW.getTime() + 7200_000)).pollFeed(feed);
    expect(third.items).toEqual([]);
    await stores.close();
  });

  it('hands the same items again when a crash came before the commit (nothing lost)', async () => {
    const stores = await openStores(`sqlite://${join(dir, 'crash.sqlite')}`);
    srv.route('/crash.xml', { body: rss([{ guid: 'c1', title: 'crash story', date: '2026-06-01T11:00:00Z' }]), etag: '"c"' });
    const feed = { id: 'crash', url: srv.url('/crash.xml') };
    const p = makePoller(stores, () => NOW);
    const first = await p.uncommitted(feed);
    expect(first.items.map((i) => i.title)).toEqual(['crash story']);
    // No commit: as if the process died before queueing the alert.
    const again = await p.pollFeed(feed);
    expect(again.items.map((i) => i.title)).toEqual(['crash story']);
    expect(srv.requests('/crash.xml')[1]?.headers['if-none-match']).toBeUndefined();
    expect((await p.pollFeed(feed)).outcome).toBe('not-modified');
    await stores.close();
  });

  it('sends validators so an unchanged feed costs one request and no parse', async () => {
    const stores = await openStores(`sqlite://${join(dir, 'etag.sqlite')}`);
    srv.route('/etag.xml', { body: rss([{ guid: 'a', title: 'a', date: '2026-06-01T11:00:00Z' }]), etag: '"v1"' });
    const poller = makePoller(stores, () => NOW);
    const feed = { id: 'etag', url: srv.url('/etag.xml') };
    await poller.pollFeed(feed);
    const again = await poller.pollFeed(feed);
    expect(again.outcome).toBe('not-modified');
    expect(srv.hits('/etag.xml')).toBe(2);
    expect(srv.requests('/etag.xml')[1]?.headers['if-none-match']).toBe('"v1"');
    await stores.close();
  });

  it('backs off a failing feed exponentially, records its health, and never stops the others', async () => {
    const stores = await openStores(`sqlite://${join(dir, 'backoff.sqlite')}`);
    srv.route('/broken.xml', { status: 500, body: 'oops' });
    srv.route('/html.xml', { body: '<!DOCTYPE html><html><body>maintenance</body></html>', contentType: 'text/html' });
    srv.route('/good.xml', { body: rss([{ guid: 'g', title: 'good story', date: '2026-06-01T11:00:00Z' }]) });
    let now = NOW;
    const poller = makePoller(stores, () => now);
    const feeds = [
      { id: 'broken', url: srv.url('/broken.xml') },
      { id: 'html', url: srv.url('/html.xml') },
      { id: 'good', url: srv.url('/good.xml') },
    ];
    const r1 = await poller.pollAll(feeds);
    expect(r1.map((r) => r.outcome)).toEqual(['failed', 'failed', 'primed']);
    expect(r1[2]?.items.map((i) => i.title)).toEqual(['good story']);

    const s1 = await stores.feedStates.get('broken');
    expect(s1?.consecutiveFailures).toBe(1);
    expect(s1?.lastError?.code).toBe('HTTP_STATUS');
    expect(s1?.failingSince).toBe(NOW.toISOString());
    expect((await stores.feedStates.get('html'))?.lastError?.code).toBe('NOT_A_FEED');

    // Within the backoff: no request at all.
    now = new Date(NOW.getTime() + 30_000);
    expect((await poller.pollFeed(feeds[0]!)).outcome).toBe('backoff');
    expect(srv.hits('/broken.xml')).toBe(1);
    // After it: one more try, and the wait doubles.
    now = new Date(NOW.getTime() + 60_000);
    await poller.pollFeed(feeds[0]!);
    const s2 = await stores.feedStates.get('broken');
    expect(s2?.consecutiveFailures).toBe(2);
    expect(Date.parse(s2!.nextAttemptAt!) - now.getTime()).toBe(120_000);
    expect(s2?.failingSince).toBe(NOW.toISOString());
    // Recovery clears the failure run.
    srv.route('/broken.xml', { body: rss([]) });
    now = new Date(NOW.getTime() + 200_000);
    await poller.pollFeed(feeds[0]!);
    const s3 = await stores.feedStates.get('broken');
    expect([s3?.consecutiveFailures, s3?.failingSince, s3?.nextAttemptAt]).toEqual([0, undefined, undefined]);
    await stores.close();
  });
});
