/**
 * The bot's own routes on the one server: GET /healthz (named checks, 503 when one fails) and GET /metrics
 * (Prometheus text), plus the gauges /metrics reads at scrape time. Slack and Discord mount their endpoints from
 * chat.ts; a dashboard would mount `/` (router prefix).
 */
import type { App } from '../build.js';
import type { Metrics } from '../metrics.js';
import type { Role } from '../roles.js';
import { describeError } from '../../core/errors.js';
import type { HealthRegistry } from './health.js';
import { sendJson, type Router } from './router.js';

export interface BotRouteInfo {
  role: Role;
  leader: () => boolean;
  feedsClaimed: () => number;
}

const GET = ['GET', 'HEAD'];

/** Registers the store check and mounts /healthz; works before the rest of the bot is up (a "starting" check). */
export function mountHealth(router: Router, health: HealthRegistry, instance: () => Record<string, unknown>): () => void {
  const started = Date.now();
  return router.mount(
    '/healthz',
    async (req, res) => {
      const report = await health.run();
      sendJson(res, report.ok ? 200 : 503, { ...report, ...instance(), uptimeS: Math.round((Date.now() - started) / 1000) }, req.method);
    },
    { methods: GET },
  );
}

/** The store answers (an instance cut off from Redis can neither poll nor deliver). */
export function storeCheck(app: App): () => Promise<{ ok: boolean; reason?: string }> {
  return () =>
    app.stores.outbox.pending(1).then(
      () => ({ ok: true }),
      (e: unknown) => ({ ok: false, reason: `store ${app.stores.location}: ${describeError(e)}` }),
    );
}

/** The scrape-time gauges and GET /metrics. */
export function mountMetrics(router: Router, metrics: Metrics, app: App, info: BotRouteInfo): () => void {
  const { outbox, coordinator } = app.stores;
  const depth = async () => {
    if ('counts' in outbox && typeof outbox.counts === 'function') return (await outbox.counts()) as { pending: number; dead: number };
    return { pending: (await outbox.list('pending')).length, dead: (await outbox.list('dead')).length };
  };
  metrics.gauge('lw_outbox_pending', 'Deliveries waiting in the outbox (shared by every instance on one store).', async () => (await depth()).pending);
  metrics.gauge('lw_outbox_dead', 'Dead letters in the outbox.', async () => (await depth()).dead);
  metrics.gauge('lw_gateway_leader', '1 while this instance holds the Discord gateway lease.', () => (info.leader() ? 1 : 0));
  metrics.gauge('lw_feeds_claimed', "Feeds this instance fetched in each schedule's latest interval (feed leases won).", info.feedsClaimed);
  metrics.gauge('process_resident_memory_bytes', 'Resident set size of this process.', () => process.memoryUsage.rss());
  metrics.info('lw_instance_info', 'This instance: its lease owner id, role and store engine.', {
    instance: coordinator.instanceId,
    role: info.role,
    store: app.stores.engine,
  });
  return router.mount(
    '/metrics',
    async (req, res) => {
      const text = await metrics.render();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    },
    { methods: GET },
  );
}
