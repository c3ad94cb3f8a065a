/**
 * Two real processes write one SQLite file at once (the bot's poller and deliverer roles, or the `outbox` CLI
 * beside `start`): every delivery queued once with its own seq, every lease won by exactly one, nothing lost.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lw-two-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('two processes writing one SQLite file lose nothing and double nothing', async () => {
  const url = `sqlite://${join(dir, 'shared.sqlite')}`;
  // Created first so that both workers open a migrated file (each would also migrate safely on its own).
  await (await openStores(url)).close();
  const rounds = 150;
  const startAt = Date.now() + 1500;
  const worker = (name: string) =>
    run(process.execPath, ['--import', 'tsx', 'test/store/sqlite-worker.ts', JSON.stringify({ url, name, rounds, startAt })], { timeout: 60_000 })
      .then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()!.replace(/^DONE /, '')) as { created: string[]; leases: string[] });
  const [a, b] = await Promise.all([worker('a'), worker('b')]);

  const s = await openStores(url);
  try {
    const all = await s.outbox.list('pending');
    const ids = all.map((e) => e.id);
    // 150 own ids each + 150 shared ones, each exactly once, in one seq order.
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(3 * rounds);
    expect(new Set(all.map((e) => e.seq)).size).toBe(all.length);
    // What each process was told it created adds up to what is there: no entry claimed by both.
    expect([...a.created, ...b.created].sort()).toEqual([...ids].sort());
    // Each lease key went to exactly one of them.
    expect([...a.leases, ...b.leases].sort()).toEqual(Array.from({ length: rounds }, (_, i) => `k${i}`).sort());
    expect((await s.subscriptions.list()).length).toBe(2 * rounds);
    expect((await s.feedStates.get('feed-a'))?.etag).toBe(`"${rounds - 1}"`);
    expect(await s.seen.unseen('feed-b', ['b-0', `b-${rounds - 1}`, 'b-x'])).toEqual(['b-x']);
  } finally {
    await s.close();
  }
}, 90_000);

it('a lease held by a process of this machine that died is void at once; a live holder keeps it', async () => {
  const url = `sqlite://${join(dir, 'leases.sqlite')}`;
  const script = `import { openStores } from './src/store/open.js';
    const s = await openStores(${JSON.stringify(url)});
    await s.coordinator.claimDelivery('chan:discord:1', 600000);
    process.stdout.write('HELD\\n');
    setInterval(() => {}, 1000);`;
  const child = (await import('node:child_process')).spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('HELD')) resolve(); }));
  const s = await openStores(url);
  try {
    expect(await s.coordinator.claimDelivery('chan:discord:1', 60_000)).toBe(false);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await s.coordinator.claimDelivery('chan:discord:1', 60_000)).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await s.close();
  }
}, 30_000);
