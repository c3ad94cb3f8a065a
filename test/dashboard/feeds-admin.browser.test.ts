/**
 * The feeds page in chromium against a started bot polling every 2 s: it lists a config/feeds.yaml feed and a
 * chat-added one (origin, who added it), and with the token its Pause button, through the command core, stops
 * the feed being polled (the loopback feed server's request count for it stops growing while the other feed's
 * goes on); Resume starts it again; a config feed pauses the same way (the pause stored, the file untouched);
 * a post without the session's CSRF token is refused and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStores } from '../../src/store/open.js';
import { haveChromium, launchBrowser, rss, signIn, startBot, waitFor, type Bot } from './support.js';

const TOKEN = 'feeds-token-0123456789abcdef';
const CHAT_ID = 'chat-wire-1a2b3c';
const EMPTY = rss('Quiet Wire', []);

describe.skipIf(!haveChromium)('dashboard feeds page: chat-added feeds, Pause and Resume', () => {
  let bot: Bot;
  let browser: Browser;
  let page: Page;
  const hits = (path: string) => bot.feeds.hits(path);
  /** Waits for `n` more fetches of `path` (each tick of the 2 s schedule fetches every feed not paused). */
  const morePolls = async (path: string, n: number) => {
    const from = hits(path);
    await waitFor(`${n} more polls of ${path}`, async () => hits(path) >= from + n, 60_000);
  };
  const store = async <T>(fn: (s: Awaited<ReturnType<typeof openStores>>) => Promise<T>): Promise<T> => {
    const s = await openStores(bot.storeUrl);
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };

  beforeAll(async () => {
    bot = await startBot({
      token: TOKEN,
      schedule: '*/2 * * * * *',
      feeds: (srv) => {
        srv.route('/yaml.rss', { body: EMPTY });
        srv.route('/chat.rss', { body: EMPTY });
        return [{ id: 'yaml-wire', path: '/yaml.rss' }];
      },
    });
    // Added as /feed add saves it; the running bot reads the registry at every tick.
    await store((s) => s.feedRegistry.add({
      id: CHAT_ID, url: bot.feeds.url('/chat.rss'), tags: ['lithium'], addedBy: { platform: 'discord', workspace: 'G1', user: 'U1', name: 'Ana <b>' },
      addedAt: '2026-12-07T00:00:00.000Z', paused: false,
    }));
    await waitFor('the chat-added feed polled', async () => hits('/chat.rss') >= 2, 60_000);
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (d) => void d.accept());
    await signIn(page, bot.url, TOKEN, '/login');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  }, 60_000);

  const row = (id: string) => page.locator(`tr[data-feed="${id}"]`);

  it('lists the config feed and the chat-added one, with origin, who added it, and polled', async () => {
    await page.goto(`${bot.url}/feeds`);
    expect(await row('yaml-wire').locator('.origin').innerText()).toBe('config/feeds.yaml');
    expect(await row(CHAT_ID).locator('.origin').innerText()).toBe('chat: added by Ana <b> (discord) 2026-12-07');
    expect(await row(CHAT_ID).locator('.feed-state').innerText()).toContain('polled');
    expect(await row(CHAT_ID).locator('button').innerText()).toBe('Pause');
    // The name is text, not markup.
    expect(await row(CHAT_ID).locator('.origin b').count()).toBe(0);
  });

  it('refuses a pause posted without the session\u2019s CSRF token, and the feed keeps polling', async () => {
    const forged = await page.request.post(`${bot.url}/admin/feed`, { form: { feed: CHAT_ID, action: 'pause' }, headers: { origin: bot.url } });
    expect(forged.status()).toBe(403);
    expect(await store(async (s) => (await s.feedRegistry.get(CHAT_ID))?.paused)).toBe(false);
    await morePolls('/chat.rss', 1);
  });

  it('Pause on the page stops the chat-added feed being polled; Resume starts it again', async () => {
    await page.goto(`${bot.url}/feeds`);
    await Promise.all([page.waitForURL(/\/admin\/feed/), row(CHAT_ID).locator('button').click()]);
    expect(await page.locator('.admin-result').innerText()).toContain('Feed paused');
    expect(await row(CHAT_ID).locator('.feed-state').innerText()).toContain('paused');
    expect(await row(CHAT_ID).getAttribute('class')).toContain('paused');
    expect(await store(async (s) => (await s.feedRegistry.get(CHAT_ID))?.paused)).toBe(true);
    // A tick already under way may fetch it once more; after two more ticks (the YAML feed's polls) it is not fetched.
    await morePolls('/yaml.rss', 2);
    const after = hits('/chat.rss');
    await morePolls('/yaml.rss', 3);
    expect(hits('/chat.rss')).toBe(after);

    await page.goto(`${bot.url}/feeds`);
    expect(await row(CHAT_ID).locator('button').innerText()).toBe('Resume');
    await Promise.all([page.waitForURL(/\/admin\/feed/), row(CHAT_ID).locator('button').click()]);
    expect(await page.locator('.admin-result').innerText()).toContain('Feed resumed');
    await morePolls('/chat.rss', 2);
  });

  it('pauses a config/feeds.yaml feed: the pause is stored, the file is left as it is, its polls stop', async () => {
    const yamlFile = join(bot.root, 'config', 'feeds.yaml');
    const before = readFileSync(yamlFile, 'utf8');
    await page.goto(`${bot.url}/feeds`);
    await Promise.all([page.waitForURL(/\/admin\/feed/), row('yaml-wire').locator('button').click()]);
    expect(await page.locator('.admin-result').innerText()).toContain('Feed paused');
    expect(await row('yaml-wire').locator('.feed-state').innerText()).toMatch(/paused\s+by dashboard, 20\d\d-/);
    expect(await store((s) => s.feedRegistry.configuredPauses())).toEqual([expect.objectContaining({ id: 'yaml-wire', by: 'dashboard' })]);
    expect(readFileSync(yamlFile, 'utf8')).toBe(before);
    await morePolls('/chat.rss', 2);
    const after = hits('/yaml.rss');
    await morePolls('/chat.rss', 3);
    expect(hits('/yaml.rss')).toBe(after);
    await Promise.all([page.waitForURL(/\/admin\/feed/), row('yaml-wire').locator('button').click()]);
    expect(await page.locator('.admin-result').innerText()).toContain('Feed resumed');
    await morePolls('/yaml.rss', 1);
  });

  it('a bearer-token read of the page shows no edit buttons (no session, no CSRF token to put in them)', async () => {
    const body = await (await fetch(`${bot.url}/feeds`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(body).toContain(`data-feed="${CHAT_ID}"`);
    expect(body).not.toContain('action="/admin/feed"');
  });
});
