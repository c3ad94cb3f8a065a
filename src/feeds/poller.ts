/**
 * One poll of a feed: respect backoff, conditional GET, parse, and pick the items never seen before.
 * Nothing is marked seen until the caller commits the result (after queueing the alerts).
 * The first poll of a feed records its backlog without alerting, except items newer than the
 * new-item window, so a new install shows something without flooding channels.
 */
import { createHash } from 'node:crypto';
import { describeError, WireError } from '../core/errors.js';
import { applyFeedCommit } from '../core/feed-commit.js';
import { recordFetch, type FetchSample } from '../core/fetch-stats.js';
import type { Clock, FeedCommit, FeedState, FeedStateStore, Logger, SeenStore } from '../core/ports.js';
import type { NewsItem } from '../core/types.js';

export interface FeedSpec {
  id: string;
  url: string;
  source?: string | undefined;
  tags?: readonly string[] | undefined;
}

export type FetchOutcome =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; etag?: string | undefined; lastModified?: string | undefined; finalUrl?: string | undefined; charsetNote?: string | undefined };

export type FeedFetcher = (url: string, validators: { etag?: string; lastModified?: string }) => Promise<FetchOutcome>;
export type FeedParser = (xml: string, opts: { feedId: string; feedUrl: string }) => Promise<{ title?: string | undefined; items: NewsItem[] }>;

export interface PollerOptions {
  feedStates: FeedStateStore;
  seen: SeenStore;
  fetch: FeedFetcher;
  parse: FeedParser;
  clock: Clock;
  logger: Logger;
  backoffBaseMs: number;
  backoffMaxMs: number;
  newItemWindowHours: number;
  seenRetentionDays: number;
}

export type PollOutcome = 'new' | 'unchanged' | 'not-modified' | 'primed' | 'backoff' | 'failed';

export interface FeedPollResult {
  feedId: string;
  outcome: PollOutcome;
  /** Items to match and alert on, oldest first. */
  items: NewsItem[];
  error?: string | undefined;
  /**
   * Records the items as seen and the feed's validators. Called only after the items' deliveries are in the
   * outbox: a crash before it means the next poll sees the items again (and the outbox drops duplicates),
   * never that they are lost.
   */
  commit?: () => Promise<void>;
  /** The same commit as data, for a store that writes it in one transaction with the alerts' outbox entries. */
  pending?: FeedCommit | undefined;
  /** The feed's state as this poll leaves it (already saved, or saved by `commit`); absent when nothing was fetched. */
  state?: FeedState | undefined;
}

/**
 * An alert id that is the same wherever the story appears: the link when there is one (the same article in two
 * feeds is one alert), else the feed and the item's own id.
 */
export function alertIdFor(item: NewsItem): string {
  const basis = item.link ? `link:${item.link.replace(/#.*$/, '')}` : `item:${item.feedId}:${item.id}`;
  return createHash('sha1').update(basis).digest('hex').slice(0, 20);
}

function byPublished(a: NewsItem, b: NewsItem): number {
  return (a.published ?? '').localeCompare(b.published ?? '');
}

export function createPoller(opts: PollerOptions) {
  const now = () => opts.clock.now();

  /** What the fetch answered, for the stats: the status it failed with (or the code, without an answer). */
  function failedSample(e: unknown, latencyMs: number): FetchSample {
    const status = e && typeof e === 'object' && 'status' in e && typeof e.status === 'number' ? e.status : e instanceof WireError ? e.code : 'UNEXPECTED';
    return { status, latencyMs, notModified: false, error: true };
  }

  async function fail(state: FeedState, e: unknown, sample: FetchSample): Promise<FeedPollResult> {
    const at = now();
    const failures = state.consecutiveFailures + 1;
    // A server's own Retry-After (429/503) is a floor under our backoff.
    const asked = e instanceof WireError && 'retryAfterMs' in e && typeof e.retryAfterMs === 'number' ? e.retryAfterMs : 0;
    const wait = Math.max(asked, Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (failures - 1)));
    const code = e instanceof WireError ? e.code : 'UNEXPECTED';
    const message = describeError(e).slice(0, 300);
    const failed: FeedState = {
      ...state,
      lastPollAt: at.toISOString(),
      consecutiveFailures: failures,
      failingSince: state.failingSince ?? at.toISOString(),
      lastError: { at: at.toISOString(), code, message },
      nextAttemptAt: new Date(at.getTime() + wait).toISOString(),
      fetch: recordFetch(state.fetch, sample, at),
    };
    await opts.feedStates.put(failed);
    opts.logger.warn('feed poll failed', { feed: state.feedId, code, failures, retryInMs: wait, error: message });
    return { feedId: state.feedId, outcome: 'failed', items: [], error: message, state: failed };
  }

  async function pollFeed(feed: FeedSpec): Promise<FeedPollResult> {
    const state: FeedState = (await opts.feedStates.get(feed.id)) ?? { feedId: feed.id, primed: false, consecutiveFailures: 0 };
    const at = now();
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > at.getTime()) {
      return { feedId: feed.id, outcome: 'backoff', items: [] };
    }
    // Measured here, around the fetch only: the same for every fetcher, kept in the state written anyway.
    const t0 = performance.now();
    let fetched: FetchSample | undefined;
    try {
      const validators = state.primed ? { etag: state.etag, lastModified: state.lastModified } : {};
      const res = await opts.fetch(feed.url, JSON.parse(JSON.stringify(validators)) as typeof validators);
      fetched = { status: res.status === 'ok' ? 200 : 304, latencyMs: performance.now() - t0, notModified: res.status === 'not-modified', error: false };
      const healthy: FeedState = {
        ...state,
        lastPollAt: at.toISOString(),
        lastSuccessAt: at.toISOString(),
        consecutiveFailures: 0,
        failingSince: undefined,
        nextAttemptAt: undefined,
        fetch: recordFetch(state.fetch, fetched, at),
      };
      if (res.status === 'ok' && res.charsetNote) opts.logger.debug('feed charset label overruled', { feed: feed.id, note: res.charsetNote });
      if (res.status === 'not-modified') {
        await opts.feedStates.put(healthy);
        return { feedId: feed.id, outcome: 'not-modified', items: [], state: healthy };
      }
      // Relative links resolve against where the document really came from (after redirects).
      const parsed = await opts.parse(res.body, { feedId: feed.id, feedUrl: res.finalUrl ?? feed.url });
      const items = parsed.items.map((i) => ({ ...i, source: feed.source ?? i.source ?? parsed.title, tags: feed.tags }));
      const ids = items.map((i) => i.id);
      const fresh = new Set(await opts.seen.unseen(feed.id, ids));
      let outItems = items.filter((i) => fresh.has(i.id));
      let outcome: PollOutcome = outItems.length ? 'new' : 'unchanged';
      if (!state.primed) {
        const cutoff = at.getTime() - opts.newItemWindowHours * 3600_000;
        outItems = outItems.filter((i) => i.published && Date.parse(i.published) >= cutoff && Date.parse(i.published) <= at.getTime() + 3600_000);
        outcome = 'primed';
      }
      const pending: FeedCommit = {
        feedId: feed.id, seenIds: ids, at,
        pruneBefore: new Date(at.getTime() - opts.seenRetentionDays * 86_400_000),
        state: { ...healthy, primed: true, etag: res.etag, lastModified: res.lastModified, lastError: state.lastError, itemCount: items.length },
      };
      const commit = () => applyFeedCommit(opts, pending);
      return { feedId: feed.id, outcome, items: outItems.sort(byPublished), commit, pending, state: pending.state };
    } catch (e) {
      // A body that fails to parse was still answered 200: that status stays, and the poll counts as an error.
      return fail(state, e, fetched ? { ...fetched, error: true } : failedSample(e, performance.now() - t0));
    }
  }

  return { pollFeed };
}

export type Poller = ReturnType<typeof createPoller>;
