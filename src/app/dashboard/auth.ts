/**
 * Who may see the dashboard and who may change things. With DASHBOARD_TOKEN set, every request needs it: as
 * `Authorization: Bearer`, or as a session cookie from the login form. The cookie holds a random session id and
 * its HMAC keyed by the token (never the token itself), so a session is checked without server state and every
 * session dies when the token changes. Forms that change something carry a per-session CSRF token (another HMAC of
 * the session id) and must come from this origin (Origin header). Without a token the dashboard is read-only, and
 * only served on loopback to a loopback Host (a rebinding page cannot read it through another name).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'lw_dash';

export type Access =
  | { kind: 'open' }
  /** Signed in by cookie (CSRF token for its forms) or by bearer token (no forms, so no CSRF). */
  | { kind: 'admin'; via: 'cookie' | 'bearer'; csrf?: string | undefined }
  | { kind: 'denied'; status: 401 | 403; reason: string };

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

const hmac = (key: string, data: string): string => createHmac('sha256', key).update(data).digest('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export interface Guard {
  readonly guarded: boolean;
  check(req: IncomingMessage): Access;
  /** The token typed into the login form is right. */
  tokenMatches(candidate: string): boolean;
  /** A new session's Set-Cookie value. */
  newSessionCookie(): string;
  clearCookie(): string;
  /** A form post is from this origin and, for a cookie session, carries its CSRF token. */
  formAllowed(req: IncomingMessage, access: Access, csrf: string | undefined): boolean;
  /** Same-origin check alone (the login form, before there is a session). */
  sameOrigin(req: IncomingMessage): boolean;
}

export function createGuard(token: string | undefined, opts: { secure?: boolean } = {}): Guard {
  const csrfOf = (sid: string) => (token ? hmac(token, `csrf:${sid}`) : '');
  const sessionOf = (req: IncomingMessage): string | undefined => {
    const c = readCookie(req, COOKIE);
    if (!c || !token) return undefined;
    const [sid, mac] = c.split('.');
    return sid && mac && sameText(mac, hmac(token, `session:${sid}`)) ? sid : undefined;
  };
  const sameOrigin = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (!origin || !host) return false;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  };
  const attrs = `Path=/; HttpOnly; SameSite=Strict${opts.secure ? '; Secure' : ''}`;
  return {
    guarded: !!token,
    check(req) {
      if (!token) {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '');
        return isLoopbackHost(host) ? { kind: 'open' } : { kind: 'denied', status: 403, reason: 'this dashboard answers on its loopback address only' };
      }
      const auth = req.headers.authorization;
      if (auth?.startsWith('Bearer ')) {
        return sameText(hmac(token, auth.slice(7).trim()), hmac(token, token))
          ? { kind: 'admin', via: 'bearer' }
          : { kind: 'denied', status: 401, reason: 'wrong token' };
      }
      const sid = sessionOf(req);
      return sid ? { kind: 'admin', via: 'cookie', csrf: csrfOf(sid) } : { kind: 'denied', status: 401, reason: 'sign in with the dashboard token' };
    },
    // Compared as HMACs so the comparison takes the same time whatever the lengths.
    tokenMatches: (candidate) => !!token && sameText(hmac(token, candidate), hmac(token, token)),
    newSessionCookie() {
      if (!token) throw new Error('no dashboard token: no sessions');
      const sid = randomBytes(18).toString('base64url');
      return `${COOKIE}=${sid}.${hmac(token, `session:${sid}`)}; ${attrs}; Max-Age=${7 * 86_400}`;
    },
    clearCookie: () => `${COOKIE}=; ${attrs}; Max-Age=0`,
    formAllowed(req, access, csrf) {
      if (access.kind !== 'admin') return false;
      if (access.via === 'bearer') return true;
      return sameOrigin(req) && !!csrf && !!access.csrf && sameText(csrf, access.csrf);
    },
    sameOrigin,
  };
}
