/**
 * `npm run bench:dashboard [-- --alerts N --requests R --engine sqlite|redis|both]`: the alerts page of the web
 * dashboard served from a store holding N alerts (default 10,000), each queued for two channels (one sent, one dead
 * with an error). Measured over real HTTP on loopback, R sequential GETs after a warm-up: the first page (what a
 * desk lead opens), a ticker filter, and a page deep in the log; the baseline is GET /healthz on the same server in
 * the same run (it asks the store one question). Prints one JSON object on its last line. Target: first page < 300 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.js';
import { createMatcher } from '../src/core/match/matcher.js';
import { systemClock, type OutboxEntry } from '../src/core/ports.js';
import { Universe } from '../src/core/symbols.js';
import type { Alert, Delivery } from '../src/core/types.js';
import { createLogger } from '../src/app/logger.js';
import { mountDashboard } from '../src/app/dashboard/index.js';
import { createHealthRegistry } from '../src/app/http/health.js';
import { createRouter } from '../src/app/http/router.js';
import { startHttpServer } from '../src/app/http/server.js';
import { mountHealth } from '../src/app/http/bot-routes.js';
import { openStores, type Stores } from '../src/store/open.js';
import { connectRedis } from '../src/store/redis/client.js';

const { values } = parseArgs({ options: { alerts: { type: 'string', default: '10000' }, requests: { type: 'string', default: '60' }, engine: { type: 'string', default: 'both' } } });
const N = Number(values.alerts);
const R = Number(values.requests);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICKERS = ['ALB', 'SQM', 'PLS.AX', '300750.SZ', 'LAC', 'SGML', 'MIN.AX', 'LTR.AX'];
const FEEDS = Array.from({ length: 40 }, (_, i) => `feed-${i}`);
const chanA = { platform: 'discord', id: '1000' };
const chanB = { platform: 'slack', id: 'C2000' };

function alertN(i: number): Alert {
  const t = TICKERS[i % TICKERS.length]!;
  return {
    id: `bench-${i}`,
    item: {
      id: `item-${i}`, feedId: FEEDS[i % FEEDS.length]!, source: `Outlet ${i % 17}`, link: `https://news.example/${i}`,
      title: `${t} to suspend part of its lithium output at site ${i}, cutting ${1000 + i} tonnes a month`,
      summary: 'x'.repeat(600), published: new Date(Date.now() - (N - i) * 60_000).toISOString(),
    },
    match: {
      lithiumSupply: true, score: 0.9, why: ['supply: suspend + lithium output', `subject ${t}`], tickers: [t, 'ALB'],
      figures: [{ kind: 'quantity', value: 1000 + i, unit: 't', per: 'month', what: 'output' }, { kind: 'move', symbol: t, pct: -3.2 }],
      topics: i % 5 === 0 ? ['lithium-supply', 'nickel-supply'] : ['lithium-supply'],
    },
    matchedAt: new Date(Date.now() - (N - i) * 60_000).toISOString(),
  };
}

async function fill(s: Stores): Promise<void> {
  await s.subscriptions.put({ channel: chanA, want: 'all', watchlist: [{ symbol: 'ALB' }], origin: 'command', updatedAt: new Date().toISOString() });
  await s.subscriptions.put({ channel: chanB, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: new Date().toISOString() });
  const BATCH = 250;
  for (let i = 0; i < N; i += BATCH) {
    const alerts = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => alertN(i + k));
    for (const a of alerts) await s.alerts.record(a);
    const deliveries: Delivery[] = alerts.flatMap((a) => [chanA, chanB].map((channel) => ({ alert: a, channel, kind: 'supply' as const, watched: [] })));
    const entries: OutboxEntry[] = await s.outbox.enqueue(deliveries, new Date());
    for (const e of entries) {
      const now = new Date().toISOString();
      await s.outbox.update(e.delivery.channel.platform === 'discord'
        ? { ...e, state: 'sent', sentAt: now, messageId: `m-${e.seq}`, attempts: 1 }
        : { ...e, state: 'dead', attempts: 5, lastError: { at: now, code: 'NOT_IN_CHANNEL', message: 'not_in_channel' } });
    }
  }
}

async function time(url: string): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  const ms = performance.now() - t0;
  if (!r.ok || body.length < 20) throw new Error(`GET ${url}: ${r.status}`);
  return ms;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { medianMs: +at(0.5).toFixed(2), p95Ms: +at(0.95).toFixed(2), maxMs: +s[s.length - 1]!.toFixed(2) };
}

async function measure(engine: 'sqlite' | 'redis', s: Stores) {
  const t0 = performance.now();
  await fill(s);
  const fillS = +((performance.now() - t0) / 1000).toFixed(1);
  const config = loadConfig({ dir: 'config', env: {} });
  const logger = createLogger({ level: 'error' });
  const router = createRouter();
  const health = createHealthRegistry();
  health.register('store', () => s.outbox.pending(1).then(() => ({ ok: true })));
  mountHealth(router, health, () => ({}));
  mountDashboard(router, {
    stores: s, matcher: createMatcher({ tickers: config.tickers, topics: config.topics }),
    feeds: () => FEEDS.map((id) => ({ id, url: `https://news.example/${id}.rss` })), topics: ['lithium-supply', 'nickel-supply'],
    commandDeps: { subscriptions: s.subscriptions, alerts: s.alerts, feedStates: s.feedStates, universe: new Universe(config.tickers), clock: systemClock, logger },
    clock: systemClock, logger,
  }, { host: '127.0.0.1' });
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, router });
  try {
    const urls = {
      alertsPage: `${http.url}/`,
      tickerFilter: `${http.url}/?ticker=LAC`,
      deepPage: `${http.url}/?page=${Math.max(1, Math.floor(N / 25 / 2))}`,
      charts: `${http.url}/charts`,
      healthz: `${http.url}/healthz`,
    };
    for (const u of Object.values(urls)) for (let i = 0; i < 5; i++) await time(u);
    const out: Record<string, ReturnType<typeof stats>> = {};
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(urls).map((k) => [k, []]));
    // Interleaved, so a slow moment on the machine hits every measure alike.
    for (let i = 0; i < R; i++) for (const [k, u] of Object.entries(urls)) samples[k]!.push(await time(u));
    for (const [k, v] of Object.entries(samples)) out[k] = stats(v);
    const count = await s.dashboard.alertCount();
    return {
      engine, alerts: count, fillSeconds: fillS, requests: R, ...out,
      ratioAlertsToHealthz: +(out.alertsPage!.medianMs / out.healthz!.medianMs).toFixed(1),
      underTarget300ms: out.alertsPage!.p95Ms < 300,
    };
  } finally {
    await http.close();
  }
}

const results = [];
const engines = values.engine === 'both' ? ['sqlite', 'redis'] : [values.engine];
if (engines.includes('sqlite')) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-dash-'));
  const s = await openStores(`sqlite://${join(dir, 'bench.sqlite')}`);
  try {
    results.push(await measure('sqlite', s));
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (engines.includes('redis')) {
  const prefix = `lwbench:dash:${process.pid}:`;
  const s = await openStores(REDIS_URL, { redisPrefix: prefix });
  try {
    results.push(await measure('redis', s));
  } finally {
    await s.close();
    const admin = await connectRedis(REDIS_URL);
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await admin.unlink(keys);
    await admin.close();
  }
}
console.log(JSON.stringify({ bench: 'dashboard', target: 'alerts page p95 < 300 ms with 10,000 alerts', results }));
