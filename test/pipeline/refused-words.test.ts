/**
 * A restart within a feed's interval polls nothing: the feed lease in the store says this interval's fetch is done.
 * The poll log says so in words (and when the next poll comes), beside the `refused` count machines read. Two apps
 * built as `start` builds them, one after the other on one SQLite file, run the same interval against a loopback feed.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { refusedWords, utcTimeWords } from '../../src/app/refused-words.js';
import { loadConfig } from '../../src/config/load.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const root = mkdtempSync(join(tmpdir(), 'lw-refused-words-'));
const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';
let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.route('/wire.rss', { body: RSS });
});
afterAll(async () => {
  await feeds.close();
  rmSync(root, { recursive: true, force: true });
});

describe('refused feeds in words', () => {
  it('names the time of day, with the date when it is another day, seconds only when there are some', () => {
    const now = Date.parse('2026-12-08T10:11:12Z');
    expect(utcTimeWords(Date.parse('2026-12-08T10:20:00Z'), now)).toBe('10:20 UTC');
    expect(utcTimeWords(Date.parse('2026-12-08T10:20:30Z'), now)).toBe('10:20:30 UTC');
    expect(utcTimeWords(Date.parse('2026-12-09T00:00:00Z'), now)).toBe('2026-12-09 00:00 UTC');
    expect(refusedWords(3, Date.parse('2026-12-08T10:20:00Z'), now)).toBe(
      "3 feeds already polled or being polled this interval (by this store's last run or another instance); next poll at 10:20 UTC",
    );
    expect(refusedWords(1, Date.parse('2026-12-08T10:20:00Z'), now)).toMatch(/^1 feed already polled /);
  });

  it('a second run in the same interval on the same store polls nothing and says why in one info line', async () => {
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}" }\n  - { id: wire2, url: "${feeds.url('/wire.rss')}?2" }\n`);
    writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
    const env = { STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true' };
    // An hour-long interval that began this minute: far from its claim deadline, whatever the machine's load.
    const intervalStartMs = Math.floor(Date.now() / 60_000) * 60_000;
    const lease = { intervalStartMs, intervalMs: 3_600_000, leaseMs: 600_000 };
    const run = async () => {
      const logger = createMemoryLogger();
      const app = await buildApp(loadConfig({ dir, env }), { logger, chatAdapters: [] });
      try {
        return { report: await app.runCycle(undefined, lease), lines: logger.lines.filter((l) => l.includes('poll cycle done')) };
      } finally {
        await app.close();
      }
    };

    const first = await run();
    expect(first.report.feeds).toHaveLength(2);
    expect(first.report.refused).toHaveLength(0);
    expect(first.lines).toHaveLength(1);
    expect(first.lines[0]).not.toContain('already polled');
    expect(first.lines[0]).toContain('"refused":0');
    expect(feeds.hits('/wire.rss')).toBe(2);

    // The restart: same store, same interval. Nothing fetched; the line says so once, in words and as a count.
    const second = await run();
    expect(second.report.feeds).toHaveLength(0);
    expect(second.report.refused).toHaveLength(2);
    expect(feeds.hits('/wire.rss')).toBe(2);
    expect(second.lines).toHaveLength(1);
    const next = new Date(intervalStartMs + 3_600_000).toISOString();
    const line = second.lines[0] ?? '';
    expect(line).toMatch(/ INFO /);
    expect(line).toContain("poll cycle done: 2 feeds already polled or being polled this interval (by this store's last run or another instance); next poll at ");
    expect(line).toMatch(new RegExp(`next poll at (${next.slice(0, 10)} )?${next.slice(11, 16)} UTC \\{`));
    expect(line).toContain('"refused":2');
    expect(line).toContain(`"nextPoll":"${next}"`);
  }, 30_000);
});
