/**
 * `npm run bench:delivery`: the Slack crash window of docs/delivery.md, measured on the real pieces: the Slack
 * adapter (WebClient) pointed at the loopback fake Slack Web API, a real store (SQLite temp file; Redis too with
 * `--redis`) and the real deliverer, paced as `start` paces (16 channels at once, Slack's 1 s per channel, 20/s).
 * Per delivery:
 *   - recordBeforeMs: the outbox write of inFlightSince before the send;
 *   - windowMs: from the moment the fake Slack stored the post to the moment our outbox write of `sent`
 *     resolved: a crash inside it leaves a posted message pending (closed by the history check);
 *     split into answerMs (the answer's way back through the WebClient) and recordSentMs (the write);
 *   - historyCheckMs: one alreadySent() call (conversations.history, since the recorded attempt) per delivery.
 * Prints one JSON object. The fake runs in this process, so one performance.now() clock serves both sides.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMemoryLogger } from '../src/app/logger.js';
import { createSlackAdapter } from '../src/adapters/slack/adapter.js';
import type { ChatAdapter, Outbox, OutboxEntry } from '../src/core/ports.js';
import type { Delivery } from '../src/core/types.js';
import { createDeliverer } from '../src/delivery/deliverer.js';
import { openStores } from '../src/store/open.js';
import { connectRedis } from '../src/store/redis/client.js';
import { burst } from '../test/delivery-guarantees/harness.js';
import { FakeSlack, FAKE_BOT_TOKEN, type PostedMessage } from '../test/fakes/slack/fake-slack.js';

export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface WindowResult {
  store: 'sqlite' | 'redis';
  n: number;
  channels: number;
  maxPerSecond: number;
  wallS: number;
  recordBeforeMs: Spread;
  windowMs: Spread;
  answerMs: Spread;
  recordSentMs: Spread;
  historyCheckMs: Spread;
  /** History checks that found the post (should be n: a miss would mean a resend after a crash). */
  historyFound: number;
}

export interface WindowOptions {
  n: number;
  channels?: number;
  /** The deliverer's global cap (default 20, as `start`); raise it for a quick run. */
  maxPerSecond?: number;
  /** sqlite:// (default: a temp file) or redis://; a Redis run uses a fresh key prefix and deletes it after. */
  storeUrl?: string;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0);
  return { count: s.length, p50: at(0.5), p99: at(0.99), max: round(s[s.length - 1] ?? 0) };
}

/** The store's outbox with the two writes around a send timed; everything else passes through. */
function timedOutbox(inner: Outbox, onRecordBefore: (e: OutboxEntry, ms: number) => void, onSent: (e: OutboxEntry, at: number, ms: number) => void): Outbox {
  return {
    enqueue: (d, at) => inner.enqueue(d, at),
    pending: (limit) => inner.pending(limit),
    pendingFor: (c, limit) => inner.pendingFor(c, limit),
    list: (state) => inner.list(state),
    async update(entry) {
      const t0 = performance.now();
      await inner.update(entry);
      const t1 = performance.now();
      if (entry.state === 'sent') onSent(entry, t1, t1 - t0);
      else if (entry.state === 'pending' && entry.inFlightSince && !entry.lastError) onRecordBefore(entry, t1 - t0);
    },
  };
}

export async function measureSlackWindow(opts: WindowOptions): Promise<WindowResult> {
  const channels = opts.channels ?? 16;
  const maxPerSecond = opts.maxPerSecond ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-window-'));
  const redisUrl = opts.storeUrl?.startsWith('redis') ? opts.storeUrl : undefined;
  const prefix = `lwbench:slack-window:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const fake = await FakeSlack.start();
  const stores = await openStores(opts.storeUrl ?? `sqlite://${join(dir, 'bench.sqlite')}`, { redisPrefix: prefix }).catch(async (e: unknown) => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  try {
    // The fake's commit point is the push into its message list (see FakeSlack.post): stamp it there.
    const committedAt = new Map<string, number>();
    const push = fake.messages.push.bind(fake.messages);
    fake.messages.push = (...ms: PostedMessage[]) => {
      const now = performance.now();
      for (const m of ms) committedAt.set(m.ts, now);
      return push(...ms);
    };
    const slack = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger: createMemoryLogger() });
    const answeredAt = new Map<string, number>();
    const adapter: ChatAdapter = {
      ...slack,
      send: async (d) => {
        const sent = await slack.send(d);
        answeredAt.set(sent.messageId, performance.now());
        return sent;
      },
    };

    const recordBefore: number[] = [];
    const window: number[] = [];
    const answer: number[] = [];
    const recordSent: number[] = [];
    const attempted = new Map<string, string>();
    const sent: Array<{ delivery: Delivery; since: string }> = [];
    const outbox = timedOutbox(
      stores.outbox,
      (e, ms) => {
        recordBefore.push(ms);
        attempted.set(e.id, e.inFlightSince ?? '');
      },
      (e, at, ms) => {
        const since = attempted.get(e.id);
        if (since) sent.push({ delivery: e.delivery, since });
        const committed = e.messageId ? committedAt.get(e.messageId) : undefined;
        const answered = e.messageId ? answeredAt.get(e.messageId) : undefined;
        if (committed === undefined || answered === undefined) return;
        window.push(at - committed);
        answer.push(answered - committed);
        recordSent.push(ms);
      },
    );
    const deliverer = createDeliverer({
      outbox, subscriptions: stores.subscriptions, alerts: stores.alerts, adapters: new Map([[adapter.platform, adapter]]),
      clock: { now: () => new Date() }, logger: createMemoryLogger(), coordinator: stores.coordinator, concurrency: 16, maxPerSecond,
    });

    const deliveries: Delivery[] = burst(opts.n, 'slack', Array.from({ length: channels }, (_, i) => `C0BENCH${i}`));
    await stores.outbox.enqueue(deliveries, new Date());
    const t0 = performance.now();
    for (let round = 0; round < 50 && (await stores.outbox.pending(1)).length > 0; round++) await deliverer.drain(opts.n);
    const wallS = Math.round(performance.now() - t0) / 1000;

    // Check-after as the deliverer does it after a crash: history since the recorded attempt, for every post.
    const history: number[] = [];
    for (const { delivery, since } of sent) {
      const h0 = performance.now();
      await slack.alreadySent(delivery, new Date(since));
      history.push(performance.now() - h0);
    }
    return {
      store: stores.engine, n: opts.n, channels, maxPerSecond, wallS,
      recordBeforeMs: spread(recordBefore), windowMs: spread(window), answerMs: spread(answer), recordSentMs: spread(recordSent),
      historyCheckMs: spread(history), historyFound: slack.stats.found,
    };
  } finally {
    await stores.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    if (redisUrl) await dropPrefix(redisUrl, prefix);
  }
}

async function dropPrefix(url: string, prefix: string): Promise<void> {
  const client = await connectRedis(url, { connectTimeoutMs: 2000 });
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.unlink(keys);
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_N ?? 500);
  const channels = Number(process.env.BENCH_CHANNELS ?? 16);
  const results = [await measureSlackWindow({ n, channels })];
  const redisArg = process.argv.find((a) => a.startsWith('--redis'));
  if (redisArg) {
    const url = redisArg.split('=')[1] ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    results.push(await measureSlackWindow({ n, channels, storeUrl: url }));
  }
  console.log(JSON.stringify({
    node: process.version,
    cpus: cpus().length,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    note: 'windowMs = fake Slack stored the post -> outbox `sent` write resolved (answerMs + recordSentMs); loopback, one process',
    results,
  }, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
