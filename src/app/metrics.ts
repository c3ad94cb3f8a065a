/**
 * Per-instance metrics in the Prometheus text format (hand-written: a few counters and gauges do not need a
 * client library), and the small HTTP server that serves them with /healthz. The pipeline and the delivery
 * loop report through MetricsSink only, so tests and one-shot commands pass noMetrics.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const COUNTERS = {
  lw_polls_total: 'Feed fetches attempted (conditional GETs sent).',
  lw_polls_not_modified_total: 'Feed fetches answered 304 Not Modified.',
  lw_poll_fetch_errors_total: 'Feed fetches that failed (network, HTTP status, size, timeout).',
  lw_poll_parse_errors_total: 'Feed bodies that could not be parsed.',
  lw_alerts_matched_total: 'Newsworthy items matched (alerts recorded).',
  lw_deliveries_sent_total: 'Deliveries posted to a chat channel.',
  lw_deliveries_retried_total: 'Deliveries that failed and were scheduled for a retry.',
  lw_deliveries_dead_total: 'Deliveries moved to the dead letters.',
  lw_duplicate_checks_skipped_total: 'Resends that went ahead without the duplicate check (Slack history unreadable): a duplicate is possible.',
  lw_feed_claims_won_total: 'Feed-interval leases this instance won (it fetched the feed for that interval).',
  lw_feed_claims_refused_total: 'Feed-interval leases refused (another instance fetched or is fetching the feed).',
} as const;

export type CounterName = keyof typeof COUNTERS;

/** Gauges the work itself sets as it changes (gauge() is for values read from elsewhere at scrape time). */
const LEVELS = {
  lw_delivery_leases_held: 'Channel (delivery) leases this instance holds right now: the channels it is draining.',
} as const;

export type LevelName = keyof typeof LEVELS;

/** What the pipeline and the deliverer report into. */
export interface MetricsSink {
  count(name: CounterName, by?: number): void;
  set(name: LevelName, value: number): void;
}

export const noMetrics: MetricsSink = { count: () => undefined, set: () => undefined };

export interface Metrics extends MetricsSink {
  /** A gauge read when scraped; a reader that throws is left out of that scrape (e.g. the store is down). */
  gauge(name: string, help: string, read: () => number | Promise<number>): void;
  /** A constant `name{labels} 1` line describing this instance (Prometheus "info" metric). */
  info(name: string, help: string, labels: Record<string, string>): void;
  value(name: CounterName | LevelName): number;
  render(): Promise<string>;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function createMetrics(): Metrics {
  const counts = new Map<CounterName | LevelName, number>();
  const gauges: { name: string; help: string; read: () => number | Promise<number> }[] = [];
  const infos: { name: string; help: string; labels: Record<string, string> }[] = [];
  return {
    count(name, by = 1) {
      counts.set(name, (counts.get(name) ?? 0) + by);
    },
    set(name, value) {
      counts.set(name, value);
    },
    gauge(name, help, read) {
      gauges.push({ name, help, read });
    },
    info(name, help, labels) {
      infos.push({ name, help, labels });
    },
    value: (name) => counts.get(name) ?? 0,
    async render() {
      const lines: string[] = [];
      for (const [name, help] of Object.entries(COUNTERS) as [CounterName, string][]) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${counts.get(name) ?? 0}`);
      }
      // Shown at 0 before the first change, so a dashboard can tell "none held" from "not reported".
      for (const [name, help] of Object.entries(LEVELS) as [LevelName, string][]) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${counts.get(name) ?? 0}`);
      }
      const values = await Promise.all(gauges.map(async (g) => {
        try {
          return await g.read();
        } catch {
          return undefined;
        }
      }));
      gauges.forEach((g, i) => {
        const v = values[i];
        if (v === undefined || !Number.isFinite(v)) return;
        lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${v}`);
      });
      for (const i of infos) {
        const labels = Object.entries(i.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
        lines.push(`# HELP ${i.name} ${i.help}`, `# TYPE ${i.name} gauge`, `${i.name}{${labels}} 1`);
      }
      return lines.join('\n') + '\n';
    },
  };
}

export interface MetricsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** GET /metrics (Prometheus text) and GET /healthz (JSON from `health`, 200 when `ok`, else 503). */
export async function startMetricsServer(opts: {
  port: number;
  host?: string;
  metrics: Metrics;
  health: () => Promise<{ ok: boolean } & Record<string, unknown>>;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain', 'method not allowed\n');
    if (path === '/metrics') {
      opts.metrics.render().then(
        (text) => reply(200, 'text/plain; version=0.0.4; charset=utf-8', text),
        () => reply(500, 'text/plain', 'metrics failed\n'),
      );
      return;
    }
    if (path === '/healthz') {
      opts.health().then(
        (h) => reply(h.ok ? 200 : 503, 'application/json', JSON.stringify(h)),
        (e: unknown) => reply(503, 'application/json', JSON.stringify({ ok: false, error: String(e) })),
      );
      return;
    }
    reply(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
