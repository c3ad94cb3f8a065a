/**
 * A real loopback HTTP server for feed tests (127.0.0.1, ephemeral port) with programmable routes.
 *
 *   const srv = await startFeedServer();
 *   srv.route('/a.xml', { body: rss, etag: '"v1"' });
 *   await fetchFeed(srv.url('/a.xml'), {}, { allowPrivate: true });
 *   expect(srv.hits('/a.xml')).toBe(1);
 *   await srv.close();
 *
 * A route is a spec or a function of the hit number (1-based), for feeds that change between polls.
 * Sockets are tracked so tests can assert that a client really closed its connection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

export interface RouteSpec {
  /** Default 200 (302 with `redirect`). */
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default `application/rss+xml; charset=utf-8` (omitted for redirects and 304). */
  contentType?: string | null;
  /** Compress the body and send Content-Encoding. */
  encoding?: 'gzip' | 'deflate' | 'deflate-raw' | 'br';
  /** Sent as ETag; a request with a matching If-None-Match gets 304. */
  etag?: string;
  /** Sent as Last-Modified; a request with an equal If-Modified-Since gets 304. */
  lastModified?: string;
  /** Location header (relative or absolute, any scheme). */
  redirect?: string;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Send the body `bytes` at a time every `intervalMs` (slow drip). */
  drip?: { bytes: number; intervalMs: number };
  /** Send `chunk` forever with chunked encoding (as fast as the client reads, or every `intervalMs`). */
  endless?: { chunk: string | Buffer; intervalMs?: number };
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Send this many body bytes, then destroy the connection (truncated response). */
  destroyAfterBytes?: number;
  /** Full control. */
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export type Route = RouteSpec | ((ctx: { hit: number; req: http.IncomingMessage }) => RouteSpec);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface FeedServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  url(path: string): string;
  route(path: string, route: Route): void;
  /** Requests received for `path` (path without query). */
  hits(path: string): number;
  requests(path: string): RecordedRequest[];
  /** Responses on `path` whose connection closed before the server finished sending. */
  aborted(path: string): number;
  /** TCP connections currently open. */
  openSockets(): number;
  /** Resolves once no connection is in the middle of a request (idle keep-alive ones may stay); rejects after `timeoutMs`. */
  waitForSocketsClosed(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function encode(body: Buffer, encoding: RouteSpec['encoding']): Buffer {
  switch (encoding) {
    case 'gzip':
      return zlib.gzipSync(body);
    case 'deflate':
      return zlib.deflateSync(body);
    case 'deflate-raw':
      return zlib.deflateRawSync(body);
    case 'br':
      return zlib.brotliCompressSync(body);
    default:
      return body;
  }
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const log = new Map<string, RecordedRequest[]>();
  const abortedCount = new Map<string, number>();
  const sockets = new Set<Socket>();
  // Sockets with a request in progress. An idle keep-alive socket is the client's pool at work; one left busy
  // after the client gave up (a cap, an abort) is a leak.
  const busy = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void, repeat = false): NodeJS.Timeout => {
    const t = repeat ? setInterval(fn, ms) : setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
    return t;
  };
  const stop = (t: NodeJS.Timeout | undefined): void => {
    if (t === undefined) return;
    clearTimeout(t);
    clearInterval(t);
    timers.delete(t);
  };

  function send(req: http.IncomingMessage, res: http.ServerResponse, spec: RouteSpec): void {
    if (spec.handler) return spec.handler(req, res);
    if (spec.hang === true) return;
    const headers: Record<string, string> = { ...(spec.headers ?? {}) };
    if (spec.etag !== undefined) headers['ETag'] = spec.etag;
    if (spec.lastModified !== undefined) headers['Last-Modified'] = spec.lastModified;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if ((spec.etag !== undefined && inm === spec.etag) || (spec.lastModified !== undefined && ims === spec.lastModified)) {
      res.writeHead(304, headers).end();
      return;
    }
    if (spec.redirect !== undefined) {
      res.writeHead(spec.status ?? 302, { ...headers, Location: spec.redirect }).end();
      return;
    }
    if (spec.contentType !== null) headers['Content-Type'] = spec.contentType ?? 'application/rss+xml; charset=utf-8';
    const raw = typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : (spec.body ?? Buffer.alloc(0));
    const body = encode(raw, spec.encoding);
    if (spec.encoding !== undefined) headers['Content-Encoding'] = spec.encoding === 'deflate-raw' ? 'deflate' : spec.encoding;
    const status = spec.status ?? 200;

    if (spec.endless) {
      const chunk = Buffer.from(spec.endless.chunk);
      res.writeHead(status, headers);
      if (spec.endless.intervalMs !== undefined) {
        const t = later(spec.endless.intervalMs, () => res.write(chunk), true);
        res.on('close', () => stop(t));
      } else {
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      }
      return;
    }
    if (spec.drip) {
      const { bytes, intervalMs } = spec.drip;
      res.writeHead(status, headers);
      let at = 0;
      const t = later(
        intervalMs,
        () => {
          if (at >= body.length) {
            stop(t);
            res.end();
            return;
          }
          res.write(body.subarray(at, at + bytes));
          at += bytes;
        },
        true,
      );
      res.on('close', () => stop(t));
      return;
    }
    if (spec.destroyAfterBytes !== undefined) {
      res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
      res.write(body.subarray(0, spec.destroyAfterBytes), () => res.destroy());
      return;
    }
    res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const list = log.get(path) ?? [];
    list.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    log.set(path, list);
    busy.add(req.socket);
    res.on('close', () => {
      busy.delete(req.socket);
      if (!res.writableFinished) abortedCount.set(path, (abortedCount.get(path) ?? 0) + 1);
    });
    const route = routes.get(path);
    if (route === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const spec = typeof route === 'function' ? route({ hit: list.length, req }) : route;
    if (spec.delayMs !== undefined && spec.delayMs > 0) {
      const t = later(spec.delayMs, () => {
        if (!res.destroyed) send(req, res, spec);
      });
      res.on('close', () => stop(t));
    } else {
      send(req, res, spec);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      busy.delete(s);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, route) => void routes.set(path, route),
    hits: (path) => log.get(path)?.length ?? 0,
    requests: (path) => [...(log.get(path) ?? [])],
    aborted: (path) => abortedCount.get(path) ?? 0,
    openSockets: () => sockets.size,
    async waitForSocketsClosed(timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (busy.size > 0) {
        if (Date.now() > until) throw new Error(`${busy.size} socket(s) still busy after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      for (const t of timers) stop(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
