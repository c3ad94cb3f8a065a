/**
 * Fetches a feed document: conditional GET, redirects checked hop by hop, one total deadline, a streaming
 * size cap and charset decoding. The poller decides what to do with the result (store validators, back off
 * on errors); this module only tells it what happened.
 */
import { decodeFeedBytes } from './charset.js';
import { FeedError, displayUrl } from './errors.js';
import type { HostLimiter } from './host-limit.js';
import { getOnce } from './http-get.js';
import { parseHttpUrl, resolveChecked, type LookupFn } from './net-guard.js';

export { FeedError } from './errors.js';

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'lithium-wire/0.1 (feed reader)',
} as const;

export interface FetchOptions {
  /** Total deadline for DNS, connect, redirects and body together (default 15 s). */
  timeoutMs?: number;
  /** Cap on the decompressed body, enforced while streaming (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed before TOO_MANY_REDIRECTS (default 5). */
  maxRedirects?: number;
  userAgent?: string;
  /** ALLOW_PRIVATE_FEEDS: permit loopback/private/link-local targets (tests, intranet feeds). */
  allowPrivate: boolean;
  /** Exact IP addresses permitted even though private, without opening every private range. */
  allowAddresses?: readonly string[];
  hostLimiter?: HostLimiter;
  /** Aborts the whole fetch (shutdown); rejects with FeedError ABORTED. */
  signal?: AbortSignal;
  /** DNS resolution, replaceable in tests. */
  lookup?: LookupFn;
  /** Trusted CA certificates for https, REPLACING the default store (tests, private PKI). */
  ca?: string | Buffer | Array<string | Buffer>;
}

export interface FeedValidators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export type FetchResult =
  | { status: 'not-modified'; finalUrl: string }
  | {
      status: 'ok';
      /** The document decoded to a JS string. */
      body: string;
      etag?: string | undefined;
      lastModified?: string | undefined;
      finalUrl: string;
      contentType?: string | undefined;
      /** Decompressed body size in bytes (what the cap applies to). */
      bytes: number;
      /** Charset the body was decoded with (iconv-lite name). */
      charset: string;
      /** Why the declared charset was overruled, when it was (logged at debug). */
      charsetNote?: string | undefined;
    };

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';

/**
 * GETs `url`. Resolves with `not-modified` (304: no body read) or `ok`; rejects with FeedError for
 * everything else: TIMEOUT, TOO_LARGE, TOO_MANY_REDIRECTS, REDIRECT_LOOP, BAD_SCHEME, BAD_URL,
 * BLOCKED_ADDRESS, HTTP_STATUS (with `status`), NETWORK, ABORTED.
 */
export async function fetchFeed(url: string, validators: FeedValidators, opts: FetchOptions): Promise<FetchResult> {
  const first = parseHttpUrl(url);
  // A private follower of the caller's signal: a poll that shares one shutdown signal across 100 fetches
  // would otherwise hang 100+ listeners on it (MaxListenersExceededWarning).
  const signal = opts.signal !== undefined && typeof AbortSignal.any === 'function' ? AbortSignal.any([opts.signal]) : opts.signal;
  const own: FetchOptions = { ...opts, ...(signal !== undefined ? { signal } : {}) };
  const run = (): Promise<FetchResult> => fetchWithDeadline(first, validators, own);
  // The deadline starts once a host slot is granted: queueing behind a slow sibling is not this feed's fault.
  return opts.hostLimiter !== undefined ? opts.hostLimiter.run(first.hostname, run, signal) : run();
}

async function fetchWithDeadline(first: URL, validators: FeedValidators, opts: FetchOptions): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const ac = new AbortController();
  const timer = setTimeout(
    () => ac.abort(new FeedError('TIMEOUT', `${displayUrl(first)} did not complete within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onOuterAbort = (): void => ac.abort(new FeedError('ABORTED', `fetch of ${displayUrl(first)} aborted`));
  if (opts.signal?.aborted === true) onOuterAbort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    return await followRedirects(first, validators, opts, ac.signal);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Settles with `p`, or rejects with the signal's reason as soon as it aborts (for uncancellable DNS). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function followRedirects(
  first: URL,
  validators: FeedValidators,
  opts: FetchOptions,
  signal: AbortSignal,
): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const headers: Record<string, string> = {
    'User-Agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent,
    Accept: ACCEPT,
    'Accept-Encoding': 'gzip, deflate, br',
  };
  if (validators.etag !== undefined && validators.etag !== '') headers['If-None-Match'] = validators.etag;
  if (validators.lastModified !== undefined && validators.lastModified !== '') {
    headers['If-Modified-Since'] = validators.lastModified;
  }

  const visited = new Set<string>();
  let current = first;
  for (let redirects = 0; ; redirects++) {
    visited.add(current.href);
    const addrs = await untilAborted(resolveChecked(current, opts), signal);
    const hop = await getOnce(current, addrs, { headers, maxBytes, signal, ...(opts.ca !== undefined ? { ca: opts.ca } : {}) });
    if (hop.kind === 'not-modified') return { status: 'not-modified', finalUrl: current.href };
    if (hop.kind === 'ok') {
      const contentType = hop.headers['content-type'];
      const decoded = decodeFeedBytes(hop.body, contentType);
      return {
        status: 'ok',
        body: decoded.text,
        etag: hop.headers.etag,
        lastModified: hop.headers['last-modified'],
        finalUrl: current.href,
        contentType,
        bytes: hop.body.length,
        charset: decoded.charset,
        ...(decoded.note ? { charsetNote: decoded.note } : {}),
      };
    }
    const next = parseHttpUrl(hop.location, current);
    next.hash = '';
    if (visited.has(next.href)) {
      throw new FeedError('REDIRECT_LOOP', `redirect loop: ${displayUrl(current)} -> ${displayUrl(next)} was already visited`);
    }
    if (redirects + 1 > maxRedirects) {
      throw new FeedError('TOO_MANY_REDIRECTS', `${displayUrl(first)} redirected more than ${maxRedirects} times`);
    }
    current = next;
  }
}
