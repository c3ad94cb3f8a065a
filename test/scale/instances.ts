/** `lithium-wire start` as separate processes for the scale-out tests: spawn, wait for output, read /metrics. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Instance {
  name: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Every child started here; afterAll SIGKILLs those still running. */
export const children: ChildProcess[] = [];

export function startInstance(name: string, dir: string, env: Record<string, string>, args: string[] = []): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', dir, ...args], { env: { ...env, INSTANCE_ID: name } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => void (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => void (err += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { name, child, stdout: () => out, stderr: () => err, exited };
}

export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

export { until } from '../support/cli.js';

export const describeAll = (all: readonly Instance[]) => () => all.map((i) => `--- ${i.name}\n${i.stdout()}\n${i.stderr().slice(-3000)}`).join('\n');
/** The one HTTP server's URL, from the start-up line `http: listening on http://127.0.0.1:PORT (…)`. */
export const metricsUrl = (i: Instance) => /http: listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(i.stdout())?.[1];
export const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
export async function scrape(i: Instance): Promise<string> {
  return (await fetch(`${metricsUrl(i)}/metrics`)).text();
}
