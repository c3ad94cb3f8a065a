/**
 * Real feeds are often not well-formed XML. parse.test.ts covers the repair on strings; this runs one cycle of
 * the real app (config dir, SQLite store, console output) against feeds served over loopback HTTP, so the bytes
 * go through fetch, charset decoding, repair, parse, the poller's failure bookkeeping, match and delivery.
 * One broken feed must fail on its own, with a code and message an operator can act on, while the others alert.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { CycleReport } from '../../src/app/pipeline.js';
import { loadConfig } from '../../src/config/load.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

const AMP_TITLES = ['S&P 500 miners slip as M&A talk cools', 'Chipmakers boost R&D budgets for 2026'];
const AMP_SUPPLY = 'Albemarle halts lithium production at Kings Mountain after R&D plant fire';
const GOOD_SUPPLY = 'Pilbara Minerals cuts spodumene output guidance by 20%';

/** `amp` is how the link's query separator is written: bare, or escaped as in a well-formed feed. */
function rss(items: readonly { guid: string; title: string }[], amp = '&'): string {
  const published = new Date(Date.now() - 3600_000).toUTCString();
  const body = items
    .map((i) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>https://news.example/${i.guid}?a=1${amp}b=2</link><pubDate>${published}</pubDate><description>${i.title}</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>\n${body}\n</channel></rss>\n`;
}

const root = mkdtempSync(join(tmpdir(), 'lw-messy-http-'));
let srv: FeedServer;
let app: App;
let report: CycleReport;
const consoleOut: string[] = [];

beforeAll(async () => {
  srv = await startFeedServer();
  // Bare ampersands left unescaped, as many CMS templates emit them, in titles and links alike.
  srv.route('/amp.xml', { body: rss([...AMP_TITLES.map((title, i) => ({ guid: `amp-${i}`, title })), { guid: 'amp-supply', title: AMP_SUPPLY }]) });
  srv.route('/malformed.xml', { body: fixture('malformed.xml') });
  srv.route('/messy.xml', { body: fixture('rss2-messy.xml') });
  srv.route('/good.xml', { body: rss([{ guid: 'good-supply', title: GOOD_SUPPLY }], '&amp;') });

  const dir = join(root, 'config');
  cpSync('config', dir, { recursive: true });
  writeFileSync(
    join(dir, 'feeds.yaml'),
    [
      'poll:',
      // The fixture's items are dated 2025: a wide window lets a first poll alert on them.
      '  newItemWindowHours: 1000000',
      'feeds:',
      ...['amp', 'malformed', 'messy', 'good'].map((id) => `  - { id: ${id}, url: "${srv.url(`/${id}.xml`)}" }`),
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions:\n  - { platform: console, channel: terminal, want: lithium-supply }\n');
  const config = loadConfig({ dir, env: { STORE_URL: `sqlite://${join(root, 'store.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true' } });
  app = await buildApp(config, { logger: createMemoryLogger(), consoleWrite: (t) => consoleOut.push(t) });
  report = await app.runCycle();
}, 30_000);
afterAll(async () => {
  await app?.close();
  await srv?.close();
  rmSync(root, { recursive: true, force: true });
});

const feed = (id: string) => report.feeds.find((f) => f.feedId === id);
const alertTitles = () => report.alerts.map((a) => a.item.title);

describe('messy and malformed feeds over real HTTP, in one cycle of the app', () => {
  it('fetched every feed once', () => {
    for (const id of ['amp', 'malformed', 'messy', 'good']) expect(srv.hits(`/${id}.xml`)).toBe(1);
    expect(report.feeds.map((f) => f.feedId)).toEqual(['amp', 'malformed', 'messy', 'good']);
  });

  it('reads a feed with bare ampersands, keeping the & in titles, and alerts on its supply story', () => {
    const amp = feed('amp');
    expect(amp?.outcome).toBe('primed');
    expect(amp?.error).toBeUndefined();
    expect(amp?.items.map((i) => i.title).sort()).toEqual([...AMP_TITLES, AMP_SUPPLY].sort());
    expect(amp?.items.find((i) => i.title === AMP_SUPPLY)?.link).toBe('https://news.example/amp-supply?a=1&b=2');
    expect(alertTitles()).toContain(AMP_SUPPLY);
    expect(consoleOut.some((t) => t.includes(AMP_SUPPLY))).toBe(true);
  });

  it('reads the messy fixture (bare & in S&P 500, CDATA HTML) and alerts on its CATL mine halt', () => {
    const messy = feed('messy');
    expect(messy?.outcome).toBe('primed');
    expect(messy?.items.map((i) => i.title)).toContain('Albemarle & SQM lead S&P 500 materials as lithium jumps 8%');
    expect(alertTitles().some((t) => t.startsWith('CATL halts Jianxiawo mine'))).toBe(true);
  });

  it('fails the malformed feed alone, recording a PARSE error with a clear message', async () => {
    const bad = feed('malformed');
    expect(bad?.outcome).toBe('failed');
    expect(bad?.items).toEqual([]);
    expect(bad?.error).toMatch(/^PARSE: malformed feed XML: \S/);
    const state = await app.stores.feedStates.get('malformed');
    expect(state?.lastError?.code).toBe('PARSE');
    expect(state?.lastError?.message).toBe(bad?.error);
    expect(state?.consecutiveFailures).toBe(1);
    expect(state?.primed).toBe(false);
  });

  it('still polls the good feed and alerts on it in the same cycle', async () => {
    expect(feed('good')?.outcome).toBe('primed');
    expect(alertTitles()).toContain(GOOD_SUPPLY);
    expect(consoleOut.some((t) => t.includes(GOOD_SUPPLY))).toBe(true);
    expect(report.delivery.sent).toBe(report.deliveries.length);
    expect((await app.stores.feedStates.get('good'))?.consecutiveFailures).toBe(0);
  });
});
