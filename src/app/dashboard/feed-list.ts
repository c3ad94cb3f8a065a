/**
 * The dashboard's list of feeds: what config/feeds.yaml makes this run poll, then every stored (chat-added or
 * imported) feed, each with where it came from, who added it and whether it is paused. Read on each request.
 */
import { feedUrlKey, type FeedRegistry } from '../../core/feed-registry.js';
import type { FeedSpec } from '../../feeds/poller.js';
import type { DashboardFeed } from './deps.js';

export async function listDashboardFeeds(configured: readonly FeedSpec[], registry: FeedRegistry): Promise<DashboardFeed[]> {
  const [stored, pauses] = await Promise.all([registry.list(), registry.configuredPauses()]);
  const paused = new Map(pauses.map((p) => [p.id, p]));
  const ids = new Set(configured.map((f) => f.id));
  const urls = new Set(configured.map((f) => feedUrlKey(f.url)));
  return [
    ...configured.map((f): DashboardFeed => {
      const p = paused.get(f.id);
      return { id: f.id, url: f.url, source: f.source, tags: f.tags, origin: 'config', paused: p !== undefined, ...(p ? { pausedBy: p.by, pausedAt: p.at } : {}) };
    }),
    ...stored.map((f): DashboardFeed => ({
      id: f.id, url: f.url, tags: f.tags, origin: 'chat', paused: f.paused,
      addedBy: `${f.addedBy.name ?? f.addedBy.user} (${f.addedBy.platform}) ${f.addedAt.slice(0, 10)}`,
      // Same rule as the poll (feed-sources.ts): a YAML feed with its id or URL wins, and this one is not polled.
      ...(ids.has(f.id) || urls.has(feedUrlKey(f.url)) ? { shadowed: true } : {}),
    })),
  ];
}
