/** The escaping template the dashboard's pages are built with (the browser tests prove it on the rendered page). */
import { describe, expect, it } from 'vitest';
import { html, raw, safeHref } from '../../src/app/dashboard/html.js';
import { createGuard } from '../../src/app/dashboard/auth.js';
import type { IncomingMessage } from 'node:http';

describe('dashboard html', () => {
  it('escapes every interpolated value, in text and in attributes, nested lists included', () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>\'`&';
    const out = html`<a title="${hostile}">${hostile}</a>${[hostile, html`<b>${hostile}</b>`]}`.text;
    expect(out).not.toMatch(/<script|<img|"><|' |`/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&#96;&amp;');
    expect(out.match(/<b>/g)?.length).toBe(1);
    expect(html`${raw('<svg/>')}${undefined}${null}${false}${0}`.text).toBe('<svg/>0');
  });

  it('makes hrefs of http(s) URLs only', () => {
    expect(safeHref('https://x.example/a?b=1')).toBe('https://x.example/a?b=1');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil', 'not a url', undefined]) {
      expect(safeHref(bad)).toBeUndefined();
    }
  });
});

describe('dashboard guard', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it('accepts its own session cookie and bearer token, nothing forged; the cookie holds no token', () => {
    const token = 'guard-token-0123456789';
    const g = createGuard(token);
    const set = g.newSessionCookie();
    expect(set).toMatch(/HttpOnly; SameSite=Strict/);
    expect(set).not.toContain(token);
    const cookie = set.split(';')[0]!;
    const ok = g.check(req({ cookie }));
    expect(ok.kind).toBe('admin');
    const [sid] = cookie.split('=')[1]!.split('.');
    expect(g.check(req({ cookie: `lw_dash=${sid}.forged` })).kind).toBe('denied');
    expect(createGuard('another-token-000000').check(req({ cookie })).kind).toBe('denied');
    expect(g.check(req({ authorization: `Bearer ${token}` })).kind).toBe('admin');
    expect(g.check(req({ authorization: 'Bearer nope' })).kind).toBe('denied');
    // A form needs the session's CSRF token and this origin.
    const csrf = ok.kind === 'admin' ? ok.csrf : undefined;
    const same = req({ cookie, origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' });
    expect(g.formAllowed(same, ok, csrf)).toBe(true);
    expect(g.formAllowed(same, ok, 'wrong')).toBe(false);
    expect(g.formAllowed(req({ cookie, origin: 'http://evil.example', host: '127.0.0.1:3000' }), ok, csrf)).toBe(false);
    expect(g.formAllowed(req({ cookie, host: '127.0.0.1:3000' }), ok, csrf)).toBe(false);
  });
});
