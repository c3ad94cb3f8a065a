/**
 * DASHBOARD_TOKEN on a started bot: a request without it is refused (pages, API); the bearer token and the sign-in
 * form let in; the cookie holds no token; edits (a chat command in a channel, a dead letter retried) need the
 * session's CSRF token and this origin, and go through the command core and the outbox retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openStores } from '../../src/store/open.js';
import type { Alert } from '../../src/core/types.js';
import { haveChromium, launchBrowser, startCatlBot, type Bot } from './support.js';

const TOKEN = 'dash-token-0123456789abcdef';
const editable = { platform: 'slack', id: 'C0EDIT' };

describe.skipIf(!haveChromium)('dashboard with DASHBOARD_TOKEN', () => {
  let bot: Bot;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let deadId: string;

  beforeAll(async () => {
    bot = await startCatlBot(TOKEN);
    // A chat-made subscription to edit, and a dead letter to retry (a channel no adapter serves: it stays put).
    const s = await openStores(bot.storeUrl);
    await s.subscriptions.put({ channel: editable, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: new Date().toISOString() });
    const alert: Alert = {
      id: 'dead-one', item: { id: 'd1', feedId: 'catl', title: 'A dead letter', summary: '' },
      match: { lithiumSupply: true, score: 1, why: ['w'], tickers: [], figures: [], topics: ['lithium-supply'] }, matchedAt: new Date().toISOString(),
    };
    await s.alerts.record(alert);
    const [e] = await s.outbox.enqueue([{ alert, channel: editable, kind: 'supply', watched: [] }], new Date());
    await s.outbox.update({ ...e!, state: 'dead', lastError: { at: new Date().toISOString(), code: 'NOT_IN_CHANNEL', message: 'not_in_channel' } });
    deadId = e!.id;
    await s.close();
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (d) => void d.accept());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  }, 60_000);

  it('refuses every page and API call without the token, and takes the bearer token', async () => {
    for (const path of ['/', '/feeds', '/stories', '/matcher?headline=x', '/charts', '/channels']) {
      const r = await fetch(`${bot.url}${path}`, { redirect: 'manual' });
      expect(r.status, path).toBe(401);
      expect(await r.text()).not.toContain('Contemporary Amperex');
    }
    expect((await fetch(`${bot.url}/api/alerts`)).status).toBe(401);
    expect((await fetch(`${bot.url}/api/alerts`, { headers: { authorization: 'Bearer wrong-token-000000' } })).status).toBe(401);
    const ok = await fetch(`${bot.url}/api/alerts`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(JSON.stringify(await ok.json())).not.toContain(TOKEN);
    // /healthz stays open.
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('signs in through the form; the cookie is HttpOnly, SameSite=Strict, and holds no token', async () => {
    await page.goto(`${bot.url}/`);
    expect(await page.locator('input[name=token]').count()).toBe(1);
    await page.fill('input[name=token]', 'not-the-token-at-all');
    await page.click('button');
    expect(await page.locator('.bad').innerText()).toContain('not the dashboard token');
    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForURL(`${bot.url}/`), page.click('button')]);
    await page.locator('.alert').first().waitFor();
    const [cookie] = await context.cookies();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value).not.toContain(TOKEN);
    expect(await page.content()).not.toContain(TOKEN);
  });

  it('changes a subscription through the command core, with the CSRF token; refuses a post without it', async () => {
    await page.goto(`${bot.url}/channels`);
    const row = page.locator('tr[data-channel="slack:C0EDIT"]');
    await row.locator('input[name=command]').fill('watchlist add ALB');
    await Promise.all([page.waitForURL(/\/admin\/command/), row.locator('button').click()]);
    expect(await page.locator('.admin-result').innerText()).toMatch(/ALB/);
    expect(await page.locator('tr[data-channel="slack:C0EDIT"]').innerText()).toContain('ALB');
    const s = await openStores(bot.storeUrl);
    expect((await s.subscriptions.get(editable))?.watchlist.map((w) => w.symbol)).toEqual(['ALB']);
    await s.close();
    // The session cookie alone, without the form's CSRF token (what another site's form would send): refused.
    const forged = await page.request.post(`${bot.url}/admin/command`, {
      form: { channel: 'slack:C0EDIT', command: 'unsubscribe' },
      headers: { origin: bot.url },
    });
    expect(forged.status()).toBe(403);
    // The right CSRF token from another origin: refused too.
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const crossSite = await page.request.post(`${bot.url}/admin/command`, {
      form: { channel: 'slack:C0EDIT', command: 'unsubscribe', csrf },
      headers: { origin: 'http://evil.example' },
    });
    expect(crossSite.status()).toBe(403);
    const after = await openStores(bot.storeUrl);
    expect((await after.subscriptions.get(editable))?.want).toBe('lithium-supply');
    await after.close();
  });

  it('retries a dead letter from the alert log', async () => {
    await page.goto(`${bot.url}/`);
    const card = page.locator('.alert[data-alert="dead-one"]');
    expect(await card.locator('.delivery-state').innerText()).toBe('dead');
    expect(await card.innerText()).toContain('NOT_IN_CHANNEL');
    await Promise.all([page.waitForURL(/\/admin\/retry/), card.locator('form[action="/admin/retry"] button').click()]);
    expect(await page.locator('.admin-result').innerText()).toContain('requeued 1 dead letter');
    const s = await openStores(bot.storeUrl);
    const [entry] = await s.dashboard.deliveriesOf(['dead-one']);
    expect(entry?.id).toBe(deadId);
    expect(entry?.state).not.toBe('dead');
    await s.close();
  });
});
