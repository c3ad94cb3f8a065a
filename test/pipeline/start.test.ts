import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

const root = mkdtempSync(join(tmpdir(), 'lw-start-'));
let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(async () => {
  await srv.close();
  rmSync(root, { recursive: true, force: true });
});

/** Starts `lithium-wire start`, waits until stdout shows `until`, sends SIGTERM, and collects everything. */
function startUntil(dir: string, env: Record<string, string>, until: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', dir], {
      env: { PATH: process.env.PATH ?? '', HOME: root, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start did not print ${until} in time:\n${stdout}\n${stderr}`));
    }, 25_000);
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (!signalled && until.test(stdout)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('start', () => {
  it('says which outputs are on, polls at once, and stops cleanly on SIGTERM', async () => {
    const dir = join(root, 'cfg');
    cpSync('config', dir, { recursive: true });
    srv.route('/catl.rss', { body: readFileSync('config/samples/battery-metals.rss') });
    writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  newItemWindowHours: 1000000\nfeeds:\n  - { id: catl, url: "${srv.url('/catl.rss')}" }\n`);
    const r = await startUntil(dir, { ALLOW_PRIVATE_FEEDS: 'true', STORE_URL: `sqlite://${join(root, 's.sqlite')}` }, /ALB \+13\.6%/);
    expect(r.stdout).toContain('console: on');
    expect(r.stdout).toContain('discord: off (set DISCORD_TOKEN');
    expect(r.stdout).toMatch(/stopping: no new polls[\s\S]*stopped/);
    expect(r.code).toBe(0);
    // A cold `start` under tsx on a loaded 2-core machine (the first test of the file) can take over 20 s.
  }, 60_000);

  it('polls the bundled samples when no feed host resolves, and says so', async () => {
    const dir = join(root, 'offline');
    cpSync('config', dir, { recursive: true });
    writeFileSync(join(dir, 'feeds.yaml'), 'feeds:\n  - { id: unreachable, url: "https://feeds.lithium-wire.invalid/rss" }\n');
    const r = await startUntil(dir, { STORE_URL: `sqlite://${join(root, 'o.sqlite')}` }, /Contemporary Amperex[\s\S]*6,000 t\/month/);
    expect(r.stdout).toContain('offline: no feed host resolves');
    expect(r.code).toBe(0);
  }, 60_000);
});
