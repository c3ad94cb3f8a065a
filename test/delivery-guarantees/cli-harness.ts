/** Running the real CLI against the loopback fakes: a feed of N stories, a config dir, child processes, a slow proxy. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { until as pollUntil } from '../support/cli.js';

/** The companies whose stories the feed carries, round-robin; each one a ticker the matcher knows. */
export const COMPANIES = [
  { symbol: 'PLS.AX', title: (n: number) => `Pilbara Minerals to put plant ${n} on care and maintenance as spodumene prices slide` },
  { symbol: 'ALB', title: (n: number) => `Albemarle to cut lithium output at Kemerton plant ${n} as prices slide` },
  { symbol: 'SQM', title: (n: number) => `SQM to suspend lithium carbonate output at Salar plant ${n} as prices slide` },
] as const;

export const storyLink = (n: number) => `https://news.example/story/${n}`;

/** The alert id the poller gives story n (see alertIdFor: the link's hash). */
export const storyAlertId = (n: number) => createHash('sha1').update(`link:${storyLink(n)}`).digest('hex').slice(0, 20);

/** An RSS feed of `count` lithium-supply stories, story 1 oldest, all within the last hours. */
export function storiesFeed(count: number, now = Date.now()): string {
  const items = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const c = COMPANIES[i % COMPANIES.length]!;
    const at = new Date(now - (count - n + 1) * 60_000).toUTCString();
    return `<item><title>${c.title(n)}</title><link>${storyLink(n)}</link><guid>${storyLink(n)}</guid><pubDate>${at}</pubDate><description>Story ${n}.</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${items.join('')}</channel></rss>`;
}

/** A config dir (copy of ./config) with one feed and one static watchlist subscription per channel. */
export function writeConfig(dir: string, feedUrl: string, subs: { platform: string; channel: string; symbol: string }[]): string {
  const cfg = join(dir, 'config');
  cpSync('config', cfg, { recursive: true });
  writeFileSync(join(cfg, 'feeds.yaml'), `feeds:\n  - { id: wire, url: "${feedUrl}", schedule: "0 0 1 1 *" }\n`);
  const lines = subs.map((s) => `  - { platform: ${s.platform}, channel: "${s.channel}", want: watchlist, watchlist: ["${s.symbol}"] }`);
  writeFileSync(join(cfg, 'subscriptions.yaml'), `subscriptions:\n${lines.join('\n')}\n`);
  return cfg;
}

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCli(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  let out = '';
  let err = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Polls every 20 ms: the crash tests time their kills against deliveries in flight. */
export const until = (cond: () => boolean, ms: number, what: () => string): Promise<void> => pollUntil(cond, ms, what, 20);

/**
 * A reverse proxy that answers message posts `delayMs` after the platform did: the message exists upstream while
 * the bot still waits, so a kill lands between the platform's commit and the bot's record.
 */
export async function startSlowProxy(target: string, delayMs: number, slow: (method: string, path: string) => boolean): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (ur) => {
          const body: Buffer[] = [];
          ur.on('data', (c: Buffer) => body.push(c));
          ur.on('end', () => {
            const answer = () => {
              if (res.destroyed) return;
              res.writeHead(ur.statusCode ?? 502, ur.headers).end(Buffer.concat(body));
            };
            if (slow(req.method ?? 'GET', req.url ?? '')) setTimeout(answer, delayMs);
            else answer();
          });
        },
      );
      up.on('error', () => res.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
