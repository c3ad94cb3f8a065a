/**
 * `/feed add` fetches the URL once before saving it: the same fetch (address guard, ALLOW_PRIVATE_FEEDS and
 * ALLOW_FEED_ADDRESSES, timeout, size cap, redirects checked hop by hop) and the same parser as a poll, so a
 * feed that is saved is one the poller can read. The outcome is neutral data; the command core words it.
 */
import type { PollConfig } from '../config/schema.js';
import type { Config } from '../config/load.js';
import type { FeedCommandDeps, FeedProbeResult, FeedRegistry } from '../core/feed-registry.js';
import { describeError } from '../core/errors.js';
import { isFeedError } from '../feeds/errors.js';
import { fetchFeed } from '../feeds/fetch.js';
import type { LookupFn } from '../feeds/net-guard.js';
import { parseFeed } from '../feeds/parse.js';

export interface FeedProbeOptions {
  poll: Pick<PollConfig, 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'userAgent'>;
  allowPrivate: boolean;
  allowAddresses?: readonly string[] | undefined;
  lookup?: LookupFn | undefined;
}

export function createFeedProbe(opts: FeedProbeOptions): (url: string) => Promise<FeedProbeResult> {
  return async (url) => {
    try {
      const res = await fetchFeed(url, {}, {
        timeoutMs: opts.poll.timeoutMs,
        maxBytes: opts.poll.maxBytes,
        maxRedirects: opts.poll.maxRedirects,
        userAgent: opts.poll.userAgent,
        allowPrivate: opts.allowPrivate,
        ...(opts.allowAddresses ? { allowAddresses: opts.allowAddresses } : {}),
        ...(opts.lookup ? { lookup: opts.lookup } : {}),
      });
      // No validators were sent, so a 304 is a server answering nonsense: not something we can poll.
      if (res.status !== 'ok') return { ok: false, reason: 'not-a-feed', detail: 'the server answered 304 Not Modified to a plain GET' };
      const parsed = await parseFeed(res.body, { feedId: 'probe', feedUrl: res.finalUrl });
      return { ok: true, title: parsed.title, items: parsed.items.length };
    } catch (e) {
      if (!isFeedError(e)) return { ok: false, reason: 'unreachable', detail: describeError(e).slice(0, 200) };
      switch (e.code) {
        case 'BLOCKED_ADDRESS':
          return { ok: false, reason: 'private-address', detail: e.message };
        case 'BAD_URL':
        case 'BAD_SCHEME':
          return { ok: false, reason: 'bad-url', detail: e.message };
        case 'NOT_A_FEED':
        case 'PARSE':
          return { ok: false, reason: 'not-a-feed', detail: e.message };
        default:
          return { ok: false, reason: 'unreachable', detail: e.message };
      }
    }
  };
}

/** `/feed`'s dependencies from the config: the YAML feeds (as configured, not the offline samples) and the probe. */
export function feedCommandDeps(config: Config, registry: FeedRegistry, lookup?: LookupFn): FeedCommandDeps {
  return {
    registry,
    configured: config.feeds.map((f) => ({ id: f.id, url: f.url, tags: f.tags, enabled: f.enabled })),
    probe: createFeedProbe({ poll: config.poll, allowPrivate: config.env.ALLOW_PRIVATE_FEEDS, allowAddresses: config.env.ALLOW_FEED_ADDRESSES, lookup }),
    maxPerWorkspace: config.poll.chatFeedsPerWorkspace,
  };
}
