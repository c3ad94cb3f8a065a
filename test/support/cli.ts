/** Running the real `lithium-wire` CLI (TypeScript through tsx) from tests, as a user would. */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const CLI = ['--import', 'tsx', 'src/cli.ts'];

/** A clean environment: nothing of the developer's own .env or tokens leaks into a test run. */
export function cliEnv(home: string, env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, LOG_LEVEL: 'warn', ...env };
}

/** Runs a command to completion; never throws on a non-zero exit. */
export async function runCli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [...CLI, ...args], { env, timeout: timeoutMs });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<number | null>;
}

/** Starts a long-running command (e.g. `start`) and collects its output as it comes. */
export function spawnCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [...CLI, ...args], { env });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (b: Buffer) => (out.stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    exited,
  };
}

/** Polls `cond` every `everyMs`; rejects naming `what` (text, or a function for output read at that moment) after `ms`. */
export async function until(cond: () => boolean, ms: number, what: string | (() => string), everyMs = 50): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A loopback port that was free a moment ago, for a bot's PORT when a fake must reach it (Slack or Discord HTTP). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
