/**
 * A dashboard mounted on a real loopback HTTP server over a fresh SQLite store, without the rest of the bot: for
 * tests of who it answers and how it signs in. Servers and stores are closed and the temp dir removed after the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { mountDashboard } from '../../src/app/dashboard/index.js';
import { createRouter, type Router } from '../../src/app/http/router.js';
import { startHttpServer, type HttpServer } from '../../src/app/http/server.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/config/load.js';
import { createMatcher } from '../../src/core/match/matcher.js';
import type { Clock } from '../../src/core/ports.js';
import { Universe } from '../../src/core/symbols.js';
import { openStores, type Stores } from '../../src/store/open.js';

export interface MountedDashboard {
  url: string;
  /** The dashboard's own line on what it serves (or why it is off). */
  describe: string;
  logger: ReturnType<typeof createMemoryLogger>;
}

/**
 * `serve` mounts a dashboard told HOST is `host` (always bound to 127.0.0.1 here), with `token` as
 * DASHBOARD_TOKEN when given, on `clock`; `mountFirst` adds routes to the router before the dashboard.
 */
export function mountedDashboards(dirPrefix: string): {
  /** Every store opened so far, in order (the last is the latest dashboard's). */
  stores: readonly Stores[];
  serve(o: { host: string; token?: string; clock: Clock; mountFirst?: (router: Router) => void }): Promise<MountedDashboard>;
} {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const servers: HttpServer[] = [];
  const stores: Stores[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    stores,
    async serve({ host, token, clock, mountFirst }) {
      const config = loadConfig({ dir: 'config', env: {} });
      const s = await openStores(`sqlite://${join(dir, `${stores.length}.sqlite`)}`);
      stores.push(s);
      const logger = createMemoryLogger();
      const router = createRouter();
      mountFirst?.(router);
      const d = mountDashboard(router, {
        stores: s, matcher: createMatcher({ tickers: config.tickers, topics: config.topics }), feeds: () => [], topics: ['lithium-supply'],
        commandDeps: { subscriptions: s.subscriptions, alerts: s.alerts, feedStates: s.feedStates, universe: new Universe(config.tickers), clock, logger },
        clock, logger,
      }, { host, ...(token ? { token } : {}) });
      const http = await startHttpServer({ host: '127.0.0.1', port: 0, router });
      servers.push(http);
      return { url: http.url, describe: d.describe, logger };
    },
  };
}
