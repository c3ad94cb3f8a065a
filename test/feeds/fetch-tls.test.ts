/**
 * https through the pinned address: the fetcher connects to the IP it checked but must still send SNI and
 * verify the certificate against the host NAME. Needs the openssl CLI to mint a throwaway certificate;
 * skipped visibly without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchFeed } from '../../src/feeds/fetch.js';
import { FeedError } from '../../src/feeds/errors.js';

function mintCert(dir: string): { key: Buffer; cert: Buffer } | undefined {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1',
        '-subj', '/CN=feeds.test', '-addext', 'subjectAltName=DNS:feeds.test'],
      { stdio: 'ignore', timeout: 15_000 },
    );
    return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lw-tls-'));
const pair = mintCert(dir);
if (pair === undefined) rmSync(dir, { recursive: true, force: true });
const lookup = async (): Promise<{ address: string; family: 4 | 6 }[]> => [{ address: '127.0.0.1', family: 4 }];

describe.skipIf(pair === undefined)(`https with a pinned address${pair === undefined ? ' (skipped: no openssl CLI)' : ''}`, () => {
  let server: https.Server;
  let port = 0;
  beforeAll(async () => {
    server = https.createServer({ key: pair?.key, cert: pair?.cert }, (req, res) => {
      const sni = (req.socket as TLSSocket).servername;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(`<rss>${req.headers.host} ${String(sni)}</rss>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends SNI and the Host name and verifies the certificate for that name', async () => {
    const r = await fetchFeed(`https://feeds.test:${port}/f.xml`, {}, { allowPrivate: true, lookup, ca: pair?.cert });
    expect(r.status === 'ok' && r.body).toBe(`<rss>feeds.test:${port} feeds.test</rss>`);
  });

  it('refuses a certificate issued for another name', async () => {
    const e = await fetchFeed(`https://other.test:${port}/f.xml`, {}, { allowPrivate: true, lookup, ca: pair?.cert }).catch(
      (x: unknown) => x,
    );
    expect(e instanceof FeedError && e.code).toBe('NETWORK');
    expect(e instanceof FeedError && e.message).toContain("does not match certificate's altnames");
  });

  it('refuses an untrusted certificate', async () => {
    const e = await fetchFeed(`https://feeds.test:${port}/f.xml`, {}, { allowPrivate: true, lookup }).catch((x: unknown) => x);
    expect(e instanceof FeedError && e.code).toBe('NETWORK');
  });
});
