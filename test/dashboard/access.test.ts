/**
 * Who the dashboard answers, over real HTTP: bound beyond loopback without a token it does not start ('/' says why
 * with 403, /healthz still answers); on loopback without a token it is read-only and answers a loopback Host only
 * (a DNS-rebinding page reaching it under another name is refused); every response carries a strict CSP.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.js';
import { sendJson } from '../../src/app/http/router.js';
import { mountedDashboards, type MountedDashboard } from './mounted.js';

const dashboards = mountedDashboards('lw-dash-access-');
const { stores } = dashboards;

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function serve(host: string, token?: string): Promise<MountedDashboard> {
  return dashboards.serve({
    host, clock: systemClock, ...(token ? { token } : {}),
    mountFirst: (router) => router.mount('/healthz', (req, res) => sendJson(res, 200, { ok: true }, req.method)),
  });
}

describe('dashboard access', () => {
  it('does not start on a non-loopback HOST without a token, and says why; /healthz is unaffected', async () => {
    const s = await serve('0.0.0.0');
    expect(s.describe).toMatch(/dashboard: off: HOST=0\.0\.0\.0 is not loopback and DASHBOARD_TOKEN is not set/);
    const r = await get(`${s.url}/`);
    expect(r.status).toBe(403);
    expect(r.body).toContain('DASHBOARD_TOKEN is not set');
    for (const path of ['/feeds', '/api/alerts']) expect((await get(`${s.url}${path}`)).status).toBe(404);
    expect((await get(`${s.url}/healthz`)).status).toBe(200);
  });

  it('on loopback without a token: read-only pages to a loopback Host, refused under another name', async () => {
    const s = await serve('127.0.0.1');
    expect(s.describe).toContain('read-only');
    const r = await get(`${s.url}/channels`);
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('/admin/command');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect((await get(`${s.url}/`, { host: 'rebound.evil.example' })).status).toBe(403);
    // No edits without a token, whatever the form carries: a dead letter retried, a feed paused.
    const post = (path: string, form: string) => new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.url } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(form);
    });
    expect(await post('/admin/retry', 'id=x&csrf=')).toBe(403);
    expect(await post('/admin/feed', 'feed=x&action=pause&csrf=')).toBe(403);
    expect(await stores.at(-1)!.feedRegistry.configuredPauses()).toEqual([]);
  });

  it('with a token: 401 and the sign-in form without it, and the token never in a page', async () => {
    const token = 'a-long-dashboard-token-42';
    const s = await serve('0.0.0.0', token);
    const r = await get(`${s.url}/`);
    expect(r.status).toBe(401);
    expect(r.body).toContain('name="token"');
    const ok = await get(`${s.url}/feeds`, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.body).not.toContain(token);
    expect(s.logger.lines.join('\n')).not.toContain(token);
  });
});
