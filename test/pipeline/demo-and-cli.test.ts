import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { demoCommand } from '../../src/app/demo.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { cliEnv, runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lw-cli-'));
let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(async () => {
  await srv.close();
  rmSync(root, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, cliEnv(root, env));

describe('demo', () => {
  it('prints the CATL alert with its key figures, and nothing for the non-lithium feed', async () => {
    const lines: string[] = [];
    const config = loadConfig({ dir: 'config', env: {} });
    const r = await demoCommand(config, { out: (t) => lines.push(t), logger: createMemoryLogger() });
    const text = lines.join('\n');
    const catl = text.split('── ').find((block) => block.includes('Contemporary Amperex Technology (300750.SZ)'));
    expect(catl).toBeDefined();
    for (const fig of ['ALB +13.6%', 'SQM +10%', 'ALTM +15.5%', 'PILBF +19.1%', 'SGML +12.8%', 'LAC +5.9%', 'SLI +14.4%', '6,000 t/month', '−14%']) {
      expect(catl).toContain(fig);
    }
    expect(catl).toMatch(/why: +supply: /);
    expect(catl).toContain('300750.SZ');
    expect(r.perFeed['sample-markets-general']).toEqual({ items: 3, alerts: 0 });
    expect(r.perFeed['sample-battery-metals']?.alerts).toBeGreaterThanOrEqual(1);
  });
});

describe('CLI', () => {
  it('refuses a bad config before any poll, naming the file and the field', async () => {
    const dir = join(root, 'bad');
    cpSync('config', dir, { recursive: true });
    srv.route('/never.xml', { body: '<rss/>' });
    const feeds = readFileSync(join(dir, 'feeds.yaml'), 'utf8').replace('"*/5 * * * *"', '"every 5 minutes"');
    writeFileSync(join(dir, 'feeds.yaml'), feeds + `  - id: local\n    url: "${srv.url('/never.xml')}"\n`);
    const r = await cli(['poll', '--once', '--config', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}/feeds.yaml: feeds.4.schedule: must be a valid cron expression`);
    expect(srv.hits('/never.xml')).toBe(0);
  });

  it('poll --once delivers to the console, then finds nothing new on the second run', async () => {
    const dir = join(root, 'good');
    cpSync('config', dir, { recursive: true });
    srv.route('/catl.rss', { body: readFileSync('config/samples/battery-metals.rss') });
    srv.route('/broken.rss', { status: 503 });
    writeFileSync(
      join(dir, 'feeds.yaml'),
      `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: catl, url: "${srv.url('/catl.rss')}" }\n  - { id: broken, url: "${srv.url('/broken.rss')}" }\n`,
    );
    const env = { ALLOW_PRIVATE_FEEDS: 'true', STORE_URL: `sqlite://${join(root, 'poll.sqlite')}` };
    const first = await cli(['poll', '--once', '--config', dir], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('US lithium mining stocks rose collectively');
    expect(first.stdout).toContain('ALB +13.6%');
    expect(first.stdout).toMatch(/polled 2 feeds: .* 1 feeds failed/);
    expect(first.stdout).toContain('feed broken failed: HTTP_STATUS');
    // Said once, in the summary: not again as a log line.
    expect(first.stderr).not.toContain('feed poll failed');
    const second = await cli(['poll', '--once', '--config', dir], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('LITHIUM SUPPLY');
    expect(second.stdout).toMatch(/polled 2 feeds: 0 new items/);
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});
