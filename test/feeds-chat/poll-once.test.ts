/** `poll --once` polls the stored (chat-added) feeds with config/feeds.yaml's, and skips paused ones. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { cliEnv, runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lw-pollonce-chat-'));
const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>Nothing</title><guid>n1</guid></item></channel></rss>';
let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
  for (const p of ['/yaml.rss', '/chat.rss', '/paused.rss']) feeds.route(p, { body: RSS });
});
afterAll(async () => {
  await feeds?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('poll --once with stored feeds', () => {
  it('fetches the YAML feed and the stored one, not the paused one', async () => {
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: yaml-wire, url: "${feeds.url('/yaml.rss')}" }\n`);
    writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
    const storeUrl = `sqlite://${join(root, 'bot.sqlite')}`;
    const s = await openStores(storeUrl);
    const by = { platform: 'slack', workspace: 'T1', user: 'U1' };
    await s.feedRegistry.add({ id: 'chat-wire', url: feeds.url('/chat.rss'), tags: [], addedBy: by, addedAt: '2026-12-07T00:00:00Z', paused: false });
    await s.feedRegistry.add({ id: 'paused-wire', url: feeds.url('/paused.rss'), tags: [], addedBy: by, addedAt: '2026-12-07T00:00:00Z', paused: true });
    await s.close();
    const r = await runCli(['poll', '--once', '--config', dir], cliEnv(root, { STORE_URL: storeUrl, ALLOW_FEED_ADDRESSES: '127.0.0.1' }));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('polled 2 feeds');
    expect(r.stdout).toContain('0 feeds failed');
    expect(feeds.hits('/yaml.rss')).toBe(1);
    expect(feeds.hits('/chat.rss')).toBe(1);
    expect(feeds.hits('/paused.rss')).toBe(0);
  }, 60_000);
});
