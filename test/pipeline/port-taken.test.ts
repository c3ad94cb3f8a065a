/**
 * `start` with its PORT already taken and no chat platform that must reach it: it keeps polling and printing alerts,
 * and says once what is missing without the server: the dashboard, /healthz and /metrics.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startFeedServer } from '../fakes/feed-server.js';
import { cliEnv, spawnCli, until } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lw-port-taken-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('says the dashboard, /healthz and /metrics are off, and keeps running', async () => {
  const feeds = await startFeedServer();
  feeds.route('/wire.rss', () => ({ body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>' }));
  const taken: Server = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as { port: number }).port;
  const dir = join(root, 'config');
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: wire, url: "${feeds.url('/wire.rss')}" }\n`);
  const bot = spawnCli(['start', '--config', dir], cliEnv(root, { STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', PORT: String(port) }));
  try {
    await until(() => bot.stdout.includes('polling 1 schedule'), 30_000, () => `start\n${bot.stdout}${bot.stderr}`);
    expect(bot.stdout).toMatch(/http: off: cannot listen on 127\.0\.0\.1:\d+ .*; the dashboard, \/healthz and \/metrics are unavailable/);
    expect(bot.stdout).not.toContain('dashboard: on');
  } finally {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    await new Promise((r) => taken.close(r));
    await feeds.close();
  }
}, 60_000);
