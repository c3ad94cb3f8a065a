/**
 * One HTTP GET to an address that the guard already checked. Streams the body through the decompressor and
 * counts DECOMPRESSED bytes, so a 10 kB gzip bomb is cut at the cap like a 50 MB plain body; any failure or
 * abort destroys the socket. A finished answer (a 304, a whole body) leaves its connection in a keep-alive pool:
 * a new TCP (and TLS) handshake per poll was about a tenth of a poll's CPU. The pool is keyed by the address
 * connected to, which is always one the guard checked, so reuse never reaches an address the guard did not pass.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { FeedError, displayUrl } from './errors.js';
import type { ResolvedAddress } from './net-guard.js';

export type HopResult =
  | { kind: 'not-modified' }
  | { kind: 'redirect'; location: string; status: number }
  | { kind: 'ok'; body: Buffer; headers: http.IncomingHttpHeaders; wireBytes: number };

export interface HopOptions {
  headers: Record<string, string>;
  maxBytes: number;
  /** Aborted by the caller's deadline or signal; its reason (a FeedError) is what the hop rejects with. */
  signal: AbortSignal;
  ca?: string | Buffer | Array<string | Buffer>;
}

// Idle sockets close after 30 s: with a one-minute schedule most feeds reconnect, a busy host's burst reuses.
const POOL = { keepAlive: true, keepAliveMsecs: 15_000, maxSockets: 16, maxFreeSockets: 4, timeout: 30_000, scheduling: 'lifo' as const };
export const feedAgents = { http: new http.Agent(POOL), https: new https.Agent(POOL) };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Errors raised before a connection exists: the next resolved address may still work.
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** GET `url` from the first of `addrs` that accepts a connection. */
export async function getOnce(url: URL, addrs: readonly ResolvedAddress[], opts: HopOptions): Promise<HopResult> {
  let lastError: unknown;
  for (const addr of addrs) {
    try {
      return await attempt(url, addr, opts);
    } catch (e) {
      lastError = e;
      const code = e instanceof FeedError && e.cause instanceof Error ? (e.cause as NodeJS.ErrnoException).code : undefined;
      if (code === undefined || !CONNECT_ERRORS.has(code)) throw e;
    }
  }
  throw lastError ?? new FeedError('NETWORK', `no address to connect to for ${displayUrl(url)}`);
}

function abortReason(signal: AbortSignal): FeedError {
  const r: unknown = signal.reason;
  return r instanceof FeedError ? r : new FeedError('ABORTED', 'request aborted', { cause: r });
}

function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const secs = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(secs) || secs < 0) return undefined;
  return Math.min(secs, 24 * 3600 * 1000);
}

function decompressorFor(encoding: string, firstChunk: Buffer): Transform | undefined | 'unsupported' {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'deflate': {
      // "deflate" should be zlib-wrapped, but some servers send raw deflate: sniff the zlib header.
      const b0 = firstChunk[0] ?? 0;
      const b1 = firstChunk[1] ?? 0;
      return (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0 ? zlib.createInflate() : zlib.createInflateRaw();
    }
    default:
      return 'unsupported';
  }
}

function attempt(url: URL, addr: ResolvedAddress, opts: HopOptions): Promise<HopResult> {
  const { signal, maxBytes } = opts;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  const where = displayUrl(url);
  return new Promise<HopResult>((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const auth = url.username !== '' ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    // Connect to the checked address itself (no second DNS lookup, so no rebinding window); the Host
    // header and TLS SNI/certificate check still use the name.
    const req = (secure ? https : http).request({
      host: addr.address,
      family: addr.family,
      port: url.port !== '' ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { ...opts.headers, Host: url.host },
      agent: secure ? feedAgents.https : feedAgents.http,
      ...(auth !== undefined ? { auth } : {}),
      ...(secure ? { servername: isIP(hostname) === 0 ? hostname : '' } : {}),
      ...(secure && opts.ca !== undefined ? { ca: opts.ca } : {}),
    });

    let settled = false;
    let res: http.IncomingMessage | undefined;
    let decoder: Transform | undefined;
    const finish = (e: FeedError | undefined, value?: HopResult): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (e !== undefined) {
        decoder?.destroy();
        res?.destroy();
        req.destroy();
        reject(e);
      } else if (value !== undefined) {
        resolve(value);
      }
    };
    const onAbort = (): void => finish(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });

    req.on('error', (cause) => finish(new FeedError('NETWORK', `request to ${where} failed: ${cause.message}`, { cause })));
    req.on('response', (response) => {
      res = response;
      response.on('error', (cause) => finish(new FeedError('NETWORK', `reading ${where} failed: ${cause.message}`, { cause })));
      const status = response.statusCode ?? 0;
      if (status === 304) {
        // No body: reading to the end hands the socket back to the pool.
        response.resume();
        finish(undefined, { kind: 'not-modified' });
        return;
      }
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location !== undefined && location !== '') {
        response.destroy();
        finish(undefined, { kind: 'redirect', location, status });
        return;
      }
      if (status < 200 || status > 299) {
        const wait = status === 429 || status === 503 ? retryAfterMs(response.headers['retry-after']) : undefined;
        finish(
          new FeedError('HTTP_STATUS', `${where} answered HTTP ${status}`, {
            status,
            ...(wait !== undefined ? { retryAfterMs: wait } : {}),
          }),
        );
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish(new FeedError('TOO_LARGE', `${where} declares ${declared} bytes, over the ${maxBytes}-byte cap`));
        return;
      }
      readBody(response);
    });
    req.end();

    function readBody(response: http.IncomingMessage): void {
      const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
      const chunks: Buffer[] = [];
      let bytes = 0;
      let wireBytes = 0;
      let decoderChosen = false;
      const tooLarge = (): FeedError =>
        new FeedError('TOO_LARGE', `${where} body exceeds the ${maxBytes}-byte cap (cut while streaming)`);
      const collect = (chunk: Buffer): void => {
        bytes += chunk.length;
        if (bytes > maxBytes) finish(tooLarge());
        else chunks.push(chunk);
      };
      const done = (): void => {
        finish(undefined, { kind: 'ok', body: Buffer.concat(chunks), headers: response.headers, wireBytes });
      };
      response.on('data', (raw: Buffer) => {
        if (settled) return;
        wireBytes += raw.length;
        if (wireBytes > maxBytes) return finish(tooLarge());
        if (!decoderChosen) {
          decoderChosen = true;
          const d = decompressorFor(encoding, raw);
          if (d === 'unsupported') {
            return finish(new FeedError('NETWORK', `${where} sent unsupported Content-Encoding "${encoding.slice(0, 40)}"`));
          }
          decoder = d;
          decoder?.on('data', (c: Buffer) => {
            if (!settled) collect(c);
          });
          decoder?.on('error', (cause) =>
            finish(new FeedError('NETWORK', `${where} body could not be decompressed (${encoding})`, { cause })),
          );
          decoder?.on('end', done);
        }
        if (decoder !== undefined) decoder.write(raw);
        else collect(raw);
      });
      response.on('end', () => {
        if (settled) return;
        if (!decoderChosen) {
          // Empty body: nothing to decompress.
          done();
        } else if (decoder !== undefined) decoder.end();
        else done();
      });
      response.on('close', () => {
        if (!settled && !response.complete) {
          finish(new FeedError('NETWORK', `${where} closed the connection before the body was complete`));
        }
      });
    }
  });
}
