/**
 * The dashboard in headless chromium against a started bot (real `start`, real HTTP, SQLite, loopback feeds):
 * the alert log with why and delivery state, a filter, a story's two outlets, a failing feed, the matcher on the
 * CATL seed story, and hostile feed text rendered as text. Token access is in dashboard-auth.browser.test.ts.
 * `npm run screenshots` runs this file with SCREENSHOTS=1 to refresh docs/dashboard-alerts.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openStores } from '../../src/store/open.js';
import type { Alert } from '../../src/core/types.js';
import { haveChromium, launchBrowser, rss, sampleItems, startBot, waitFor, type Bot } from './support.js';

const { items } = sampleItems();
// Dated now: a story stays open to other outlets for 48 hours from its first report.
const now = (minutesAgo: number) => `<pubDate>${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}</pubDate>`;
const catl = items[0]!.replace(/<pubDate>[^<]*<\/pubDate>/, now(30));
// The same event from a second outlet: its own link and source, one figure the first did not give.
const catlElsewhere = catl
  .replace(/<link>[^<]*<\/link>/, '<link>https://miningwire.example/catl-yichun</link>')
  .replace(/<guid[^>]*>[^<]*<\/guid>/, '<guid isPermaLink="false">mw-catl-1</guid>')
  .replace(/<pubDate>[^<]*<\/pubDate>/, now(20))
  .replace(/<source[^>]*>[^<]*<\/source>/, '<source url="https://miningwire.example/rss">Mining Wire Daily</source>')
  .replace('</description>', ' The Jianxiawo mine produced about 10,000 tonnes of lithium carbonate a year.</description>');
// Feed text that would run as markup if it were not escaped (entity-encoded twice: the parser strips real tags).
const HOSTILE_FEED_TITLE = 'Albemarle &amp;lt;script&amp;gt;window.__pwned=1&amp;lt;/script&amp;gt; halts lithium output at Kings Mountain &amp;quot;&amp;gt;';
const hostileItem = `<item><title>${HOSTILE_FEED_TITLE}</title><link>https://hostile.example/1</link><guid>hostile-1</guid><pubDate>Thu, 12 Sep 2024 03:00:00 GMT</pubDate>
<description>Albemarle (ALB) said it will halt lithium production at its Kings Mountain mine, cutting 20,000 tonnes a year of supply.</description></item>`;
// And the exact strings, written to the store as a matched alert would be.
const HOSTILE_TITLE = 'Pilbara <script>window.__pwned=2</script> "><img src=x onerror="window.__pwned=3"> cuts output';

const text = (s: string) => s.replace(/\s+/g, ' ');

describe.skipIf(!haveChromium)('dashboard in chromium: a started bot polling loopback feeds', () => {
  let bot: Bot;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    bot = await startBot({
      feeds: (srv) => {
        srv.route('/catl.rss', { body: rss('Zhitong Finance', [catl]) });
        srv.route('/wire.rss', { body: rss('Mining Wire Daily', [catlElsewhere]) });
        srv.route('/hostile.rss', { body: rss('Hostile Wire', [hostileItem]) });
        srv.route('/broken.rss', { status: 500, body: 'upstream down' });
        return [{ id: 'catl', path: '/catl.rss' }, { id: 'wire', path: '/wire.rss' }, { id: 'hostile', path: '/hostile.rss' }, { id: 'broken', path: '/broken.rss' }];
      },
    });
    // The bot polls at start; wait until the CATL alert is posted to the console channel and the broken feed failed.
    await waitFor('the CATL alert sent and the broken feed failed', async () => {
      const r = (await (await fetch(`${bot.url}/api/alerts`)).json()) as { alerts: Alert[]; deliveries: { alertId: string; state: string }[] };
      const a = r.alerts.find((x) => x.item.feedId === 'catl');
      const sent = a && r.deliveries.some((d) => d.alertId === a.id && d.state === 'sent');
      const feeds = await (await fetch(`${bot.url}/feeds`)).text();
      return sent && r.alerts.length >= 3 && /data-feed="broken"/.test(feeds) && /class="feed failing" data-feed="broken"/.test(feeds);
    }, 60_000);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  }, 60_000);

  it('lists the alert posted from the loopback feed with its why and per-channel delivery state', async () => {
    await page.goto(`${bot.url}/`);
    const card = page.locator('.alert[data-feed="catl"]');
    await card.waitFor();
    expect(text(await card.locator('.why').innerText())).toMatch(/why: supply: .*lithium/);
    expect(await card.locator('.tickers').innerText()).toContain('300750.SZ');
    const delivery = card.locator('li[data-channel="console:terminal"]');
    expect(await delivery.locator('.delivery-state').innerText()).toBe('sent');
    expect(await card.locator('.headline a').getAttribute('href')).toBe('https://www.zhitong-finance.example/news/20240912/us-lithium-stocks-catl-suspension');
    if (process.env.SCREENSHOTS) {
      await page.goto(`${bot.url}/?ticker=300750.SZ`);
      await page.screenshot({ path: 'docs/dashboard-alerts.png' });
    }
  });

  it('narrows the log with a filter', async () => {
    await page.goto(`${bot.url}/`);
    const all = await page.locator('.alert').count();
    expect(all).toBe(3);
    await page.selectOption('select[name=feed]', 'catl');
    await Promise.all([page.waitForURL(/feed=catl/), page.click('form.filters button')]);
    const titles = await page.locator('.alert .headline').allInnerTexts();
    expect(titles.length).toBe(1);
    expect(titles[0]).toContain('Contemporary Amperex');
    await page.goto(`${bot.url}/?ticker=PLS.AX`);
    const pilbara = await page.locator('.alert .headline').allInnerTexts();
    expect(pilbara.length).toBe(2);
    expect(pilbara.some((t) => t.includes('Kings Mountain'))).toBe(false);
  });

  it('shows a story with the two outlets that reported it, in time order', async () => {
    await page.goto(`${bot.url}/?feed=catl`);
    await page.click('.alert a.story-link');
    await page.waitForURL(/\/stories\//);
    const rows = await page.locator('table.outlets tr.outlet').allInnerTexts();
    expect(rows.length).toBe(2);
    expect(rows.join('\n')).toContain('Zhitong Finance');
    expect(rows.join('\n')).toContain('Mining Wire Daily');
  });

  it('shows the failing feed on the feeds page, and sorts by failures', async () => {
    await page.goto(`${bot.url}/feeds`);
    const row = page.locator('tr[data-feed="broken"]');
    expect(await row.getAttribute('class')).toContain('failing');
    expect(await row.innerText()).toMatch(/HTTP_STATUS|500/);
    await page.goto(`${bot.url}/feeds?sort=failures&dir=desc`);
    expect(await page.locator('table.feeds tbody tr').first().getAttribute('data-feed')).toBe('broken');
  });

  it("runs the real matcher on the CATL seed story and shows its figures", async () => {
    const title = /<title>([^<]*)<\/title>/.exec(catl)![1]!;
    const summary = /<description>([^<]*)<\/description>/.exec(catl)![1]!;
    await page.goto(`${bot.url}/matcher`);
    await page.fill('input[name=headline]', title);
    await page.fill('textarea[name=summary]', summary);
    await Promise.all([page.waitForURL(/headline=/), page.click('form.matcher button')]);
    expect(await page.locator('.verdict').innerText()).toContain('Lithium supply story');
    const figures = await page.locator('.result .figures').innerText();
    expect(figures).toContain('6,000 t/month');
    expect(figures).toContain('ALB +13.6%');
    expect(await page.locator('.result .tickers').innerText()).toContain('300750.SZ');
  });

  it('renders hostile feed text as text: no script runs, no element is injected', async () => {
    const s = await openStores(bot.storeUrl);
    await s.alerts.record({
      id: 'hostile-direct',
      item: { id: 'h2', feedId: 'hostile', title: HOSTILE_TITLE, summary: '', link: 'javascript:alert(1)', source: '<b>Evil</b> "Wire"' },
      match: { lithiumSupply: true, score: 1, why: ['<i>why</i>'], tickers: ['PLS.AX'], figures: [], topics: ['lithium-supply'] },
      matchedAt: new Date().toISOString(),
    });
    await s.close();
    await page.goto(`${bot.url}/?feed=hostile`);
    await page.locator('.alert').first().waitFor();
    const headlines = await page.locator('.alert .headline').allInnerTexts();
    expect(headlines).toContain(HOSTILE_TITLE);
    expect(headlines.some((h) => h.includes('<script>window.__pwned=1</script>'))).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script, main b:text("Evil"), main i:text("why")').count()).toBe(0);
    // A javascript: link from a feed is shown, never made an href.
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('draws the charts from the store', async () => {
    await page.goto(`${bot.url}/charts`);
    expect(await page.locator('svg[aria-label="Alerts per day by topic"] rect').count()).toBeGreaterThan(0);
    expect(await page.locator('svg[aria-label="Feed failures per day"]').count()).toBe(1);
    await page.goto(`${bot.url}/channels`);
    expect(await page.locator('tr[data-channel="console:terminal"]').innerText()).toContain('lithium-supply');
  });
});
