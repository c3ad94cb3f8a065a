import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { fetchFeed, type FetchOptions, type FetchResult } from '../../src/feeds/fetch.js';
import { FeedError } from '../../src/feeds/errors.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Albemarle raises output</title><guid>a1</guid></item>
</channel></rss>`;

const LOOPBACK: FetchOptions = { allowPrivate: true, timeoutMs: 5000 };

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(async () => {
  await srv.close();
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

function ok(r: FetchResult): Extract<FetchResult, { status: 'ok' }> {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.status}`);
  return r;
}

describe('conditional GET', () => {
  it('sends the stored ETag and gets not-modified from a 304 in one request', async () => {
    srv.route('/etag.xml', { body: RSS, etag: '"v1"' });
    const first = ok(await fetchFeed(srv.url('/etag.xml'), {}, LOOPBACK));
    expect(first.etag).toBe('"v1"');
    expect(first.body).toBe(RSS);
    expect(first.bytes).toBe(Buffer.byteLength(RSS));
    const second = await fetchFeed(srv.url('/etag.xml'), { etag: first.etag }, LOOPBACK);
    expect(second).toEqual({ status: 'not-modified', finalUrl: srv.url('/etag.xml') });
    expect(srv.hits('/etag.xml')).toBe(2);
    expect(srv.requests('/etag.xml')[0]?.headers['if-none-match']).toBeUndefined();
    expect(srv.requests('/etag.xml')[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('honours Last-Modified with If-Modified-Since', async () => {
    const lm = 'Wed, 21 Oct 2026 07:28:00 GMT';
    srv.route('/lm.xml', { body: RSS, lastModified: lm });
    const first = ok(await fetchFeed(srv.url('/lm.xml'), {}, LOOPBACK));
    expect(first.lastModified).toBe(lm);
    const second = await fetchFeed(srv.url('/lm.xml'), { lastModified: lm }, LOOPBACK);
    expect(second.status).toBe('not-modified');
    expect(srv.requests('/lm.xml')[1]?.headers['if-modified-since']).toBe(lm);
    expect(srv.hits('/lm.xml')).toBe(2);
  });

  it('returns the new body when the ETag changed', async () => {
    srv.route('/changed.xml', { body: RSS, etag: '"v2"' });
    const r = ok(await fetchFeed(srv.url('/changed.xml'), { etag: '"v1"' }, LOOPBACK));
    expect(r.etag).toBe('"v2"');
  });
});

describe('compression and charsets', () => {
  it.each(['gzip', 'deflate', 'deflate-raw', 'br'] as const)('decompresses %s', async (encoding) => {
    srv.route(`/enc-${encoding}.xml`, { body: RSS, encoding });
    const r = ok(await fetchFeed(srv.url(`/enc-${encoding}.xml`), {}, LOOPBACK));
    expect(r.body).toBe(RSS);
    expect(srv.requests(`/enc-${encoding}.xml`)[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  const chinese = '宁德时代暂停宜春锂矿开采，碳酸锂期货涨停';
  it('decodes GBK declared as gb2312 in the Content-Type header', async () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>${chinese}</title></channel></rss>`;
    srv.route('/gbk-header.xml', { body: iconv.encode(xml, 'gbk'), contentType: 'text/xml; charset=gb2312' });
    const r = ok(await fetchFeed(srv.url('/gbk-header.xml'), {}, LOOPBACK));
    expect(r.body).toBe(xml);
    expect(r.charset).toBe('gbk');
  });

  it('decodes GBK declared only in the XML declaration, even when the header wrongly says UTF-8', async () => {
    const xml = `<?xml version="1.0" encoding="GB2312"?><rss version="2.0"><channel><title>${chinese}</title></channel></rss>`;
    srv.route('/gbk-decl.xml', { body: iconv.encode(xml, 'gbk'), contentType: 'application/xml; charset=utf-8' });
    expect(ok(await fetchFeed(srv.url('/gbk-decl.xml'), {}, LOOPBACK)).body).toBe(xml);
  });

  it('decodes Big5 and windows-1251', async () => {
    const big5 = '<rss version="2.0"><channel><title>鋰礦供應</title></channel></rss>';
    srv.route('/big5.xml', { body: iconv.encode(big5, 'big5'), contentType: 'text/xml; charset=Big5' });
    expect(ok(await fetchFeed(srv.url('/big5.xml'), {}, LOOPBACK)).body).toBe(big5);
    const ru = '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Литий</title></channel></rss>';
    srv.route('/cp1251.xml', { body: iconv.encode(ru, 'windows-1251'), contentType: 'text/xml' });
    expect(ok(await fetchFeed(srv.url('/cp1251.xml'), {}, LOOPBACK)).body).toBe(ru);
  });
});

describe('redirects', () => {
  it('follows a relative Location and reports the final URL', async () => {
    srv.route('/old/feed.xml', { redirect: '../new/feed.xml', status: 301 });
    srv.route('/new/feed.xml', { body: RSS });
    const r = ok(await fetchFeed(srv.url('/old/feed.xml'), {}, LOOPBACK));
    expect(r.finalUrl).toBe(srv.url('/new/feed.xml'));
    expect(r.body).toBe(RSS);
  });

  it('detects a redirect loop', async () => {
    srv.route('/loop-a', { redirect: '/loop-b' });
    srv.route('/loop-b', { redirect: srv.url('/loop-a') });
    const e = await failure(fetchFeed(srv.url('/loop-a'), {}, LOOPBACK));
    expect(e.code).toBe('REDIRECT_LOOP');
    expect([srv.hits('/loop-a'), srv.hits('/loop-b')]).toEqual([1, 1]);
  });

  it('stops after maxRedirects', async () => {
    for (let i = 1; i <= 7; i++) srv.route(`/hop${i}`, { redirect: `/hop${i + 1}` });
    const e = await failure(fetchFeed(srv.url('/hop1'), {}, { ...LOOPBACK, maxRedirects: 5 }));
    expect(e.code).toBe('TOO_MANY_REDIRECTS');
    expect(srv.hits('/hop6')).toBe(1);
    expect(srv.hits('/hop7')).toBe(0);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/feed.xml', 'data:text/xml,<rss/>', 'gopher://x/'])(
    'refuses a redirect to %s',
    async (target) => {
      const path = `/to-${encodeURIComponent(target.slice(0, 4))}`;
      srv.route(path, { redirect: target });
      expect((await failure(fetchFeed(srv.url(path), {}, LOOPBACK))).code).toBe('BAD_SCHEME');
    },
  );

  it('refuses non-http URLs and garbage up front', async () => {
    expect((await failure(fetchFeed('file:///etc/passwd', {}, LOOPBACK))).code).toBe('BAD_SCHEME');
    expect((await failure(fetchFeed('javascript:alert(1)', {}, LOOPBACK))).code).toBe('BAD_SCHEME');
    expect((await failure(fetchFeed('not a url', {}, LOOPBACK))).code).toBe('BAD_URL');
  });
});

describe('private addresses', () => {
  it('refuses loopback without allowPrivate, before connecting', async () => {
    srv.route('/private.xml', { body: RSS });
    const e = await failure(fetchFeed(srv.url('/private.xml'), {}, { allowPrivate: false }));
    expect(e.code).toBe('BLOCKED_ADDRESS');
    expect(e.message).toContain('loopback');
    expect(srv.hits('/private.xml')).toBe(0);
  });

  it('checks the address a name resolves to, not the name', async () => {
    const lookup = async (): Promise<{ address: string; family: 4 | 6 }[]> => [{ address: '10.1.2.3', family: 4 }];
    const e = await failure(fetchFeed('http://feeds.example.test/a.xml', {}, { allowPrivate: false, lookup }));
    expect(e.code).toBe('BLOCKED_ADDRESS');
    expect(e.message).toContain('10.1.2.3 (private)');
    const mapped = async (): Promise<{ address: string; family: 4 | 6 }[]> => [{ address: '::ffff:169.254.169.254', family: 6 }];
    expect((await failure(fetchFeed('http://x.test/', {}, { allowPrivate: false, lookup: mapped }))).code).toBe(
      'BLOCKED_ADDRESS',
    );
  });

  it('resolves localhost through the system resolver and refuses it', async () => {
    const e = await failure(fetchFeed(`http://localhost:${srv.port}/private.xml`, {}, { allowPrivate: false }));
    expect(e.code).toBe('BLOCKED_ADDRESS');
  });

  it('with allowPrivate, connects to the address it resolved once (no second lookup) and sends the Host name', async () => {
    srv.route('/named.xml', { body: RSS });
    let calls = 0;
    // A rebinding resolver: the second answer would point elsewhere.
    const lookup = async (): Promise<{ address: string; family: 4 | 6 }[]> =>
      ++calls === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '192.0.2.1', family: 4 }];
    const r = ok(await fetchFeed(`http://feeds.example.test:${srv.port}/named.xml`, {}, { ...LOOPBACK, lookup }));
    expect(r.body).toBe(RSS);
    expect(calls).toBe(1);
    expect(srv.requests('/named.xml')[0]?.headers.host).toBe(`feeds.example.test:${srv.port}`);
  });

  it('refuses a redirect into a private range even when the first host was allowed', async () => {
    srv.route('/to-metadata', { redirect: 'http://169.254.169.254/latest/meta-data/' });
    srv.route('/to-v6-loopback', { redirect: `http://[::1]:${srv.port}/private.xml` });
    const opts: FetchOptions = { allowPrivate: false, allowAddresses: ['127.0.0.1'], timeoutMs: 5000 };
    const meta = await failure(fetchFeed(srv.url('/to-metadata'), {}, opts));
    expect(meta.code).toBe('BLOCKED_ADDRESS');
    expect(meta.message).toContain('link-local');
    expect((await failure(fetchFeed(srv.url('/to-v6-loopback'), {}, opts))).code).toBe('BLOCKED_ADDRESS');
    expect(srv.hits('/to-metadata')).toBe(1);
  });
});
