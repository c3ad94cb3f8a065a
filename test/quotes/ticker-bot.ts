/**
 * The bots /ticker's end-to-end tests start: a config dir and store of their own, one local feed that never carries
 * a story, and QUOTES_API_URL on a loopback Yahoo fake made anew for each test (so each counts only its own bot's
 * requests). Call at a test file's top level: it registers the hooks that start and stop the servers.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { startQuotesServer, type FakeQuotesServer } from '../fakes/quotes-server.js';
import { cliEnv, type RunningCli } from '../support/cli.js';

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';

export interface TickerBots {
  /** The current test's quotes fake. */
  readonly quotes: FakeQuotesServer;
  botEnv(env: Record<string, string>): { dir: string; env: Record<string, string> };
}

export function tickerBots(tmpPrefix: string): TickerBots {
  const root = mkdtempSync(join(tmpdir(), tmpPrefix));
  let feeds: FeedServer;
  let quotes: FakeQuotesServer | undefined;
  let n = 0;
  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.route('/wire.rss', () => ({ body: EMPTY }));
  });
  afterAll(async () => {
    await feeds.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    quotes = await startQuotesServer();
  });
  afterEach(async () => {
    await quotes?.close();
  });
  return {
    get quotes() {
      if (!quotes) throw new Error('tickerBots: quotes are started per test');
      return quotes;
    },
    botEnv(env) {
      const dir = join(root, `bot${++n}`);
      cpSync('config', dir, { recursive: true });
      writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}" }\n`);
      writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
      return {
        dir,
        env: cliEnv(root, {
          STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', METRICS_PORT: 'off',
          QUOTES_API_URL: this.quotes.url, ...env,
        }),
      };
    },
  };
}

/** SIGTERM, and the bot must exit cleanly. */
export async function stopBot(bot: RunningCli): Promise<void> {
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
}
