/**
 * The one HTTP server: every route (health, metrics, Slack events, Discord interactions, the samples in offline
 * mode) on PORT, bound to HOST only. The URL printed is the address the socket actually holds (server.address()),
 * so `HOST=0.0.0.0` prints 0.0.0.0 and PORT=0 prints the port the kernel chose.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from './router.js';

export interface HttpServer {
  readonly server: Server;
  readonly address: AddressInfo;
  /** http://address:port as bound (IPv6 in brackets). */
  readonly url: string;
  /** A URL this machine can reach the server on: the bound address, or loopback when bound to every interface. */
  readonly localUrl: string;
  close(): Promise<void>;
}

export function urlOf(a: AddressInfo): string {
  return a.family === 'IPv6' ? `http://[${a.address}]:${a.port}` : `http://${a.address}:${a.port}`;
}

export async function startHttpServer(opts: { host: string; port: number; router: Router }): Promise<HttpServer> {
  const server = createServer(opts.router.listener);
  // Slow-loris guard: a client that sends headers this slowly is cut off.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const any = address.address === '0.0.0.0' || address.address === '::';
  const local = any ? { ...address, address: address.family === 'IPv6' ? '::1' : '127.0.0.1' } : address;
  return {
    server,
    address,
    url: urlOf(address),
    localUrl: urlOf(local),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
