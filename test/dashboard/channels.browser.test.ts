/**
 * The channels page in chromium against a started bot with DASHBOARD_TOKEN: a channel's filters, mention, threads
 * and daily digest, set through the dashboard's command form (the command core, as chat does), read in the words
 * /status uses; the platform and "failing only" filters; hostile stored values rendered as text. And the alert log
 * with a delivery that carries filter words and a mention, next to feed health notices in the outbox.
 * `npm run screenshots` runs this file with SCREENSHOTS=1 to refresh docs/dashboard-channels.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeDigest } from '../../src/core/digest-schedule.js';
import { filterValue, mentionValue } from '../../src/core/commands/filters.js';
import { describeThreads } from '../../src/core/commands/threads.js';
import { noticeDeliveries } from '../../src/core/feed-health.js';
import { route } from '../../src/core/route.js';
import type { FeedHealthNotice } from '../../src/core/types.js';
import { openStores } from '../../src/store/open.js';
import { haveChromium, launchBrowser, signIn, startCatlBot, type Bot } from './support.js';

const TOKEN = 'dash-token-channels-0123456789';
const desk = { platform: 'discord', id: '400000000000000001' };
const ROLE = '400000000000000099';
const broken = { platform: 'slack', id: 'C0FAIL' };
const hostile = { platform: 'slack', id: 'C0HOSTILE' };
const HOSTILE_PHRASE = '"><img src=x onerror=alert(1)>';
const HOSTILE_LABEL = '<script>window.__pwned=1</script>';
const HOSTILE_NAME = '"><img src=x onerror="window.__pwned=2">';
const text = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!haveChromium)('dashboard channels page in chromium', () => {
  let bot: Bot;
  let browser: Browser;
  let page: Page;
  const alerts: string[] = [];

  const row = (c: { platform: string; id: string }) => page.locator(`tr[data-channel="${c.platform}:${c.id}"]`);
  const settingOf = async (c: { platform: string; id: string }, key: string) => text(await row(c).locator(`[data-setting="${key}"]`).innerText());

  /** Types a command into a channel's row, as an admin would, and returns the command core's reply. */
  async function run(c: { platform: string; id: string }, command: string): Promise<{ ok: boolean; text: string }> {
    await page.goto(`${bot.url}/channels`);
    await row(c).locator('input[name=command]').fill(command);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/command') && r.request().method() === 'POST'), row(c).locator('button').click()]);
    const result = page.locator('.admin-result');
    await result.waitFor();
    return { ok: ((await result.getAttribute('class')) ?? '').split(/\s+/).includes('ok'), text: await result.innerText() };
  }

  beforeAll(async () => {
    bot = await startCatlBot(TOKEN);
    // Chat-made subscriptions: one to set up from the dashboard, one whose posts the platform refused.
    const s = await openStores(bot.storeUrl);
    const at = new Date().toISOString();
    await s.subscriptions.put({ channel: desk, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: at });
    await s.subscriptions.put({ channel: broken, want: 'all', watchlist: [], origin: 'command', updatedAt: at, failing: { since: at, reason: 'not_in_channel' } });
    await s.close();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (d) => {
      // The admin forms ask before they run (confirm); an alert() would be injected script.
      if (d.type() !== 'confirm') alerts.push(d.message());
      void d.accept();
    });
    await signIn(page, bot.url, TOKEN);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  }, 60_000);

  it('shows filters, mention, threads and a daily digest set through the command core, in the words /status uses', async () => {
    for (const command of [
      'filter include lithium',
      'filter move 5',
      `mention <@&${ROLE}> supply`,
      'threads on',
      'subscribe lithium-supply digest daily 07:30 Europe/London quiet 22:00-06:00',
      'watchlist add ALB',
    ]) {
      const r = await run(desk, command);
      expect(r.ok, `${command}: ${r.text}`).toBe(true);
    }
    await page.goto(`${bot.url}/channels`);
    expect(await settingOf(desk, 'filters')).toBe('Filters: move \u2265 5%; including "lithium"');
    expect(await settingOf(desk, 'mention')).toBe(`Mention: role id ${ROLE}, on supply stories`);
    expect(await settingOf(desk, 'threads')).toBe('Story updates: replies in a thread under the story\u2019s first alert');
    expect(await settingOf(desk, 'delivery')).toBe('Delivery: a daily digest at 07:30 (Europe/London); quiet 22:00-06:00 (Europe/London): alerts wait until it ends');
    expect(await settingOf(desk, 'watchlist')).toMatch(/^Watchlist: ALB \(Albemarle[^)]*\) — 1 of 50$/);
    expect(await settingOf(desk, 'alerts')).toMatch(/^Alerts: .*supply/i);
    expect(await settingOf(desk, 'last')).toBe('Last alert here: none yet');
    // The same words as the core's describers give for the stored record, and as /status answers in the channel.
    const s = await openStores(bot.storeUrl);
    const sub = (await s.subscriptions.get(desk))!;
    await s.close();
    expect(await settingOf(desk, 'filters')).toBe(`Filters: ${filterValue(sub.filter)}`);
    expect(await settingOf(desk, 'mention')).toBe(`Mention: ${mentionValue(sub.mention)}`);
    expect(await settingOf(desk, 'threads')).toBe(`Story updates: ${describeThreads(sub.threads)}`);
    expect(await settingOf(desk, 'delivery')).toBe(`Delivery: ${describeDigest(sub.digest)}`);
    const status = await run(desk, 'status');
    for (const v of [filterValue(sub.filter), mentionValue(sub.mention), describeThreads(sub.threads), describeDigest(sub.digest)]) {
      expect(text(status.text)).toContain(v);
    }
    // A mention is shown as an id: nothing on the page is a ping.
    expect(await row(desk).innerHTML()).not.toMatch(/<@&|&lt;@&amp;/);
    // Generic fallback: nothing known is left in the "other settings" column.
    expect(text(await row(desk).locator('td').nth(4).innerText())).not.toMatch(/filter|mention|threads|digest/);
    expect(await settingOf(broken, 'posting')).toMatch(/^Posting: failing since .*: not_in_channel$/);
    expect(await row(desk).locator('a.channel-alerts').getAttribute('href')).toBe(`/?channel=discord%3A${desk.id}`);
    if (process.env.SCREENSHOTS) {
      await page.goto(`${bot.url}/channels`);
      await page.screenshot({ path: 'docs/dashboard-channels.png', fullPage: true });
    }
  });

  it('filters the channels by platform and by failing only, through the form', async () => {
    await page.goto(`${bot.url}/channels`);
    const shown = async () => (await page.locator('table.channels tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')))).sort();
    expect(await shown()).toEqual(['console:terminal', 'discord:400000000000000001', 'slack:C0FAIL']);
    await page.selectOption('form.channel-filters select[name=platform]', 'slack');
    await Promise.all([page.waitForURL(/platform=slack/), page.click('form.channel-filters button')]);
    expect(await shown()).toEqual(['slack:C0FAIL']);
    await page.goto(`${bot.url}/channels`);
    await page.check('form.channel-filters input[name=failing]');
    await Promise.all([page.waitForURL(/failing=1/), page.click('form.channel-filters button')]);
    expect(await shown()).toEqual(['slack:C0FAIL']);
    expect(await row(broken).getAttribute('class')).toContain('failing');
    await page.goto(`${bot.url}/channels?platform=discord&failing=1`);
    expect(await shown()).toEqual([]);
    expect(await page.locator('main').innerText()).toContain('No channel matches these filters.');
  });

  it('refuses a hostile phrase at the command core, and renders hostile stored values as text', async () => {
    const r = await run(desk, `filter include "${HOSTILE_PHRASE}"`);
    expect(r.ok).toBe(false);
    expect(r.text).toContain('A phrase is words');
    // Values the parser would refuse can still be in the store (a hand-edited database, an older version): as text.
    const s = await openStores(bot.storeUrl);
    expect((await s.subscriptions.get(desk))?.filter?.include).toEqual(['lithium']);
    await s.subscriptions.put({
      channel: hostile, want: 'lithium-supply', origin: 'command', updatedAt: new Date().toISOString(),
      watchlist: [{ symbol: 'QZLI', name: HOSTILE_NAME }],
      filter: { include: [HOSTILE_PHRASE] },
      mention: { kind: 'usergroup', id: 'S0HOSTILE', label: HOSTILE_LABEL },
      ...({ colour: '<img src=x onerror=alert(3)>' } as object),
    });
    await s.close();
    await page.goto(`${bot.url}/channels`);
    expect(await settingOf(hostile, 'filters')).toBe(`Filters: including "${HOSTILE_PHRASE}"`);
    expect(await settingOf(hostile, 'mention')).toBe(`Mention: user group @${HOSTILE_LABEL} (S0HOSTILE), on every alert`);
    expect(await settingOf(hostile, 'watchlist')).toContain(HOSTILE_NAME);
    expect(await row(hostile).innerText()).toContain('<img src=x onerror=alert(3)>');
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(alerts).toEqual([]);
  });

  it('shows the filter words and mention of a delivery on the alert log; health notices in the outbox leave it whole', async () => {
    const s = await openStores(bot.storeUrl);
    const [catl] = (await s.dashboard.alertPage({ feed: 'catl', offset: 0, limit: 1 })).alerts;
    const sub = (await s.subscriptions.get(desk))!;
    // The real router decides: the alert passes the desk's filters and meets its mention's condition.
    const routed = route(catl!, [sub], { platforms: new Set(['discord']) });
    expect(routed.length).toBe(1);
    const notice: FeedHealthNotice = { state: 'failing', feedId: 'catl', name: 'Zhitong <b>Finance</b>', host: 'feeds.example', failingSince: new Date().toISOString(), failures: 3, lastError: { code: 'HTTP_STATUS', message: 'HTTP 500' } };
    await s.outbox.enqueue([...routed, ...noticeDeliveries(notice, [{ platform: 'console', id: 'terminal' }, desk], new Date())], new Date());
    const count = await s.dashboard.alertCount();
    await s.close();
    await page.goto(`${bot.url}/`);
    expect(await page.locator('.alert').count()).toBe(count);
    expect(await page.locator('main').innerText()).not.toContain('Feed failing');
    const li = page.locator(`.alert[data-feed="catl"] li[data-channel="discord:${desk.id}"]`);
    expect(await li.locator('.delivery-state').innerText()).toMatch(/pending|sent|dead/);
    expect(text(await li.locator('.filter-why').innerText())).toBe(`filters passed: ${routed[0]!.filterWhy}`);
    expect(text(await li.locator('.filter-why').innerText())).toMatch(/move \u2265 5%/);
    expect(text(await li.locator('.mention').innerText())).toBe(`mentions role id ${ROLE}`);
    // Filtered by a channel that holds notices: still the alerts only, and the API answers.
    await page.goto(`${bot.url}/?channel=console:terminal`);
    expect(await page.locator('.alert[data-feed="catl"]').count()).toBe(1);
    const api = await page.request.get(`${bot.url}/api/alerts?channel=discord:${desk.id}`);
    expect(api.status()).toBe(200);
    expect(((await api.json()) as { alerts: { id: string }[] }).alerts.map((a) => a.id)).toEqual([catl!.id]);
  });
});
