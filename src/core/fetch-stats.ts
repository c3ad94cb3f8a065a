/**
 * A feed's fetch statistics, kept in its stored state (FeedState.fetch) and written by the same write as the rest
 * of the poll's state: a 304 stays one write, and every instance sharing the store (and every restart) reads the
 * same numbers.
 *
 * The counters are exponentially decayed with a time constant of one day instead of kept per hour or per day:
 * three numbers and one timestamp, updated in O(1) per poll with no buckets to roll or prune. With a time constant
 * of 24 h, a feed polled at a steady rate holds about the number of polls of the last 24 hours (a poll a minute
 * settles at ~1,440), older polls fading out instead of dropping off a cliff; ratios (the 304 share, the error
 * share) are shares of the same decayed weights, so they lean to recent polls.
 */

export const FETCH_STATS_TAU_MS = 86_400_000;

export interface FeedFetchStats {
  /** HTTP status of the last fetch (200, 304, 404, ...), or the error code when there was no answer (TIMEOUT). */
  lastStatus: number | string;
  /** Last fetch's time from request to answer (ms), including the wait for a per-host slot. */
  lastLatencyMs: number;
  /** Decayed counts (about the last 24 h, see above): fetches, of which 304s, of which failed polls. */
  polls: number;
  notModified: number;
  errors: number;
  /** When the counts were last brought up to date (ISO), the base of the next decay. */
  countedAt: string;
}

export interface FetchSample {
  status: number | string;
  latencyMs: number;
  notModified: boolean;
  error: boolean;
}

/** Three decimals are enough for counts shown as integers and shares as percents, and keep the JSON short. */
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The counts as of `at`, without a new poll (for display: a feed no longer polled fades toward zero). */
export function decayedStats(s: FeedFetchStats, at: Date): FeedFetchStats {
  const dt = Math.max(0, at.getTime() - Date.parse(s.countedAt));
  const w = Number.isFinite(dt) ? Math.exp(-dt / FETCH_STATS_TAU_MS) : 1;
  return { ...s, polls: s.polls * w, notModified: s.notModified * w, errors: s.errors * w };
}

/** The statistics after one more fetch at `at`. */
export function recordFetch(prev: FeedFetchStats | undefined, sample: FetchSample, at: Date): FeedFetchStats {
  const base = prev ? decayedStats(prev, at) : { polls: 0, notModified: 0, errors: 0 };
  return {
    lastStatus: sample.status,
    lastLatencyMs: Math.max(0, Math.round(sample.latencyMs)),
    polls: round(base.polls + 1),
    notModified: round(base.notModified + (sample.notModified ? 1 : 0)),
    errors: round(base.errors + (sample.error ? 1 : 0)),
    countedAt: at.toISOString(),
  };
}

/** The decayed counts as of `at`, rounded, and the 304 share (0..1): for `/feed list` and the dashboard. */
export function fetchStatsSummary(s: FeedFetchStats, at: Date): { polls: number; share304: number; errors: number } {
  const d = decayedStats(s, at);
  return { polls: Math.round(d.polls), share304: d.polls > 0 ? d.notModified / d.polls : 0, errors: Math.round(d.errors) };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * "HTTP 304 in 42 ms; 24 h: 1440 polls, 98% 304, 0 errors" (and "no ETag or Last-Modified" when the server gives
 * neither, which is why it never answers 304), for `/feed list` and `lithium-wire feeds list`.
 */
export function fetchStatsText(s: FeedFetchStats, at: Date, validators?: { etag?: string | undefined; lastModified?: string | undefined }): string {
  const sum = fetchStatsSummary(s, at);
  const last = typeof s.lastStatus === 'number' ? `HTTP ${s.lastStatus} in ${s.lastLatencyMs} ms` : `no answer after ${s.lastLatencyMs} ms`;
  const noValidators = validators && !validators.etag && !validators.lastModified ? ', no ETag or Last-Modified' : '';
  return `${last}; 24 h: ${plural(sum.polls, 'poll')}, ${Math.round(100 * sum.share304)}% 304, ${plural(sum.errors, 'error')}${noValidators}`;
}
