/**
 * `npm run bench:poll -- --feeds N --engine sqlite|redis --minutes M [--interval-seconds S]`: one real
 * `lithium-wire start` polls N loopback feeds (20 items each; 1% change each interval, the rest answer 304 to the
 * conditional GET) on a one-minute schedule (S seconds to try it quickly), after one priming interval. Measured
 * from outside: the share of feeds polled per interval (at the feed server), ticks missed (an interval with no
 * polls, or node-cron's "missed execution"), peak RSS (VmHWM), CPU per poll (/proc), the largest event-loop delay
 * (a preloaded probe). The baseline is bench/poll-baseline.ts: the same GETs through the same client, no store,
 * run in the same bench. Prints one JSON object on its last line.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFeedServer } from '../test/fakes/feed-server.js';
import { connectRedis } from '../src/store/redis/client.js';

const { values } = parseArgs({
  options: { feeds: { type: 'string', default: '1000' }, engine: { type: 'string', default: 'sqlite' }, minutes: { type: 'string', default: '2' }, 'interval-seconds': { type: 'string', default: '60' } },
});
const N = Number(values.feeds);
const ENGINE = values.engine === 'redis' ? 'redis' : 'sqlite';
const MINUTES = Number(values.minutes);
const INTERVAL_S = Number(values['interval-seconds']);
const INTERVAL_MS = INTERVAL_S * 1000;
const SCHEDULE = INTERVAL_S === 60 ? '* * * * *' : `*/${INTERVAL_S} * * * * *`;
const CONCURRENCY = 16;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICK = 100; // Linux clock ticks per second in /proc/<pid>/stat

const bucketOf = (ms: number) => Math.floor(ms / INTERVAL_MS);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 12);
const cpuMsOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
};
const hwmMb = (pid: number) => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

function body(feed: number, version: number): string {
  const items = Array.from({ length: 20 }, (_, i) =>
    `<item><title>Company ${feed}-${i} reports results for quarter ${version - i}</title><guid>g-${feed}-${version - i}-${i}</guid>` +
      `<link>https://wire.example/${feed}/${version - i}/${i}</link><pubDate>${new Date(Date.UTC(2020, 0, 1 + i)).toUTCString()}</pubDate>` +
      '<description>Revenue and margins in line with guidance; no change to outlook.</description></item>').join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire ${feed}</title>${items}</channel></rss>`;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lw-bench-poll-'));
  const server = await startFeedServer();
  const polled = new Map<number, Set<number>>(); // interval → feeds fetched in it
  const handler = (feed: number) => (req: IncomingMessage, res: ServerResponse) => {
    const b = bucketOf(Date.now());
    (polled.get(b) ?? polled.set(b, new Set()).get(b)!).add(feed);
    // 1% of the feeds change each interval; the rest answer 304.
    const text = body(feed, Math.floor((b + (feed % 100)) / 100));
    const etag = `"${hash(text)}"`;
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { ETag: etag }).end();
    else res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag }).end(text);
  };
  const urls = Array.from({ length: N }, (_, f) => {
    server.route(`/f${f}.rss`, { handler: handler(f) });
    return server.url(`/f${f}.rss`);
  });
  const dir = join(root, 'config');
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  schedule: "${SCHEDULE}"\n  perHostConcurrency: ${CONCURRENCY}\n  concurrency: ${CONCURRENCY}\n  newItemWindowHours: 1\nfeeds:\n` +
    urls.map((u, f) => `  - { id: f${f}, url: "${u}" }`).join('\n') + '\n');
  const prefix = `lwbench:poll:${randomBytes(4).toString('hex')}:`;
  const eld = join(root, 'eld.txt');
  const env = {
    PATH: process.env.PATH ?? '', HOME: root, LOG_LEVEL: 'warn', ALLOW_PRIVATE_FEEDS: 'true', PORT: '0', LW_BENCH_ELD_FILE: eld,
    STORE_URL: ENGINE === 'redis' ? REDIS_URL : `sqlite://${join(root, 'store.sqlite')}`, REDIS_PREFIX: prefix,
  };
  // As users run it: compiled (`npm run build` output) when present, else the sources through tsx.
  const cli = existsSync('dist/cli.js') && !process.env.BENCH_TSX ? ['dist/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the bot there (on exit), to see where its time goes.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...prof, '--import', './bench/eld-probe.mjs', ...cli, 'start', '--config', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (b: Buffer) => void (log += b.toString()));
  child.stderr.on('data', (b: Buffer) => void (log += b.toString()));
  const pid = child.pid!;
  try {
    // Priming: the first poll of every feed (at start, or at the first tick).
    const t0 = Date.now();
    const total = () => new Set([...polled.values()].flatMap((s) => [...s])).size;
    while (total() < N) {
      if (child.exitCode !== null) throw new Error(`start exited: ${log.slice(-2000)}`);
      if (Date.now() - t0 > 10 * INTERVAL_MS + 120_000) throw new Error(`priming incomplete: ${total()}/${N}\n${log.slice(-2000)}`);
      await sleep(200);
    }
    // Measured: M whole intervals after the one in which priming ended.
    const first = bucketOf(Date.now()) + 1;
    await sleep(first * INTERVAL_MS - Date.now());
    const cpu0 = cpuMsOf(pid);
    const eldFrom = Date.now();
    await sleep((first + MINUTES) * INTERVAL_MS - Date.now() + 50);
    const cpuMs = cpuMsOf(pid) - cpu0;
    const peakRssMb = hwmMb(pid);
    const shares = Array.from({ length: MINUTES }, (_, k) => (polled.get(first + k)?.size ?? 0) / N);
    const polls = Array.from({ length: MINUTES }, (_, k) => polled.get(first + k)?.size ?? 0).reduce((a, b) => a + b, 0);
    const delays = existsSync(eld) ? readFileSync(eld, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number) as [number, number]) : [];
    const maxDelay = Math.max(0, ...delays.filter(([t]) => t > eldFrom).map(([, d]) => d));
    const primingDelay = Math.max(0, ...delays.filter(([t]) => t <= eldFrom).map(([, d]) => d));
    const missedLines = (log.match(/missed execution|poll cycle skipped/g) ?? []).length;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    // The baseline, in the same run, against the same server.
    const base = await new Promise<{ polls: number; cpuMs: number }>((resolve, reject) => {
      // The URL list goes in a file: 10,000 of them overflow a command line.
      const args = join(root, 'baseline.json');
      writeFileSync(args, JSON.stringify({ urls, concurrency: CONCURRENCY, passes: MINUTES }));
      const b = spawn(process.execPath, ['--import', 'tsx', 'bench/poll-baseline.ts', args], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      b.stdout.on('data', (x: Buffer) => void (out += x.toString()));
      b.once('exit', () => {
        const line = out.split('\n').find((l) => l.startsWith('DONE '));
        if (line) resolve(JSON.parse(line.slice(5)) as { polls: number; cpuMs: number });
        else reject(new Error(`baseline failed: ${out}`));
      });
    });
    const cpuMsPerPoll = polls ? cpuMs / polls : null;
    const baselineCpuMsPerPoll = base.polls ? base.cpuMs / base.polls : null;
    console.log(JSON.stringify({
      feeds: N, engine: ENGINE, minutes: MINUTES, intervalSeconds: INTERVAL_S,
      polledShare: shares.map((s) => Number(s.toFixed(4))),
      ticksMissed: shares.filter((s) => s === 0).length + missedLines,
      peakRssMb,
      cpuMsPerPoll: cpuMsPerPoll === null ? null : Number(cpuMsPerPoll.toFixed(3)),
      baselineCpuMsPerPoll: baselineCpuMsPerPoll === null ? null : Number(baselineCpuMsPerPoll.toFixed(3)),
      ratioToBaseline: cpuMsPerPoll && baselineCpuMsPerPoll ? Number((cpuMsPerPoll / baselineCpuMsPerPoll).toFixed(2)) : null,
      cpuShareOfCore: Number((cpuMs / (MINUTES * INTERVAL_MS)).toFixed(3)),
      maxEventLoopDelayMs: maxDelay,
      primingMaxEventLoopDelayMs: primingDelay,
      runtime: cli.length === 1 ? 'node dist (compiled)' : 'tsx src',
    }));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await server.close();
    rmSync(root, { recursive: true, force: true });
    if (ENGINE === 'redis') {
      const admin = await connectRedis(REDIS_URL);
      for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await admin.unlink(keys);
      await admin.close();
    }
  }
}

await main();
