/**
 * Outbound request guard: which URLs and addresses the fetcher may reach. Feed URLs come from config or an
 * admin, but a redirect or a DNS answer can still point inside the network (cloud metadata at 169.254.169.254,
 * a router admin page, a local Redis), so every hop is checked after DNS resolution and the fetcher connects
 * to exactly the address that passed the check.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { FeedError, displayUrl } from './errors.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all of its addresses. Tests pass their own to map names onto 127.0.0.1. */
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupFn = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Throws BAD_SCHEME unless the URL is http: or https:. */
export function assertHttpUrl(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FeedError('BAD_SCHEME', `refusing ${url.protocol} URL (only http and https feeds are fetched)`);
  }
}

/** Parses a URL (optionally relative to `base`), throwing BAD_URL / BAD_SCHEME instead of TypeError. */
export function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (cause) {
    throw new FeedError('BAD_URL', `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`, { cause });
  }
  assertHttpUrl(url);
  return url;
}

function parseIPv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** The eight 16-bit groups of an IPv6 address (accepts "::" and a dotted IPv4 tail), or undefined. */
export function expandIPv6(ip: string): number[] | undefined {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // Rewrite a dotted IPv4 tail as two hex groups so one parser handles both spellings.
    const v4 = parseIPv4(maybeV4);
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (h: string | undefined): number[] | undefined => {
    if (h === undefined || h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  if (head === undefined || rest === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const fill = 8 - head.length - rest.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...rest];
}

// [first address, prefix length] of IPv4 ranges no feed lives in.
const V4_BLOCKED: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'CGNAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved/broadcast'],
];

function v4Range(ip: number): string | undefined {
  for (const [base, bits, label] of V4_BLOCKED) {
    const b = parseIPv4(base) ?? 0;
    const size = 2 ** (32 - bits);
    if (ip >= b && ip < b + size) return label;
  }
  return undefined;
}

function v6Range(g: number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = g6 * 65536 + g7;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    // ::ffff:a.b.c.d (IPv4-mapped) is the IPv4 address itself; ::/96 holds ::, ::1 and the deprecated
    // IPv4-compatible form, none of which is a public feed.
    if (g5 === 0xffff) return v4Range(embedded) ?? undefined;
    if (g5 === 0) return g6 === 0 && g7 === 0 ? 'unspecified' : g6 === 0 && g7 === 1 ? 'loopback' : 'IPv4-compatible';
  }
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4Range(embedded);
  if (g0 === 0x2002) return v4Range(g1 * 65536 + g2);
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation';
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'discard';
  return undefined;
}

/**
 * Why an address must not be fetched (e.g. "loopback"), or undefined when it is a public unicast address.
 * Anything that does not parse as an IP literal is refused as "unparseable".
 */
export function blockedRange(address: string): string | undefined {
  const kind = isIP(address);
  if (kind === 4) {
    const n = parseIPv4(address);
    return n === undefined ? 'unparseable' : v4Range(n);
  }
  if (kind === 6) {
    const g = expandIPv6(address);
    return g === undefined ? 'unparseable' : v6Range(g);
  }
  return 'unparseable';
}

export interface GuardOptions {
  allowPrivate: boolean;
  /** Addresses allowed even though they are private (one internal feed host), checked exactly. */
  allowAddresses?: readonly string[] | undefined;
  lookup?: LookupFn | undefined;
}

/**
 * The addresses to connect to for `url`, IPv4 first, after checking every one of them. A host with any
 * blocked address is refused as a whole: a public feed never resolves into a private range, and an
 * attacker-controlled DNS answer mixing both should not get a second chance.
 */
export async function resolveChecked(url: URL, opts: GuardOptions): Promise<ResolvedAddress[]> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addrs: ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addrs = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addrs = await (opts.lookup ?? systemLookup)(host);
    } catch (cause) {
      throw new FeedError('NETWORK', `DNS lookup failed for ${host}`, { cause });
    }
    if (addrs.length === 0) throw new FeedError('NETWORK', `DNS lookup for ${host} returned no address`);
  }
  if (!opts.allowPrivate) {
    for (const a of addrs) {
      if (opts.allowAddresses?.includes(a.address)) continue;
      const why = blockedRange(a.address);
      if (why !== undefined) {
        throw new FeedError(
          'BLOCKED_ADDRESS',
          `refusing ${displayUrl(url)}: ${host} resolves to ${a.address} (${why}); set ALLOW_PRIVATE_FEEDS=true to allow`,
        );
      }
    }
  }
  return [...addrs.filter((a) => a.family === 4), ...addrs.filter((a) => a.family === 6)];
}
