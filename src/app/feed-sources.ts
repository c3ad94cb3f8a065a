/**
 * Which feeds a poll fetches: config/feeds.yaml's enabled feeds plus the registry's (chat-added, imported) ones that
 * are not paused. The registry is read at every tick, so `/feed add` and `/feed remove` take effect without a
 * restart. YAML wins: a stored feed whose id or URL a YAML feed already has (enabled or not) is left out.
 * A YAML feed paused from chat, the dashboard or the CLI (a pause stored in the registry) is left out too.
 */
import type { FeedConfig } from '../config/schema.js';
import { describeError } from '../core/errors.js';
import { feedUrlKey, type ChatFeed, type FeedRegistry } from '../core/feed-registry.js';
import type { FeedStateStore, Logger } from '../core/ports.js';
import type { FeedSpec } from '../feeds/poller.js';

/** The registry's feeds as poll specs, minus paused ones and any a YAML feed (by id or URL) already covers. */
export function storedFeedSpecs(stored: readonly ChatFeed[], yaml: readonly Pick<FeedConfig, 'id' | 'url'>[]): FeedSpec[] {
  const ids = new Set(yaml.map((f) => f.id));
  const urls = new Set(yaml.map((f) => feedUrlKey(f.url)));
  return stored
    .filter((f) => !f.paused && !ids.has(f.id) && !urls.has(feedUrlKey(f.url)))
    .map((f) => ({ id: f.id, url: f.url, tags: f.tags }));
}

export interface FeedSourceOptions {
  registry: FeedRegistry;
  /** Every YAML feed (disabled ones too: their ids and URLs still win). */
  yaml: readonly FeedConfig[];
  logger: Logger;
}

/**
 * The stored feeds at this moment. A registry that cannot be read (the store is down) gives none, with a warning:
 * the YAML feeds still poll.
 */
export function storedFeedSource(opts: FeedSourceOptions): () => Promise<FeedSpec[]> {
  return async () => {
    try {
      return storedFeedSpecs(await opts.registry.list(), opts.yaml);
    } catch (e) {
      opts.logger.warn('could not read the chat-added feeds; polling the configured ones only', { error: describeError(e) });
      return [];
    }
  };
}

/**
 * The configured feeds of one schedule at this moment, minus those paused (read at every tick, so `/feed pause`
 * takes effect without a restart). A store that cannot be read leaves them all in, with a warning: a pause is an
 * override, and polling on is the side that loses nothing.
 */
export function configuredFeedSource(feeds: readonly FeedSpec[], opts: Pick<FeedSourceOptions, 'registry' | 'logger'>): () => Promise<FeedSpec[]> {
  return async () => {
    if (feeds.length === 0) return [];
    try {
      const paused = new Set((await opts.registry.configuredPauses()).map((p) => p.id));
      return feeds.filter((f) => !paused.has(f.id));
    } catch (e) {
      opts.logger.warn('could not read which configured feeds are paused; polling them all', { error: describeError(e) });
      return [...feeds];
    }
  };
}

/**
 * After a poll cycle: the stored feeds it polled that are no longer stored lose their state. `/feed remove` drops
 * the state at once, but a poll already in flight (a failing feed waiting out its timeout, say) writes it back;
 * this runs once that cycle is over, so /status does not count a feed nobody polls. YAML feeds are never touched.
 */
export async function forgetRemovedFeeds(polled: readonly FeedSpec[], opts: FeedSourceOptions & { feedStates: FeedStateStore }): Promise<void> {
  const yamlIds = new Set(opts.yaml.map((f) => f.id));
  const stored = polled.filter((f) => !yamlIds.has(f.id));
  if (stored.length === 0) return;
  try {
    const still = new Set((await opts.registry.list()).map((f) => f.id));
    for (const f of stored) if (!still.has(f.id)) await opts.feedStates.remove(f.id);
  } catch (e) {
    opts.logger.warn('could not check for removed feeds after a poll', { error: describeError(e) });
  }
}
