/** Hostile transfers: slow drips, endless streams, oversize bodies, zip bombs, bad statuses, host limits. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { fetchFeed, type FetchOptions } from '../../src/feeds/fetch.js';
import { FeedError } from '../../src/feeds/errors.js';
import { HostLimiter } from '../../src/feeds/host-limit.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const LOOPBACK: FetchOptions = { allowPrivate: true, timeoutMs: 5000 };
const RSS = '<rss version="2.0"><channel><title>t</title></channel></rss>';

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(async () => {
  await srv.close();
});
// Every test here must leave no connection behind: that is the point of aborting.
afterEach(async () => {
  await srv.waitForSocketsClosed(3000);
});

async function failure(p: Promise<unknown>): Promise<FeedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FeedError) return e;
    throw new Error(`expected a FeedError, got ${String(e)}`);
  }
  throw new Error('expected the fetch to fail');
}

describe('deadline', () => {
  it('aborts a slow-drip body at the timeout and closes the socket', async () => {
    srv.route('/drip.xml', { body: 'x'.repeat(10_000), drip: { bytes: 1, intervalMs: 20 } });
    const e = await failure(fetchFeed(srv.url('/drip.xml'), {}, { ...LOOPBACK, timeoutMs: 300 }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toContain('within 300 ms');
    await srv.waitForSocketsClosed(3000);
    expect(srv.aborted('/drip.xml')).toBe(1);
  });

  it('aborts a server that never answers, and one that delays its headers', async () => {
    srv.route('/hang', { hang: true });
    srv.route('/late', { body: RSS, delayMs: 2000 });
    expect((await failure(fetchFeed(srv.url('/hang'), {}, { ...LOOPBACK, timeoutMs: 200 }))).code).toBe('TIMEOUT');
    expect((await failure(fetchFeed(srv.url('/late'), {}, { ...LOOPBACK, timeoutMs: 200 }))).code).toBe('TIMEOUT');
    await srv.waitForSocketsClosed(3000);
    expect(srv.aborted('/hang')).toBe(1);
    expect(srv.aborted('/late')).toBe(1);
  });

  it('aborts an endless trickling chunked stream under the size cap at the timeout', async () => {
    srv.route('/trickle', { endless: { chunk: '<item>', intervalMs: 10 } });
    const e = await failure(fetchFeed(srv.url('/trickle'), {}, { ...LOOPBACK, timeoutMs: 300 }));
    expect(e.code).toBe('TIMEOUT');
    await srv.waitForSocketsClosed(3000);
    expect(srv.aborted('/trickle')).toBe(1);
  });

  it('stops when the caller aborts', async () => {
    srv.route('/hang2', { hang: true });
    const ac = new AbortController();
    const p = fetchFeed(srv.url('/hang2'), {}, { ...LOOPBACK, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect((await failure(p)).code).toBe('ABORTED');
  });
});

describe('size cap', () => {
  it('cuts an endless fast stream at the cap and closes the socket', async () => {
    srv.route('/endless', { endless: { chunk: 'A'.repeat(16_384) } });
    const e = await failure(fetchFeed(srv.url('/endless'), {}, { ...LOOPBACK, maxBytes: 256 * 1024 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('cut while streaming');
    await srv.waitForSocketsClosed(3000);
    expect(srv.aborted('/endless')).toBe(1);
  });

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    srv.route('/big.xml', { body: Buffer.alloc(2 * 1024 * 1024, 0x41) });
    const e = await failure(fetchFeed(srv.url('/big.xml'), {}, { ...LOOPBACK, maxBytes: 1024 * 1024 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('declares 2097152 bytes');
  });

  it('accepts a body of exactly the cap', async () => {
    srv.route('/exact.xml', { body: Buffer.alloc(1000, 0x41) });
    const r = await fetchFeed(srv.url('/exact.xml'), {}, { ...LOOPBACK, maxBytes: 1000 });
    expect(r.status === 'ok' && r.bytes).toBe(1000);
  });

  it('cuts a gzip bomb on decompressed bytes (20 MB from a few kB on the wire)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    srv.route('/bomb.xml', { body: bomb, contentType: 'application/rss+xml', headers: { 'Content-Encoding': 'gzip' } });
    const e = await failure(fetchFeed(srv.url('/bomb.xml'), {}, { ...LOOPBACK, maxBytes: 1024 * 1024 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('cut while streaming');
  });

  it('cuts a brotli bomb too', async () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    srv.route('/bomb.br', { body: bomb, headers: { 'Content-Encoding': 'br' } });
    expect((await failure(fetchFeed(srv.url('/bomb.br'), {}, { ...LOOPBACK, maxBytes: 512 * 1024 }))).code).toBe(
      'TOO_LARGE',
    );
  });
});

describe('bad responses', () => {
  it('turns non-2xx statuses into HTTP_STATUS with the status', async () => {
    srv.route('/500', { status: 500, body: 'oops' });
    srv.route('/404', { status: 404, body: 'gone' });
    const e500 = await failure(fetchFeed(srv.url('/500'), {}, LOOPBACK));
    expect([e500.code, e500.status]).toEqual(['HTTP_STATUS', 500]);
    expect((await failure(fetchFeed(srv.url('/404'), {}, LOOPBACK))).status).toBe(404);
  });

  it('reads Retry-After on 429', async () => {
    srv.route('/429', { status: 429, headers: { 'Retry-After': '120' } });
    const e = await failure(fetchFeed(srv.url('/429'), {}, LOOPBACK));
    expect([e.code, e.status, e.retryAfterMs]).toEqual(['HTTP_STATUS', 429, 120_000]);
  });

  it('reports a truncated body and a corrupt gzip as NETWORK', async () => {
    srv.route('/cut.xml', { body: RSS, destroyAfterBytes: 10 });
    expect((await failure(fetchFeed(srv.url('/cut.xml'), {}, LOOPBACK))).code).toBe('NETWORK');
    srv.route('/corrupt.gz', { body: Buffer.from('this is not gzip at all'), headers: { 'Content-Encoding': 'gzip' } });
    expect((await failure(fetchFeed(srv.url('/corrupt.gz'), {}, LOOPBACK))).code).toBe('NETWORK');
  });

  it('reports a refused connection as NETWORK', async () => {
    const dead = await startFeedServer();
    const url = dead.url('/x.xml');
    await dead.close();
    expect((await failure(fetchFeed(url, {}, LOOPBACK))).code).toBe('NETWORK');
  });
});

describe('shutdown', () => {
  it('one shared signal aborts queued and running fetches, without piling listeners on it', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    srv.route('/hang-many', { hang: true });
    const ac = new AbortController();
    const hostLimiter = new HostLimiter({ perHost: 2 });
    const all = Promise.all(
      Array.from({ length: 30 }, () =>
        fetchFeed(srv.url('/hang-many'), {}, { ...LOOPBACK, signal: ac.signal, hostLimiter }).catch((e: unknown) =>
          e instanceof FeedError ? e.code : 'other',
        ),
      ),
    );
    while (srv.hits('/hang-many') < 2) await new Promise((r) => setTimeout(r, 5));
    expect(hostLimiter.waiting('127.0.0.1')).toBe(28);
    ac.abort();
    expect(await all).toEqual(new Array(30).fill('ABORTED'));
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
    expect(srv.hits('/hang-many')).toBe(2);
    expect(hostLimiter.busyHosts()).toBe(0);
  });
});

describe('per-host limit', () => {
  it('never runs more than perHost requests against one host at once', async () => {
    let inFlight = 0;
    let peak = 0;
    srv.route('/slow-ok.xml', {
      handler: (_req, res) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'Content-Type': 'text/xml' }).end(RSS);
        }, 60);
      },
    });
    const hostLimiter = new HostLimiter({ perHost: 2 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => fetchFeed(srv.url('/slow-ok.xml'), {}, { ...LOOPBACK, hostLimiter })),
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(peak).toBe(2);
    expect(hostLimiter.busyHosts()).toBe(0);
  });
});
