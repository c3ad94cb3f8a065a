/**
 * `demo`: an offline tour. Serves the bundled sample feeds (config/samples/) on a loopback HTTP server,
 * runs one poll into a temporary store and prints the alerts. Safe to run again and again.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/load.js';
import type { Logger } from '../core/ports.js';
import { buildApp } from './build.js';
import { createLogger } from './logger.js';

const TYPES: Record<string, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

/**
 * GET {prefix}{file} → a sample feed. `start` in offline mode mounts it on its one HTTP server under /samples/;
 * `demo` serves it on a throw-away loopback server (serveSamples).
 */
export function samplesHandler(dir: string, prefix = '/'): { files: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void } {
  const files = readdirSync(dir).filter((f) => /\.(rss|atom|xml)$/.test(f)).sort();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let name = '';
    try {
      name = path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : '';
    } catch {
      name = '';
    }
    if (!files.includes(name)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[name.split('.').pop() ?? ''] ?? 'application/xml' });
    res.end(readFileSync(join(dir, name)));
  };
  return { files, handler };
}

/** Feed specs for the sample files served at `base` (e.g. http://127.0.0.1:3000/samples/). */
export function sampleFeeds(files: readonly string[], base: string): { id: string; url: string }[] {
  return files.map((f) => ({ id: `sample-${f.replace(/\.[^.]+$/, '')}`, url: `${base}${f}` }));
}

export async function serveSamples(dir: string): Promise<{ server: Server; urls: { id: string; url: string }[] }> {
  const { files, handler } = samplesHandler(dir);
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, urls: sampleFeeds(files, `http://127.0.0.1:${port}/`) };
}

export interface DemoOptions {
  out?: (text: string) => void;
  logger?: Logger;
}

export interface DemoResult {
  alerts: number;
  perFeed: Record<string, { items: number; alerts: number }>;
}

export async function demoCommand(config: Config, opts: DemoOptions = {}): Promise<DemoResult> {
  const out = opts.out ?? ((t: string) => process.stdout.write(t + '\n'));
  const logger = opts.logger ?? createLogger({ level: 'warn' });
  const { server, urls } = await serveSamples(join(config.dir, 'samples'));
  const dir = mkdtempSync(join(tmpdir(), 'lithium-wire-demo-'));
  const demoConfig: Config = { ...config, feeds: urls.map((u) => ({ ...u, tags: ['sample'], enabled: true })) };
  try {
    const app = await buildApp(demoConfig, {
      logger,
      consoleWrite: out,
      forceConsole: true,
      storeUrl: `sqlite://${join(dir, 'demo.sqlite')}`,
      // Sample stories are old; the demo shows them all instead of only the last few hours.
      pollOverrides: { newItemWindowHours: 24 * 365 * 100, timeoutMs: 5_000 },
      allowPrivate: true,
      chatAdapters: [],
    });
    out(`lithium-wire demo: polling ${urls.length} bundled sample feeds from a loopback server\n`);
    try {
      const report = await app.runCycle();
      const perFeed: DemoResult['perFeed'] = {};
      for (const r of report.feeds) {
        perFeed[r.feedId] = { items: r.items.length, alerts: report.deliveries.filter((d) => d.alert.item.feedId === r.feedId).length };
      }
      out('\nsummary:');
      for (const [id, v] of Object.entries(perFeed)) out(`  ${id}: ${v.items} items, ${v.alerts} alerts`);
      out(`  ${report.delivery.sent} alerts printed. Next: \`npm start\` polls the real feeds in config/feeds.yaml.`);
      return { alerts: report.delivery.sent, perFeed };
    } finally {
      await app.close();
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
