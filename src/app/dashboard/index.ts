/**
 * The web dashboard on the bot's one HTTP server, mounted at '/' (every path no other route holds). Server-rendered
 * pages, one small inline script, SVG charts, a strict Content-Security-Policy with a per-response nonce.
 * Access (auth.ts): with DASHBOARD_TOKEN every request needs it; without one only a loopback HOST serves it, and
 * read-only. Bound to anything else without a token, the dashboard does not start: '/' answers 403 saying why,
 * and the rest of the bot (/healthz, chat endpoints) runs as usual.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type Router } from '../http/router.js';
import { retryDelivery, runChannelCommand, runFeedCommand } from './admin.js';
import { createGuard, isLoopbackHost, type Access } from './auth.js';
import type { DashboardDeps } from './deps.js';
import { createLoginLimiter } from './login-limit.js';
import { html, type Html } from './html.js';
import { bare, layout, type PageContext } from './layout.js';
import { alertQuery, alertsPage } from './page-alerts.js';
import { channelsPage } from './page-channels.js';
import { chartsPage } from './page-charts.js';
import { feedsPage } from './page-feeds.js';
import { matcherPage } from './page-matcher.js';
import { storiesPage, storyPage } from './page-stories.js';

export interface DashboardOptions {
  token?: string | undefined;
  /** The HOST the server is bound to. */
  host: string;
}

export interface MountedDashboard {
  /** False when it refused to start (not loopback, no token). */
  enabled: boolean;
  /** One line for the start-up output. */
  describe: string;
}

const MAX_FORM_BYTES = 32 * 1024;

function csp(nonce: string): string {
  return [
    "default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, "img-src 'self' data:",
    "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
  ].join('; ');
}

function send(res: ServerResponse, status: number, body: string, nonce: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy': csp(nonce),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with our own form posts.
    'referrer-policy': 'same-origin',
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(c);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));
const tooManyText = (seconds: number) =>
  `Too many wrong tokens from your address. Try again in ${minutes(seconds)} minute${minutes(seconds) === 1 ? '' : 's'}.`;

function loginForm(nonce: string, message?: string): string {
  return bare(nonce, 'Sign in', html`${message ? html`<p class="bad">${message}</p>` : ''}<form method="post" action="/login" class="card">
<label>Dashboard token<input type="password" name="token" autocomplete="current-password" autofocus size="40"></label><p><button>Sign in</button></p></form>`);
}

export function mountDashboard(router: Router, deps: DashboardDeps, opts: DashboardOptions): MountedDashboard {
  const loopback = isLoopbackHost(opts.host);
  if (!opts.token && !loopback) {
    router.mount('/', (req, res) => {
      // Only '/' says why; any other path is simply not here, as without a dashboard.
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/') return sendJson(res, 404, { error: 'not found' }, req.method);
      const nonce = randomBytes(12).toString('base64');
      send(res, 403, bare(nonce, 'Dashboard off', html`<p>The dashboard is off: this bot listens on ${opts.host}, not only on loopback, and DASHBOARD_TOKEN is not set. Set DASHBOARD_TOKEN to serve it.</p>`), nonce);
    }, { prefix: true });
    return { enabled: false, describe: `dashboard: off: HOST=${opts.host} is not loopback and DASHBOARD_TOKEN is not set (set it to serve the dashboard); /healthz and the chat endpoints are unaffected` };
  }
  const guard = createGuard(opts.token);
  // Wrong tokens per client address (login-limit.ts): in memory, per process.
  const limiter = createLoginLimiter(deps);

  const page = async (req: IncomingMessage, res: ServerResponse, url: URL, access: Access, nonce: string): Promise<void> => {
    const csrf = access.kind === 'admin' && access.via === 'cookie' ? access.csrf : undefined;
    const ctx: PageContext = { nonce, csrf, guarded: guard.guarded };
    const p = url.pathname;
    const show = (title: string, body: Html, status = 200) => send(res, status, layout(ctx, p, title, body), nonce);
    if (req.method === 'POST') {
      const form = await readForm(req);
      if (!form) return show('Too large', html`<p>The form was too large.</p>`, 413);
      if (p === '/logout') {
        res.setHeader('set-cookie', guard.clearCookie());
        res.writeHead(303, { location: '/login' }).end();
        return;
      }
      if (!guard.formAllowed(req, access, form.get('csrf') ?? undefined)) {
        return show('Refused', html`<p class="bad">Refused: edits need the dashboard token, a form from this page and its session.</p>`, 403);
      }
      if (p === '/admin/retry') {
        const r = await retryDelivery(deps, form.get('id') ?? '');
        return show('Retry', html`<p class="${r.ok ? 'ok' : 'bad'} admin-result">${r.text}</p><p><a href="/">back to the alerts</a></p>`, r.ok ? 200 : 400);
      }
      if (p === '/admin/feed') {
        const r = await runFeedCommand(deps, form.get('action') ?? '', form.get('feed') ?? '');
        return show('Feeds', await feedsPage(deps, new URLSearchParams(), csrf, html`<pre class="card admin-result ${r.ok ? 'ok' : 'bad'}">${r.text}</pre>`), r.ok ? 200 : 400);
      }
      if (p === '/admin/command') {
        const c = form.get('channel') ?? '';
        const i = c.indexOf(':');
        if (i < 1) return show('Command', html`<p class="bad">No channel given.</p>`, 400);
        const ws = form.get('workspace') || undefined;
        const r = await runChannelCommand(deps, { platform: c.slice(0, i), id: c.slice(i + 1), ...(ws ? { workspace: ws } : {}) }, form.get('command') ?? '');
        return show('Channels', await channelsPage(deps, new URLSearchParams(), csrf, html`<pre class="card admin-result ${r.ok ? 'ok' : 'bad'}">${r.text}</pre>`), r.ok ? 200 : 400);
      }
      return show('Not found', html`<p>Nothing here.</p>`, 404);
    }
    if (p === '/' || p === '/alerts') return show('Alerts', await alertsPage(deps, url.searchParams, csrf));
    if (p === '/stories') return show('Stories', await storiesPage(deps));
    if (p.startsWith('/stories/')) {
      let id: string;
      try {
        id = decodeURIComponent(p.slice('/stories/'.length));
      } catch {
        return show('Story', html`<p>No such story.</p>`, 404);
      }
      const body = await storyPage(deps, id);
      return body ? show('Story', body) : show('Story', html`<p>No such story (stories are kept four days).</p>`, 404);
    }
    if (p === '/feeds') return show('Feeds', await feedsPage(deps, url.searchParams, csrf));
    if (p === '/channels') return show('Channels', await channelsPage(deps, url.searchParams, csrf));
    if (p === '/matcher') return show('Try the matcher', matcherPage(deps, url.searchParams));
    if (p === '/charts') return show('Charts', await chartsPage(deps));
    if (p === '/api/alerts') {
      const q = alertQuery(url.searchParams);
      const r = await deps.stores.dashboard.alertPage(q);
      const entries = await deps.stores.dashboard.deliveriesOf(r.alerts.map((a) => a.id));
      return sendJson(res, 200, { page: q.page, more: r.more, alerts: r.alerts, deliveries: entries.map((e) => ({ id: e.id, alertId: e.delivery.alert.id, channel: e.delivery.channel, state: e.state, lastError: e.lastError, sentAt: e.sentAt })) }, req.method);
    }
    return show('Not found', html`<p>Nothing here.</p>`, 404);
  };

  router.mount('/', async (req, res) => {
    const nonce = randomBytes(12).toString('base64');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, HEAD, POST');
      return sendJson(res, 405, { error: 'method not allowed' }, req.method);
    }
    const remote = req.socket.remoteAddress;
    if (url.pathname === '/login' && guard.guarded) {
      if (req.method !== 'POST') return send(res, 200, loginForm(nonce), nonce);
      const form = await readForm(req);
      // Blocked: refused before the token is looked at, so a right guess is not told apart from a wrong one.
      const wait = limiter.blockedFor(remote ?? '');
      if (wait !== undefined) return send(res, 429, bare(nonce, 'Sign in', html`<p class="bad">${tooManyText(wait)}</p>`), nonce, { 'retry-after': String(wait) });
      // A login from another site's form could sign a victim into a session the attacker knows nothing of; refuse it.
      const crossSite = !form || !guard.sameOrigin(req);
      if (crossSite || !guard.tokenMatches(form.get('token') ?? '')) {
        // Only a token tried on our own form counts as a guess (a cross-site post learns nothing either way).
        if (!crossSite) limiter.failed(remote ?? '');
        deps.logger.warn('dashboard: sign-in refused', { remote });
        return send(res, 401, loginForm(nonce, 'That is not the dashboard token.'), nonce);
      }
      limiter.succeeded(remote ?? '');
      res.writeHead(303, { location: '/', 'set-cookie': guard.newSessionCookie(), 'cache-control': 'no-store' }).end();
      return;
    }
    const bearer = guard.guarded && !!req.headers.authorization?.startsWith('Bearer ');
    if (bearer) {
      const wait = limiter.blockedFor(remote ?? '');
      if (wait !== undefined) {
        res.setHeader('retry-after', String(wait));
        return sendJson(res, 429, { error: tooManyText(wait) }, req.method);
      }
    }
    const access = guard.check(req);
    if (bearer) {
      if (access.kind === 'admin') limiter.succeeded(remote ?? '');
      else limiter.failed(remote ?? '');
    }
    if (access.kind === 'denied') {
      if (url.pathname.startsWith('/api/') || req.headers.authorization) return sendJson(res, access.status, { error: access.reason }, req.method);
      if (access.status === 401 && req.method !== 'POST') return send(res, 401, loginForm(nonce), nonce);
      return send(res, access.status, bare(nonce, 'Refused', html`<p>${access.reason}</p>`), nonce);
    }
    await page(req, res, url, access, nonce);
  }, { prefix: true });
  return {
    enabled: true,
    describe: opts.token ? 'dashboard: on at / (DASHBOARD_TOKEN required; edits allowed once signed in)' : 'dashboard: on at / (read-only: loopback and no DASHBOARD_TOKEN)',
  };
}
