/**
 * Outbound requests: without ALLOW_PRIVATE_FEEDS the bot refuses every feed URL that is, resolves to, or redirects
 * to a loopback, private, link-local or otherwise internal address, before connecting; other feeds keep working.
 * Through the whole pipeline (buildApp's fetcher and poller) and, for redirects from an allowed host, fetchFeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, FeedError, type FetchOptions } from '../../src/feeds/fetch.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { startRig, watchUnhandled, type Rig } from './rig.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Albemarle halts lithium mine output</title><guid>1</guid></item></channel></rss>';

describe('feeds at internal addresses, with ALLOW_PRIVATE_FEEDS off', () => {
  let rig: Rig;
  const unhandled = watchUnhandled();
  beforeAll(async () => {
    const port = 9; // never connected to: the guard refuses first (and the feed server below counts hits anyway)
    rig = await startRig({
      feeds: ['loopback', 'localhost', 'v6loopback', 'decimal', 'metadata', 'tenet', 'mapped', 'zero'],
      allowPrivate: false,
      urls: {
        localhost: `http://localhost:${port}/feed.xml`,
        v6loopback: `http://[::1]:${port}/feed.xml`,
        decimal: `http://2130706433:${port}/feed.xml`,
        metadata: 'http://169.254.169.254/latest/meta-data/',
        tenet: 'http://10.0.0.1/feed.xml',
        mapped: 'http://[::ffff:192.168.0.1]/feed.xml',
        zero: `http://0.0.0.0:${port}/feed.xml`,
      },
    });
    rig.feedServer.route('/loopback.xml', { body: RSS });
  });
  afterAll(async () => {
    unhandled.stop();
    await rig?.close();
  });

  it('every one fails with BLOCKED_ADDRESS before connecting, and the failure is recorded per feed', async () => {
    const report = await rig.cycle();
    expect(report.feeds.map((f) => [f.feedId, f.error?.split(':')[0]])).toEqual(
      ['loopback', 'localhost', 'v6loopback', 'decimal', 'metadata', 'tenet', 'mapped', 'zero'].map((id) => [id, 'BLOCKED_ADDRESS']),
    );
    expect(rig.feedServer.hits('/loopback.xml')).toBe(0);
    expect(report.alerts).toEqual([]);
    for (const s of await rig.app.stores.feedStates.list()) expect(s.lastError?.code).toBe('BLOCKED_ADDRESS');
    expect(unhandled.list).toEqual([]);
  });
});

describe('redirects from an allowed host into internal ranges', () => {
  let srv: FeedServer;
  // The test server's own address is the one exception, as an operator would list an intranet feed.
  const opts = (): FetchOptions => ({ allowPrivate: false, allowAddresses: ['127.0.0.1'], timeoutMs: 3000 });
  beforeAll(async () => {
    srv = await startFeedServer();
    srv.route('/target.xml', { body: RSS });
  });
  afterAll(async () => srv?.close());

  it.each([
    ['metadata service', 'http://169.254.169.254/latest/meta-data/iam/'],
    ['another loopback address', () => `http://127.0.0.2:${srv.port}/target.xml`],
    ['IPv6 loopback', () => `http://[::1]:${srv.port}/target.xml`],
    ['0.0.0.0', () => `http://0.0.0.0:${srv.port}/target.xml`],
    ['a private range', 'http://192.168.1.1/feed.xml'],
    ['carrier-grade NAT', 'http://100.64.0.1/feed.xml'],
    ['an IPv4-mapped private address', 'http://[::ffff:10.1.2.3]/feed.xml'],
    ['an octal spelling of loopback', () => `http://0177.0.0.2:${srv.port}/target.xml`],
  ] as const)('to %s → BLOCKED_ADDRESS, nothing fetched there', async (_what, target) => {
    const to = typeof target === 'function' ? target() : target;
    const path = `/r-${Math.random().toString(36).slice(2)}`;
    srv.route(path, { redirect: to });
    const e = await fetchFeed(srv.url(path), {}, opts()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(FeedError);
    expect((e as FeedError).code).toBe('BLOCKED_ADDRESS');
    expect(srv.hits(path)).toBe(1);
    expect(srv.hits('/target.xml')).toBe(0);
  });
});
