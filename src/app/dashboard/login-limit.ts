/**
 * Wrong dashboard tokens, counted per client address, so the token cannot be guessed at network speed: after
 * `maxFailures` wrong tokens (sign-in form or `Authorization: Bearer`) in a window of `windowMs` from the first, the
 * address gets 429 with Retry-After until the window ends; a right token clears its count.
 *
 * Kept in memory, per process: a restart forgets the counts, and several instances count apart (each still caps
 * the guesses it answers). At most `maxAddresses` are kept; past that the one whose last failure is oldest goes
 * first, so a flood of addresses costs bounded memory. An IPv6 client counts by its /64 (one host can have a whole
 * /64 to itself). Behind a reverse proxy every client shares the proxy's address; X-Forwarded-For is not trusted
 * (anyone can send it).
 */
import type { Clock, Logger } from '../../core/ports.js';

export interface LoginLimitOptions {
  maxFailures?: number;
  windowMs?: number;
  maxAddresses?: number;
}

export interface LoginLimiter {
  /** Whole seconds until `address` may try a token again; undefined when it may try now. */
  blockedFor(address: string): number | undefined;
  /** A wrong token came from `address`. */
  failed(address: string): void;
  /** A right token came from `address`: its count starts over. */
  succeeded(address: string): void;
  /** Addresses currently kept. */
  size(): number;
}

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 10 * 60_000;
/** About 100 bytes an entry: a megabyte or so at worst. */
export const LOGIN_MAX_ADDRESSES = 10_000;

/** Expands an IPv6 address to its 8 groups; undefined when it is not one. */
function ipv6Groups(address: string): string[] | undefined {
  const a = address.replace(/%.*$/, '').toLowerCase();
  if (!a.includes(':') || a.startsWith('::ffff:')) return undefined;
  const [head = '', tail, extra] = a.split('::');
  if (extra !== undefined) return undefined;
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(Math.max(0, fill)).fill('0'), ...t];
  return groups.length === 8 ? groups : undefined;
}

/** The key an address counts under: IPv4 (and IPv4-mapped) as is, IPv6 by its /64. */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const g = ipv6Groups(address);
  return g ? `${g.slice(0, 4).map((x) => x.replace(/^0+(?=.)/, '')).join(':')}::/64` : address;
}

interface Entry {
  first: number;
  failures: number;
  warned: boolean;
}

export function createLoginLimiter(deps: { clock: Clock; logger: Logger }, opts: LoginLimitOptions = {}): LoginLimiter {
  const max = opts.maxFailures ?? LOGIN_MAX_FAILURES;
  const windowMs = opts.windowMs ?? LOGIN_WINDOW_MS;
  const cap = opts.maxAddresses ?? LOGIN_MAX_ADDRESSES;
  // Insertion order is the order of last failures (an entry is re-inserted on each): the first is the stalest.
  const entries = new Map<string, Entry>();
  const now = () => deps.clock.now().getTime();
  const live = (key: string, at: number): Entry | undefined => {
    const e = entries.get(key);
    if (e && at >= e.first + windowMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  return {
    blockedFor(address) {
      const at = now();
      const e = live(clientKey(address), at);
      return e && e.failures >= max ? Math.max(1, Math.ceil((e.first + windowMs - at) / 1000)) : undefined;
    },
    failed(address) {
      const key = clientKey(address);
      const at = now();
      const e = live(key, at) ?? { first: at, failures: 0, warned: false };
      entries.delete(key);
      while (entries.size >= cap) {
        const stalest = entries.keys().next();
        if (stalest.done) break;
        entries.delete(stalest.value);
      }
      e.failures++;
      entries.set(key, e);
      if (e.failures >= max && !e.warned) {
        e.warned = true;
        // Once per address and window; the tokens tried are never logged.
        deps.logger.warn('dashboard: sign-in blocked for this address: too many wrong tokens', {
          remote: key, failures: e.failures, retryAfterSeconds: Math.ceil((e.first + windowMs - at) / 1000),
        });
      }
    },
    succeeded(address) {
      entries.delete(clientKey(address));
    },
    size: () => entries.size,
  };
}
