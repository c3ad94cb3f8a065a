/**
 * Wrong dashboard tokens are rate-limited per client address, over real HTTP against a mounted dashboard whose
 * clock the test moves (no sleeping): ten wrong tokens (form or bearer, counted together) in ten minutes, then 429
 * with Retry-After and a plain message, even for the right token, until the window ends; a right token clears the
 * count; one warning per blocked address and window, and no token ever in the log. The limiter's memory is capped.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/ports.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { clientKey, createLoginLimiter } from '../../src/app/dashboard/login-limit.js';
import { mountedDashboards } from './mounted.js';

const TOKEN = 'the-right-dashboard-token-42';
const dashboards = mountedDashboards('lw-dash-login-limit-');

interface Res { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A dashboard with DASHBOARD_TOKEN on a fresh store, its clock at `t` (moved by the test). */
async function serve() {
  let t = Date.parse('2026-12-08T10:00:00Z');
  const clock: Clock = { now: () => new Date(t) };
  const { url, logger } = await dashboards.serve({ host: '0.0.0.0', token: TOKEN, clock });
  return {
    logger,
    advance: (ms: number) => (t += ms),
    login: (token: string) => call(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url }, body: `token=${encodeURIComponent(token)}` }),
    api: (token: string) => call(`${url}/api/alerts`, { headers: { authorization: `Bearer ${token}` } }),
    blockWarnings: () => logger.lines.filter((l) => l.includes('sign-in blocked')),
  };
}

describe('dashboard sign-in rate limit', () => {
  it('ten wrong tokens from one address, then 429 with Retry-After for the next ten minutes, the right token too', async () => {
    const d = await serve();
    for (let i = 0; i < 10; i++) expect((await d.login(`wrong-guess-${i}`)).status).toBe(401);
    expect(d.blockWarnings()).toHaveLength(1);

    const blocked = await d.login(TOKEN);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('600');
    expect(blocked.body).toContain('Too many wrong tokens from your address. Try again in 10 minutes.');
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // Bearer attempts from the blocked address are refused the same way, as JSON.
    const api = await d.api(TOKEN);
    expect(api.status).toBe(429);
    expect(JSON.parse(api.body)).toEqual({ error: 'Too many wrong tokens from your address. Try again in 10 minutes.' });

    d.advance(4 * 60_000 + 30_000);
    const later = await d.login('wrong-guess-x');
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('330');
    expect(later.body).toContain('Try again in 6 minutes.');
    // Still one warning for the address in this window, however many attempts it makes while blocked.
    expect(d.blockWarnings()).toHaveLength(1);

    d.advance(5 * 60_000 + 30_000);
    const ok = await d.login(TOKEN);
    expect(ok.status).toBe(303);
    expect(String(ok.headers['set-cookie'])).toMatch(/^lw_dash=/);

    const log = d.logger.lines.join('\n');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain('wrong-guess');
    expect(d.blockWarnings()[0]).toMatch(/WARN .*"remote":"[^"]*127\.0\.0\.1".*"failures":10.*"retryAfterSeconds":600/);
  });

  it('a right token clears the count; bearer failures count with the form\'s', async () => {
    const d = await serve();
    for (let i = 0; i < 9; i++) expect((await d.login(`wrong-${i}`)).status).toBe(401);
    expect((await d.login(TOKEN)).status).toBe(303);
    // Counted afresh: nine form failures and one bearer failure make ten, and only then the block.
    for (let i = 0; i < 9; i++) expect((await d.login(`wrong-again-${i}`)).status).toBe(401);
    expect((await d.api('wrong-bearer')).status).toBe(401);
    const blocked = await d.api(TOKEN);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('600');
    expect((await d.login(TOKEN)).status).toBe(429);
    d.advance(10 * 60_000);
    expect((await d.api(TOKEN)).status).toBe(200);
    expect(d.logger.lines.join('\n')).not.toContain(TOKEN);
  });

  it('keeps at most maxAddresses (the stalest goes first) and counts an IPv6 client by its /64', () => {
    let t = 0;
    const logger = createMemoryLogger();
    const limiter = createLoginLimiter({ clock: { now: () => new Date(t) }, logger }, { maxFailures: 2, windowMs: 1000, maxAddresses: 3 });
    limiter.failed('10.0.0.1');
    limiter.failed('10.0.0.1');
    expect(limiter.blockedFor('10.0.0.1')).toBe(1);
    for (const a of ['10.0.0.2', '10.0.0.3']) limiter.failed(a);
    expect(limiter.size()).toBe(3);
    limiter.failed('10.0.0.4');
    expect(limiter.size()).toBe(3);
    // 10.0.0.1 failed longest ago: dropped to make room.
    expect(limiter.blockedFor('10.0.0.1')).toBeUndefined();
    for (let i = 0; i < 1000; i++) limiter.failed(`10.1.${i >> 8}.${i & 255}`);
    expect(limiter.size()).toBe(3);

    expect(clientKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:0db8:0000:0001:ffff:0:0:9')).toBe('2001:db8:0:1::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:127.0.0.1')).toBe('::ffff:127.0.0.1');
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
    limiter.failed('2001:db8:0:1::5');
    limiter.failed('2001:db8:0:1::6');
    expect(limiter.blockedFor('2001:db8:0:1:aaaa::1')).toBe(1);
    t += 1000;
    expect(limiter.blockedFor('2001:db8:0:1:aaaa::1')).toBeUndefined();
  });
});
