/** The one HTTP server's parts on a real node:http server: routing, named health checks, the bound address. */
import { describe, expect, it } from 'vitest';
import { gatewayHealth } from '../../src/app/chat.js';
import { createHealthRegistry } from '../../src/app/http/health.js';
import { createRouter, sendJson } from '../../src/app/http/router.js';
import { startHttpServer } from '../../src/app/http/server.js';
import { mountHealth } from '../../src/app/http/bot-routes.js';

describe('router and server', () => {
  it('routes exact paths, the longest prefix, 404, 405 with Allow, and a throwing handler to 500', async () => {
    const router = createRouter();
    router.mount('/slack/events', (_q, r) => sendJson(r, 200, { at: 'slack' }), { methods: ['POST'] });
    router.mount('/', (_q, r) => sendJson(r, 200, { at: 'dashboard' }), { prefix: true });
    router.mount('/samples/', (q, r) => sendJson(r, 200, { at: 'samples', url: q.url }), { prefix: true });
    router.mount('/boom', () => {
      throw new Error('secret internals');
    });
    const unmount = router.mount('/gone', (_q, r) => sendJson(r, 200, {}));
    unmount();
    expect(() => router.mount('/slack/events', () => undefined)).toThrow('mounted twice');
    const srv = await startHttpServer({ host: '127.0.0.1', port: 0, router });
    try {
      expect(srv.address.port).toBeGreaterThan(0);
      expect(srv.url).toBe(`http://127.0.0.1:${srv.address.port}`);
      const get = async (path: string, init?: RequestInit) => {
        const r = await fetch(`${srv.url}${path}`, init);
        return { status: r.status, allow: r.headers.get('allow'), body: await r.text() };
      };
      expect(JSON.parse((await get('/slack/events', { method: 'POST' })).body)).toEqual({ at: 'slack' });
      expect(await get('/slack/events')).toMatchObject({ status: 405, allow: 'POST' });
      expect(JSON.parse((await get('/samples/a.rss?x=1')).body)).toEqual({ at: 'samples', url: '/samples/a.rss?x=1' });
      // The dashboard seam: `/` catches what nothing else does, so /gone (unmounted) lands there.
      expect(JSON.parse((await get('/gone')).body)).toEqual({ at: 'dashboard' });
      const boom = await get('/boom');
      expect(boom.status).toBe(500);
      expect(boom.body).not.toContain('secret');
    } finally {
      await srv.close();
    }
    const bare = createRouter();
    const s2 = await startHttpServer({ host: '127.0.0.1', port: 0, router: bare });
    expect((await fetch(`${s2.url}/anything`)).status).toBe(404);
    await s2.close();
  });

  it('binds only HOST, and says so: 0.0.0.0 prints 0.0.0.0 with a loopback URL to reach it', async () => {
    const srv = await startHttpServer({ host: '0.0.0.0', port: 0, router: createRouter() });
    expect(srv.url).toBe(`http://0.0.0.0:${srv.address.port}`);
    expect(srv.localUrl).toBe(`http://127.0.0.1:${srv.address.port}`);
    await srv.close();
    await expect(startHttpServer({ host: '127.0.0.1', port: -1, router: createRouter() })).rejects.toThrow();
  });
});

describe('health registry and /healthz', () => {
  it('200 while every check passes; 503 naming each failing check and its reason; a hung check times out', async () => {
    const health = createHealthRegistry({ timeoutMs: 200 });
    const router = createRouter();
    mountHealth(router, health, () => ({ role: 'all' }));
    let paused = false;
    health.register('store', () => ({ ok: true }));
    health.register('discord-delivery', () => (paused ? { ok: false, reason: 'platform paused on bad token' } : { ok: true }));
    const srv = await startHttpServer({ host: '127.0.0.1', port: 0, router });
    try {
      const get = async () => {
        const r = await fetch(`${srv.url}/healthz`);
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      };
      expect(await get()).toMatchObject({ status: 200, body: { ok: true, role: 'all', checks: { store: { ok: true }, 'discord-delivery': { ok: true } } } });
      paused = true;
      expect(await get()).toMatchObject({ status: 503, body: { ok: false, checks: { 'discord-delivery': { ok: false, reason: 'platform paused on bad token' } } } });
      paused = false;
      const remove = health.register('slow', () => new Promise(() => undefined));
      expect(await get()).toMatchObject({ status: 503, body: { checks: { slow: { ok: false, reason: 'no answer within 200 ms' } } } });
      remove();
      health.register('throws', () => {
        throw new Error('redis down');
      });
      expect(await get()).toMatchObject({ status: 503, body: { checks: { throws: { ok: false, reason: 'redis down' } } } });
    } finally {
      await srv.close();
    }
  });

  it('the discord-gateway check fails only when the gateway is required', () => {
    const now = 1_000_000;
    const closed = { status: 'closed' as const, since: now - 5, reason: 'closed 4004 Authentication failed' };
    expect(gatewayHealth({ required: true, unavailable: undefined, leader: true, state: closed }, now)).toEqual({ ok: false, reason: 'required and down: closed 4004 Authentication failed' });
    expect(gatewayHealth({ required: false, unavailable: undefined, leader: true, state: closed }, now).ok).toBe(true);
    expect(gatewayHealth({ required: true, unavailable: 'answered HTTP 404', leader: false, state: undefined }, now)).toEqual({ ok: false, reason: 'required and down: answered HTTP 404' });
    expect(gatewayHealth({ required: true, unavailable: undefined, leader: false, state: undefined }, now)).toEqual({ ok: true, reason: 'held by another instance (standing by)' });
    const reconnecting = (ago: number) => ({ status: 'reconnecting' as const, since: now - ago });
    expect(gatewayHealth({ required: true, unavailable: undefined, leader: true, state: reconnecting(10_000) }, now).ok).toBe(true);
    expect(gatewayHealth({ required: true, unavailable: undefined, leader: true, state: reconnecting(61_000) }, now).ok).toBe(false);
  });
});
