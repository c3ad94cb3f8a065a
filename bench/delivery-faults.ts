/**
 * `npm run bench:delivery`: delivery pace under faults. 1,000 deliveries over 10 channels through the real Discord
 * adapter (discord.js REST) to the loopback fake, the real deliverer and a real SQLite outbox: once with no faults,
 * once with 30% of posts failing (500, 502, 429 with retry-after, hang, connection reset). Prints one JSON line:
 * both wall times, their ratio, and lost / duplicated / out-of-order counts read back from the fake.
 *
 * Time is scaled 1:10 so a run takes seconds: channel spacing 100 ms (Discord and Slack: 1 s), request timeout
 * 300 ms (DELIVERY_TIMEOUT_MS default: 5 s), retry-after 0.2 s. The ratio is what the scale keeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMemoryLogger } from '../src/app/logger.js';
import { createDiscordAdapter, deliveryNonce } from '../src/adapters/discord/rest-adapter.js';
import { createDeliverer } from '../src/delivery/deliverer.js';
import { openStores } from '../src/store/open.js';
import { burst } from '../test/delivery-guarantees/harness.js';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.js';
import type { FaultAction } from '../test/fakes/discord/faults.js';

export interface PaceOptions {
  n?: number;
  channels?: number;
  faultRate?: number;
  channelIntervalMs?: number;
  timeoutMs?: number;
  seed?: number;
}

export interface PaceRun {
  wallS: number;
  posts: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  dead: number;
}

const FAULTS: FaultAction[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'rate-limit', retryAfterSec: 0.2 },
  { kind: 'hang' },
  { kind: 'reset' },
];

export async function runPace(opts: PaceOptions & { faults: boolean }): Promise<PaceRun> {
  const n = opts.n ?? 1000;
  const channelCount = opts.channels ?? 10;
  const ids = Array.from({ length: channelCount }, (_, i) => String(812000000000000000n + BigInt(i + 1)));
  const fake = await FakeDiscord.start({ guild: { channels: ids.map((id, i) => ({ id, name: `bench-${i}` })) } });
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-pace-'));
  const stores = await openStores(`sqlite://${join(dir, 'bench.sqlite')}`);
  try {
    if (opts.faults) fake.chaos({ rate: opts.faultRate ?? 0.3, seed: opts.seed ?? 42, actions: FAULTS });
    const adapter = createDiscordAdapter({
      token: fake.token, apiUrl: fake.apiUrl, logger: createMemoryLogger(), timeoutMs: opts.timeoutMs ?? 300, minChannelIntervalMs: opts.channelIntervalMs ?? 100,
    });
    const deliverer = createDeliverer({
      outbox: stores.outbox, subscriptions: stores.subscriptions, alerts: stores.alerts, adapters: new Map([[adapter.platform, adapter]]),
      clock: { now: () => new Date() }, logger: createMemoryLogger(), concurrency: 16, maxPerSecond: 1000,
      backoffBaseMs: 100, backoffMaxMs: 2_000, inlineRetryMs: 2_000,
    });
    const deliveries = burst(n, 'discord', ids);
    await stores.outbox.enqueue(deliveries, new Date());
    const t0 = performance.now();
    for (let round = 0; round < 500 && (await stores.outbox.pending(1)).length > 0; round++) {
      await deliverer.drain(n);
      await new Promise((r) => setTimeout(r, 10));
    }
    const wallS = Math.round(performance.now() - t0) / 1000;
    fake.chaos(undefined);
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    for (const ch of ids) {
      const want = deliveries.filter((d) => d.channel.id === ch).map((d) => deliveryNonce(d.alert.id, ch));
      const got = fake.channelMessages(ch).map((m) => String(m.nonce));
      const seen = new Set(got);
      lost += want.filter((w) => !seen.has(w)).length;
      duplicated += got.length - seen.size;
      const firsts = [...seen];
      outOfOrder += firsts.filter((w, i) => w !== want.filter((x) => seen.has(x))[i]).length;
    }
    return { wallS, posts: fake.messagePosts().length, lost, duplicated, outOfOrder, dead: (await stores.outbox.list('dead')).length };
  } finally {
    await stores.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measurePace(opts: PaceOptions = {}) {
  const clean = await runPace({ ...opts, faults: false });
  const faulty = await runPace({ ...opts, faults: true });
  return {
    n: opts.n ?? 1000, channels: opts.channels ?? 10, faultRate: opts.faultRate ?? 0.3,
    noFaultS: clean.wallS, faultS: faulty.wallS, ratio: Math.round((faulty.wallS / clean.wallS) * 100) / 100,
    lost: clean.lost + faulty.lost, duplicated: clean.duplicated + faulty.duplicated, outOfOrder: clean.outOfOrder + faulty.outOfOrder,
    dead: clean.dead + faulty.dead, postsNoFault: clean.posts, postsFault: faulty.posts,
  };
}

async function main(): Promise<void> {
  const r = await measurePace({ n: Number(process.env.BENCH_N ?? 1000), channels: Number(process.env.BENCH_CHANNELS ?? 10) });
  console.log(JSON.stringify({
    bench: 'delivery-pace', platform: 'discord', node: process.version, cpus: cpus().length, loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    scale: 'channel 100 ms, timeout 300 ms, retry-after 0.2 s (1:10 of real)', faults: '500,502,429,hang,reset', ...r,
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
