/**
 * The pieces of scale-out that run in one process: --role parsing, the metrics registry and its HTTP server,
 * and feed leases in the embedded (SQLite, local coordinator) mode, where two overlapping cycles for one
 * interval fetch each feed once.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createMetrics, startMetricsServer } from '../../src/app/metrics.js';
import { cronIntervalMs, dutiesOf, feedLeaseMs, parseRole } from '../../src/app/roles.js';
import { loadConfig } from '../../src/config/load.js';
import type { ChatAdapter, SentMessage } from '../../src/core/ports.js';
import { burst } from '../delivery-guarantees/harness.js';
import { startFeedServer } from '../fakes/feed-server.js';

const root = mkdtempSync(join(tmpdir(), 'lw-roles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('roles', () => {
  it('parses --role and says what each role does', () => {
    expect(parseRole(undefined)).toBe('all');
    expect(dutiesOf(parseRole('all'))).toEqual({ poll: true, deliver: true, gateway: true });
    expect(dutiesOf(parseRole('poller'))).toEqual({ poll: true, deliver: false, gateway: false });
    expect(dutiesOf(parseRole('delivery'))).toEqual({ poll: false, deliver: true, gateway: false });
    expect(dutiesOf(parseRole('gateway'))).toEqual({ poll: false, deliver: false, gateway: true });
    expect(() => parseRole('leader')).toThrow('--role must be one of all, poller, delivery, gateway (got "leader")');
  });

  it('derives the lease interval from the cron schedule', () => {
    const at = (ms: number[]) => ({ getNextRuns: () => ms.map((m) => new Date(m)) });
    expect(cronIntervalMs(at([0, 2000, 4000, 6000]))).toBe(2000);
    // Irregular schedules (0, 7, …, 56 s, then 0): the shortest gap, so a claim never outlives an interval.
    expect(cronIntervalMs(at([49_000, 56_000, 60_000, 67_000]))).toBe(4000);
    expect(feedLeaseMs(2000)).toBe(1000);
    expect(feedLeaseMs(3_600_000)).toBe(600_000);
  });

  it('refuses an unknown role on the command line with exit code 2', async () => {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--role', 'boss', '--config', 'config'], {
      env: { PATH: process.env.PATH ?? '', HOME: root },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in r ? r.code : 0).toBe(2);
    expect(r.stderr).toContain('--role must be one of all, poller, delivery, gateway (got "boss")');
  }, 30_000);
});

describe('metrics', () => {
  it('renders counters, gauges and the info line in the Prometheus text format, served with /healthz', async () => {
    const m = createMetrics();
    m.count('lw_polls_total', 3);
    m.count('lw_polls_not_modified_total');
    m.gauge('lw_outbox_pending', 'Queued.', async () => 7);
    m.gauge('lw_broken', 'Store down.', () => {
      throw new Error('down');
    });
    m.info('lw_instance_info', 'Me.', { instance: 'host:1 "x"', role: 'all' });
    const text = await m.render();
    expect(text).toContain('# HELP lw_polls_total Feed fetches attempted (conditional GETs sent).\n# TYPE lw_polls_total counter\nlw_polls_total 3\n');
    expect(text).toContain('\nlw_polls_not_modified_total 1\n');
    expect(text).toContain('\nlw_deliveries_dead_total 0\n');
    expect(text).toContain('# TYPE lw_outbox_pending gauge\nlw_outbox_pending 7\n');
    expect(text).not.toContain('lw_broken');
    expect(text).toContain('lw_instance_info{instance="host:1 \\"x\\"",role="all"} 1\n');

    let healthy = true;
    const srv = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics: m, health: async () => ({ ok: healthy, role: 'all' }) });
    try {
      const res = await fetch(`${srv.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(await res.text()).toBe(text);
      expect(await (await fetch(`${srv.url}/healthz`)).json()).toEqual({ ok: true, role: 'all' });
      healthy = false;
      expect((await fetch(`${srv.url}/healthz`)).status).toBe(503);
      expect((await fetch(`${srv.url}/other`)).status).toBe(404);
    } finally {
      await srv.close();
    }
  });
  it('counts the channel leases held while a drain sends, back to 0 when it is done', async () => {
    const dir = join(root, 'config-leases');
    cpSync('config', dir, { recursive: true });
    const config = loadConfig({ dir, env: { STORE_URL: `sqlite://${join(root, 'leases.sqlite')}` } });
    const metrics = createMetrics();
    // Sends wait here, so the drain is caught holding both channels' leases.
    const held: Array<(m: SentMessage) => void> = [];
    const adapter: ChatAdapter = { platform: 'blocking', send: () => new Promise((r) => held.push(r)) };
    const app = await buildApp(config, { logger: createMemoryLogger(), metrics, chatAdapters: [adapter], consoleWrite: () => undefined });
    try {
      expect(await metrics.render()).toContain('# TYPE lw_delivery_leases_held gauge\nlw_delivery_leases_held 0\n');
      await app.stores.outbox.enqueue(burst(2, 'blocking', ['c1', 'c2']), new Date());
      const drained = app.deliverer.drain();
      for (let i = 0; i < 200 && held.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(held).toHaveLength(2);
      expect(await metrics.render()).toContain('\nlw_delivery_leases_held 2\n');
      held.forEach((r, i) => r({ messageId: `m${i}` }));
      expect((await drained).sent).toBe(2);
      expect(metrics.value('lw_delivery_leases_held')).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe('feed leases on the embedded store', () => {
  it('fetches a feed once when two cycles claim the same interval, and again in the next interval', async () => {
    const feeds = await startFeedServer();
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    feeds.route('/a.rss', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>A</title></channel></rss>', delayMs: 100 });
    writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: a, url: "${feeds.url('/a.rss')}" }\n`);
    const config = loadConfig({ dir, env: { STORE_URL: `sqlite://${join(root, 'l.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true' } });
    const metrics = createMetrics();
    const app = await buildApp(config, { logger: createMemoryLogger(), metrics, consoleWrite: () => undefined });
    try {
      const lease = { intervalStartMs: Date.now(), intervalMs: 60_000, leaseMs: 30_000 };
      const [first, second] = await Promise.all([app.runCycle(app.feeds, lease), app.runCycle(app.feeds, lease)]);
      expect(feeds.hits('/a.rss')).toBe(1);
      expect([first.feeds.length, second.feeds.length].sort()).toEqual([0, 1]);
      expect([first.refused.length, second.refused.length].sort()).toEqual([0, 1]);
      // Done: a later cycle of the same interval (a takeover pass) is refused too.
      expect((await app.runCycle(app.feeds, lease)).refused.map((f) => f.id)).toEqual(['a']);
      await app.runCycle(app.feeds, { ...lease, intervalStartMs: lease.intervalStartMs + 60_000 });
      expect(feeds.hits('/a.rss')).toBe(2);
      expect(metrics.value('lw_polls_total')).toBe(2);
      expect(metrics.value('lw_feed_claims_won_total')).toBe(2);
      expect(metrics.value('lw_feed_claims_refused_total')).toBe(2);
    } finally {
      await app.close();
      await feeds.close();
    }
  });

  it('claims nothing in the last tenth of an interval, so a late cycle cannot fetch a feed inside the next one', async () => {
    const feeds = await startFeedServer();
    const dir = join(root, 'config-late');
    cpSync('config', dir, { recursive: true });
    feeds.route('/late.rss', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>L</title></channel></rss>' });
    writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: late, url: "${feeds.url('/late.rss')}" }\n`);
    const config = loadConfig({ dir, env: { STORE_URL: `sqlite://${join(root, 'late.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true' } });
    const logger = createMemoryLogger();
    const app = await buildApp(config, { logger, consoleWrite: () => undefined });
    try {
      // 95% of a 60 s interval gone: past the claim deadline (54 s), before the interval's end.
      const late = await app.runCycle(app.feeds, { intervalStartMs: Date.now() - 57_000, intervalMs: 60_000, leaseMs: 30_000 });
      expect(feeds.hits('/late.rss')).toBe(0);
      expect(late.feeds).toEqual([]);
      expect(logger.lines.some((l) => /WARN .*end of its interval/.test(l))).toBe(true);
      // 85% gone: still inside the deadline.
      await app.runCycle(app.feeds, { intervalStartMs: Date.now() - 51_000, intervalMs: 60_000, leaseMs: 30_000 });
      expect(feeds.hits('/late.rss')).toBe(1);
    } finally {
      await app.close();
      await feeds.close();
    }
  });

  it('keeps renewing the claim of a poll that outlasts its lease, so a second cycle cannot fetch the feed again', async () => {
    const feeds = await startFeedServer();
    const dir = join(root, 'config-slow');
    cpSync('config', dir, { recursive: true });
    feeds.route('/slow.rss', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title></channel></rss>', delayMs: 2_400 });
    writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: slow, url: "${feeds.url('/slow.rss')}" }\n`);
    const config = loadConfig({ dir, env: { STORE_URL: `sqlite://${join(root, 's.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true' } });
    const app = await buildApp(config, { logger: createMemoryLogger(), consoleWrite: () => undefined });
    try {
      // A 1 s lease on a 2.4 s poll: without renewal the claim lapses and the late cycle fetches again.
      const lease = { intervalStartMs: Date.now(), intervalMs: 60_000, leaseMs: 1_000 };
      const first = app.runCycle(app.feeds, lease);
      await new Promise((r) => setTimeout(r, 1_500));
      const late = await app.runCycle(app.feeds, lease);
      await first;
      expect(late.refused.map((f) => f.id)).toEqual(['slow']);
      expect(feeds.hits('/slow.rss')).toBe(1);
    } finally {
      await app.close();
      await feeds.close();
    }
  });
});
