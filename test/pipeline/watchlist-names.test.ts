/**
 * A watchlist may name a company outside the shipped universe ({symbol, name}); the pipeline adds those to the
 * matcher each cycle, which is the only way a story naming "Quartzline Lithium" is tagged QZLI. This runs the
 * real app (SQLite store, loopback feed, console output) with a stored subscription that wants only its
 * watchlist, so an alert reaches the channel only if the run-time name was matched.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/config/load.js';
import type { Subscription } from '../../src/core/types.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const NAMED = 'Quartzline Lithium appoints new chief financial officer';
const UNNAMED = 'Central bank holds interest rates steady';
const LATER = 'Quartzline Lithium names new board chair';
const CHANNEL = { platform: 'console', id: 'terminal' };

interface Item {
  guid: string;
  title: string;
}

function rss(items: readonly Item[]): string {
  const published = new Date(Date.now() - 3600_000).toUTCString();
  const body = items
    .map((i) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>https://news.example/${i.guid}</link><pubDate>${published}</pubDate><description>${i.title}.</description></item>`)
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Company News</title>${body}</channel></rss>`;
}

const subscription = (watchlist: Subscription['watchlist']): Subscription => ({
  channel: CHANNEL,
  want: 'watchlist',
  watchlist,
  origin: 'command',
  updatedAt: new Date().toISOString(),
});

const root = mkdtempSync(join(tmpdir(), 'lw-watchlist-names-'));
let srv: FeedServer;
let app: App;
const consoleOut: string[] = [];
let items: Item[] = [
  { guid: 'qz-cfo', title: NAMED },
  { guid: 'rates', title: UNNAMED },
];

beforeAll(async () => {
  srv = await startFeedServer();
  srv.route('/company.xml', () => ({ body: rss(items) }));
  const dir = join(root, 'config');
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: company, url: "${srv.url('/company.xml')}" }\n`);
  // No static subscriptions: the one under test lives in the store, as a chat command would leave it.
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  const config = loadConfig({ dir, env: { STORE_URL: `sqlite://${join(root, 'store.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true' } });
  app = await buildApp(config, { logger: createMemoryLogger(), consoleWrite: (t) => consoleOut.push(t) });
});
afterAll(async () => {
  await app?.close();
  await srv?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a watchlist entry with a company name outside the universe', () => {
  it('is matched at run time: the story naming it alerts the channel with its ticker, the other story does not', async () => {
    expect(app.universe.get('QZLI')).toBeUndefined();
    await app.stores.subscriptions.put(subscription([{ symbol: 'QZLI', name: 'Quartzline Lithium' }]));

    const r = await app.runCycle();
    expect(r.items).toBe(2);
    expect(r.deliveries.map((d) => [d.alert.item.title, d.channel.id, d.kind, d.watched])).toEqual([[NAMED, 'terminal', 'watchlist', ['QZLI']]]);
    expect(r.alerts.map((a) => a.item.title)).toEqual([NAMED]);
    expect(r.alerts[0]?.match.tickers).toEqual(['QZLI']);
    expect(r.delivery.sent).toBe(1);

    expect(consoleOut).toHaveLength(1);
    expect(consoleOut[0]).toContain(NAMED);
    expect(consoleOut[0]).toMatch(/tickers: +QZLI/);
    expect(consoleOut[0]).toMatch(/watching: +QZLI/);
    expect(consoleOut.join('\n')).not.toContain(UNNAMED);
  });

  it('stops matching once the entry is removed from the watchlist', async () => {
    await app.stores.subscriptions.put(subscription([]));
    items = [{ guid: 'qz-chair', title: LATER }, ...items];

    const r = await app.runCycle();
    // The fresh item was read, and with no watchlist naming Quartzline it is not an alert for anyone.
    expect(r.feeds.map((f) => [f.feedId, f.outcome, f.items.map((i) => i.title)])).toEqual([['company', 'new', [LATER]]]);
    expect(r.alerts).toEqual([]);
    expect(r.deliveries).toEqual([]);
    expect(consoleOut).toHaveLength(1);
  });
});
