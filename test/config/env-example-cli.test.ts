/**
 * A new user's first step: `cp .env.example .env`, then any command. Every empty `NAME=` line of the file means
 * "not set"; the commands run with it as it is, from a fresh directory.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';

const run = promisify(execFile);
const repo = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'lw-envex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(join(repo, '.env.example'), join(dir, '.env'));
cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
// Only PATH from this process: the .env file is the whole configuration.
const cli = (...args: string[]) => run(process.execPath, ['--import', tsx, join(repo, 'src/cli.ts'), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

it('outbox list opens the store .env.example names, in the directory it was run from', async () => {
  const { stdout } = await cli('outbox', 'list');
  expect(stdout).toContain('pending: 0, dead letters: 0');
  expect(existsSync(join(dir, 'data', 'lithium-wire.sqlite'))).toBe(true);
}, 60_000);

it('demo shows the sample alerts with .env.example as .env', async () => {
  const { stdout } = await cli('demo');
  expect(stdout).toContain('── LITHIUM SUPPLY ──');
}, 90_000);

it('a bad line in .env is named with its value and the fix, exit 2', async () => {
  const bad = mkdtempSync(join(tmpdir(), 'lw-envbad-'));
  try {
    copyFileSync(join(repo, '.env.example'), join(bad, '.env'));
    cpSync(join(repo, 'config'), join(bad, 'config'), { recursive: true });
    const r = await run(process.execPath, ['--import', tsx, join(repo, 'src/cli.ts'), 'outbox', 'list'], {
      cwd: bad, env: { PATH: process.env.PATH ?? '', PORT: 'abc' }, timeout: 60_000,
    }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT="abc".*fix or remove that line/);
  } finally {
    rmSync(bad, { recursive: true, force: true });
  }
}, 60_000);

it('--version, a command\'s own --help, and exit 2 for every usage error', async () => {
  const fail = (...args: string[]) => cli(...args).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
  expect((await cli('--version')).stdout).toMatch(/^lithium-wire \d+\.\d+\.\d+\n$/);
  const start = (await cli('start', '--help')).stdout;
  expect(start).toMatch(/^usage: lithium-wire start \[--role ROLE\]/);
  expect(start).toMatch(/poller: poll feeds and queue deliveries only/);
  expect((await cli('match', '--help')).stdout).toMatch(/--max-line-bytes N/);
  // Every registered slash command is named where an operator reads what register-commands does.
  const register = (await cli('register-commands', '--help')).stdout;
  for (const c of COMMANDS) expect(register, c.name).toMatch(new RegExp(`/${c.name}[ )\\n]`));
  expect((await cli('outbox', '--help')).stdout).toMatch(/--channel PLATFORM:ID[\s\S]*--state STATE/);
  expect((await fail('--bogus')).code).toBe(2);
  expect((await fail('bogus')).code).toBe(2);
  expect((await fail('poll')).stderr).toMatch(/needs --once/);
  expect((await fail('poll')).code).toBe(2);
}, 60_000);
