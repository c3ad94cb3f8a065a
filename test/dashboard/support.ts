/**
 * A started bot (the real `start` wiring, in this process) on a fresh SQLite file, polling loopback feeds, with the
 * dashboard on its HTTP server; and headless Debian chromium through playwright-core.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/load.js';
import { startCommand } from '../../src/app/start.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`dashboard browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

export async function launchBrowser(): Promise<Browser> {
  // playwright gives every launch a fresh temporary profile (user-data-dir), removed on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}

/** The sample feed's items, one by one (the CATL suspension story is the first). */
export function sampleItems(): { head: string; items: string[] } {
  const xml = readFileSync(join('config', 'samples', 'battery-metals.rss'), 'utf8');
  const first = xml.indexOf('<item>');
  return { head: xml.slice(0, first), items: [...xml.matchAll(/<item>[\s\S]*?<\/item>/g)].map((m) => m[0]) };
}

export const rss = (title: string, items: readonly string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://x.example/</link><description>d</description>\n${items.join('\n')}\n</channel></rss>\n`;

export interface Bot {
  url: string;
  root: string;
  storeUrl: string;
  feeds: FeedServer;
  lines: string[];
  stop(): Promise<void>;
}

/** `schedule`: the default poll schedule (node-cron, six fields for seconds), on which chat-added feeds poll too. */
export async function startBot(o: { token?: string; schedule?: string; feeds: (srv: FeedServer) => { id: string; path: string }[] }): Promise<Bot> {
  const root = mkdtempSync(join(tmpdir(), 'lw-dash-'));
  const feeds = await startFeedServer();
  const dir = join(root, 'config');
  cpSync('config', dir, { recursive: true });
  const list = o.feeds(feeds);
  writeFileSync(join(dir, 'feeds.yaml'), `poll:\n${o.schedule ? `  schedule: "${o.schedule}"\n` : ''}  newItemWindowHours: 1000000\n  backoffBaseMs: 3600000\nfeeds:\n${list.map((f) => `  - { id: ${f.id}, url: "${feeds.url(f.path)}" }`).join('\n')}\n`);
  const storeUrl = `sqlite://${join(root, 'wire.sqlite')}`;
  const config = loadConfig({
    dir,
    env: { ALLOW_PRIVATE_FEEDS: 'true', STORE_URL: storeUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...(o.token ? { DASHBOARD_TOKEN: o.token } : {}) },
  });
  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const lines: string[] = [];
  let ready!: (url: string) => void;
  const up = new Promise<string>((r) => (ready = r));
  const done = startCommand(config, {
    until, offline: false, out: (l) => lines.push(l), shutdownDeadlineMs: 5_000,
    onReady: ({ url }) => ready(url ?? ''),
  });
  const url = await Promise.race([up, done.then(() => { throw new Error(`start ended early:\n${lines.join('\n')}`); })]);
  return {
    url, root, storeUrl, feeds, lines,
    stop: async () => {
      stop();
      await done;
      await feeds.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Waits for `cond` with a generous deadline (a loaded 2-core machine), polling every 100 ms. */
export async function waitFor<T>(what: string, cond: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A bot with `token` as DASHBOARD_TOKEN polling the sample's CATL story as feed `catl`, returned once that first
 * poll has recorded its alert (stopped again if it never does).
 */
export async function startCatlBot(token: string): Promise<Bot> {
  const { items } = sampleItems();
  const bot = await startBot({
    token,
    feeds: (srv) => {
      srv.route('/catl.rss', { body: rss('Zhitong Finance', [items[0]!]) });
      return [{ id: 'catl', path: '/catl.rss' }];
    },
  });
  try {
    await waitFor('the first poll', async () => {
      const r = await fetch(`${bot.url}/api/alerts`, { headers: { authorization: `Bearer ${token}` } });
      return r.ok && ((await r.json()) as { alerts: unknown[] }).alerts.length > 0;
    }, 60_000);
  } catch (e) {
    await bot.stop();
    throw e;
  }
  return bot;
}

/** Signs in through the login form reached at `path`, and waits to land on the dashboard's front page. */
export async function signIn(page: Page, url: string, token: string, path = '/'): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.fill('input[name=token]', token);
  await Promise.all([page.waitForURL(`${url}/`), page.click('button')]);
}
