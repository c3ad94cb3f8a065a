/**
 * The list of hostile feeds, one by one, through the whole bot (loopback feed server → fetch → parse →
 * poller → matcher → route → SQLite outbox → Discord, Slack and console), next to a good feed that must keep
 * working. Each case names what the bot must do: refuse with a specific code, or deliver something safe.
 */
import { readFileSync } from 'node:fs';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkDelivered, checkStore, counts, memory, type Seen } from './checks.js';
import { DISCORD_CHANNEL, SLACK_CHANNEL, startRig, watchUnhandled, type Rig } from './rig.js';

const STORY = 'Albemarle halts lithium mine output, cutting supply 20%';
const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>';
const fixture = (f: string) => readFileSync(new URL(`../fixtures/feeds/${f}`, import.meta.url), 'utf8');

function rss(items: string, title = 'Wire'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://wire.example/</link>${items}</channel></rss>`;
}
function item(o: { title?: string; link?: string; guid?: string; date?: string; description?: string }): string {
  return (
    '<item>' +
    (o.title !== undefined ? `<title>${o.title}</title>` : '') +
    (o.link !== undefined ? `<link>${o.link}</link>` : '') +
    (o.guid !== undefined ? `<guid isPermaLink="false">${o.guid}</guid>` : '') +
    (o.date !== undefined ? `<pubDate>${o.date}</pubDate>` : '') +
    (o.description !== undefined ? `<description>${o.description}</description>` : '') +
    '</item>'
  );
}

const FEEDS = [
  'good', 'bomb', 'xxe', 'nested', 'big50', 'declared50', 'endless', 'trickle', 'drip', 'badutf8', 'mislabelled',
  'invisible', 'hugetitle', 'thousands', 'bare', 'dates', 'dupguid', 'flip', 'redirfile', 'redirftp', 'redirdata',
] as const;

describe('hostile feeds through the whole bot', () => {
  let rig: Rig;
  let seen: Seen = { discord: 0, slack: 0, console: 0 };
  const unhandled = watchUnhandled();
  const mem0 = memory();
  let peakRss = mem0.rssMB;

  /** Polls the named feeds in one real cycle and checks whatever was delivered. */
  async function poll(...ids: (typeof FEEDS)[number][]) {
    // RSS sampled while the cycle runs, so the peak covers parsing and delivery, not just the state after.
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, Math.round(process.memoryUsage().rss / 1048576))), 5);
    const report = await rig.cycle(ids.map((id) => rig.feed(id))).finally(() => clearInterval(sampler));
    const from = seen;
    seen = counts(rig);
    checkDelivered(rig, from);
    peakRss = Math.max(peakRss, memory().rssMB);
    return { report, posted: { discord: seen.discord - from.discord, slack: seen.slack - from.slack, console: seen.console - from.console } };
  }
  const lastEmbed = (): APIEmbed => (rig.discord.channelMessages(DISCORD_CHANNEL).at(-1)!.body.embeds as APIEmbed[])[0]!;

  beforeAll(async () => {
    rig = await startRig({ feeds: FEEDS, poll: { timeoutMs: 1500, maxBytes: 12 * 1024 * 1024 } });
    // Prime every feed on an empty document, so what each test serves next is new and may alert.
    for (const id of FEEDS) rig.feedServer.route(`/${id}.xml`, { body: EMPTY });
    await rig.cycle();
    rig.feedServer.route('/good.xml', ({ hit }) => ({ body: rss(item({ title: `${STORY} (${hit})`, link: `https://good.example/${hit}` })) }));
  }, 30_000);
  afterAll(async () => {
    unhandled.stop();
    await rig?.close();
  });

  it('an entity bomb (billion laughs) is refused as PARSE without expansion; the good feed still alerts', async () => {
    rig.feedServer.route('/bomb.xml', { body: fixture('entity-bomb.xml') });
    const heap0 = memory().heapMB;
    const { report, posted } = await poll('bomb', 'good');
    expect(report.feeds.map((f) => [f.feedId, f.outcome])).toEqual([['bomb', 'failed'], ['good', 'new']]);
    expect(report.feeds[0]!.error).toMatch(/^PARSE: /);
    expect(posted).toEqual({ discord: 1, slack: 1, console: 1 });
    expect(memory().heapMB - heap0).toBeLessThan(64);
  });

  it('an external entity (XXE) is refused as PARSE and no file content reaches any output', async () => {
    rig.feedServer.route('/xxe.xml', { body: fixture('xxe.xml') });
    const { report } = await poll('xxe');
    expect(report.feeds[0]!.error).toMatch(/^PARSE: /);
    const everything = JSON.stringify([rig.discord.requests, rig.slack.calls, rig.consoleOut, rig.logger.lines]);
    expect(everything).not.toContain('root:x:0');
  });

  it('20,000 levels of nesting inside an item: a result or a PARSE refusal, never a crash', async () => {
    const deep = '<div>'.repeat(20_000) + 'lithium' + '</div>'.repeat(20_000);
    rig.feedServer.route('/nested.xml', { body: rss(item({ title: STORY, guid: 'nested-1', description: deep })) });
    const { report } = await poll('nested');
    expect(['new', 'failed']).toContain(report.feeds[0]!.outcome);
    if (report.feeds[0]!.outcome === 'failed') expect(report.feeds[0]!.error).toMatch(/^PARSE: /);
  });

  it('a 50 MB chunked body and a declared 50 MB body are cut at the cap (TOO_LARGE)', async () => {
    const mb = Buffer.alloc(1024 * 1024, 0x20);
    rig.feedServer.route('/big50.xml', {
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        let sent = 0;
        const pump = () => {
          while (sent < 50 && !res.destroyed) {
            sent++;
            if (!res.write(mb)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        pump();
      },
    });
    rig.feedServer.route('/declared50.xml', {
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
        res.write(mb);
      },
    });
    const { report } = await poll('big50', 'declared50');
    expect(report.feeds.map((f) => f.error?.split(':')[0])).toEqual(['TOO_LARGE', 'TOO_LARGE']);
    // The server sees the connection close a moment after the client gives up.
    await vi.waitFor(() => expect(rig.feedServer.aborted('/big50.xml')).toBe(1), { timeout: 5_000 });
    expect(peakRss - mem0.rssMB).toBeLessThan(512);
  });

  it('an endless stream is cut at the cap, an endless trickle and a slow drip at the deadline', async () => {
    rig.feedServer.route('/endless.xml', { endless: { chunk: `<item><title>${STORY}</title></item>`.repeat(100) } });
    rig.feedServer.route('/trickle.xml', { endless: { chunk: '<item>', intervalMs: 20 } });
    rig.feedServer.route('/drip.xml', { body: rss(item({ title: STORY, guid: 'drip' })), drip: { bytes: 8, intervalMs: 100 } });
    const { report } = await poll('endless', 'trickle', 'drip');
    expect(report.feeds.map((f) => f.error?.split(':')[0])).toEqual(['TOO_LARGE', 'TIMEOUT', 'TIMEOUT']);
    await rig.feedServer.waitForSocketsClosed(5000);
  });

  it('invalid UTF-8 labelled UTF-8 is read as windows-1252 (sniffed), never a lone surrogate or a crash; the story still alerts', async () => {
    const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>W</title><item><guid>bad-utf8</guid><title>${STORY} `);
    const bad = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0xe2, 0x82]);
    const tail = Buffer.from(' end</title></item></channel></rss>');
    rig.feedServer.route('/badutf8.xml', { body: Buffer.concat([head, bad, tail]), contentType: 'application/rss+xml; charset=utf-8' });
    const { report, posted } = await poll('badutf8');
    expect(report.alerts).toHaveLength(1);
    const title = report.alerts[0]!.item.title;
    expect(title).toContain(`${STORY} \u00c3(\u00ff\u00fe`);
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(title).not.toMatch(/[\ud800-\udfff\u0000-\u001f\u007f-\u009f]/);
    expect(posted).toEqual({ discord: 1, slack: 1, console: 1 });
  });

  it('windows-1252 bytes labelled UTF-8 are decoded as windows-1252, not mangled', async () => {
    const doc = rss(item({ title: `Soci\u00e9t\u00e9 Mini\u00e8re: \u201c${STORY}\u201d`, guid: 'latin' }));
    const cp1252 = Buffer.from(doc.replace(/\u201c/g, '\u0093').replace(/\u201d/g, '\u0094'), 'latin1');
    rig.feedServer.route('/mislabelled.xml', { body: cp1252, contentType: 'text/xml; charset=utf-8' });
    const { report } = await poll('mislabelled');
    expect(report.alerts.map((a) => a.item.title)).toEqual([`Soci\u00e9t\u00e9 Mini\u00e8re: \u201c${STORY}\u201d`]);
  });

  it('zero-width and bidi characters are gone from the stored item and from every output', async () => {
    const title = `Alb\u200bemarle \u202ehalts\u202c lithium \u2066mine\u2069 output,\u200f cutting\ufeff supply 20%\u200d`;
    rig.feedServer.route('/invisible.xml', { body: rss(item({ title, guid: 'invisible' })) });
    const { report, posted } = await poll('invisible');
    expect(report.alerts.map((a) => a.item.title)).toEqual([STORY]);
    expect(posted).toEqual({ discord: 1, slack: 1, console: 1 });
    expect(lastEmbed().title).toBe('Albemarle halts lithium mine output, cutting supply 20%');
  });

  it('a 10 MB title is cut to 500 characters by the parser and to each platform’s limit on the way out', async () => {
    const title = `${STORY} ${'<!channel> @everyone '.repeat(500_000)}`;
    expect(title.length).toBeGreaterThan(10_000_000);
    rig.feedServer.route('/hugetitle.xml', { body: rss(item({ title: title.replace(/</g, '&lt;'), guid: 'huge' })) });
    const { report, posted } = await poll('hugetitle');
    expect(report.alerts[0]!.item.title.length).toBeLessThanOrEqual(500);
    expect(posted).toEqual({ discord: 1, slack: 1, console: 1 });
    expect(lastEmbed().title!.length).toBeLessThanOrEqual(256);
    expect(rig.consoleOut.at(-1)!.length).toBeLessThan(2000);
    // The fixture itself (20 MB as a JS string) is the test's, not the bot's: drop it before measuring memory.
    rig.feedServer.route('/hugetitle.xml', { body: EMPTY });
  });

  it('5,000 items: the first 500 are kept, the three stories among them alert once each', async () => {
    const items = Array.from({ length: 5000 }, (_, i) =>
      item({ title: i < 3 ? `${STORY} #${i}` : `Market wrap ${i}`, guid: `t-${i}`, link: `https://many.example/${i}` }),
    );
    rig.feedServer.route('/thousands.xml', { body: rss(items.join('')) });
    const { report, posted } = await poll('thousands');
    expect(report.items).toBe(500);
    expect(report.alerts).toHaveLength(3);
    expect(posted).toEqual({ discord: 3, slack: 3, console: 3 });
    expect((await rig.app.stores.seen.unseen('thousands', ['t-0', 't-499', 't-500']))).toEqual(['t-500']);
  });

  it('items with no title, no link or no date alert with what they have', async () => {
    rig.feedServer.route('/bare.xml', {
      body: rss(
        item({ description: `${STORY}, the company said.` }) +
          item({ title: 'Pilbara Minerals cuts spodumene output by 30,000 tonnes' }) +
          item({ title: 'SQM lithium production falls 14% after strike', guid: 'sqm-no-link' }) +
          item({ link: 'https://bare.example/empty' }),
      ),
    });
    const { report, posted } = await poll('bare');
    expect(report.alerts.map((a) => [a.item.title.slice(0, 30), a.item.link, a.item.published])).toEqual([
      ['Albemarle halts lithium mine o', undefined, undefined],
      ['Pilbara Minerals cuts spodumen', undefined, undefined],
      ['SQM lithium production falls 1', undefined, undefined],
    ]);
    expect(posted).toEqual({ discord: 3, slack: 3, console: 3 });
    const embeds = rig.discord.channelMessages(DISCORD_CHANNEL).slice(-3).map((m) => (m.body.embeds as APIEmbed[])[0]!);
    expect(embeds.map((e) => e.url)).toEqual([undefined, undefined, undefined]);
    for (const e of embeds) expect(Date.parse(e.timestamp!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('dates in 1970 and 2100 pass through as themselves; an absurd year is dropped', async () => {
    rig.feedServer.route('/dates.xml', {
      body: rss(
        item({ title: `${STORY} (old)`, guid: 'd1970', date: 'Thu, 01 Jan 1970 00:00:00 GMT' }) +
          item({ title: `${STORY} (future)`, guid: 'd2100', date: 'Fri, 01 Jan 2100 00:00:00 GMT' }) +
          item({ title: `${STORY} (absurd)`, guid: 'dabsurd', date: '+275760-09-13T00:00:00Z' }),
      ),
    });
    const { report, posted } = await poll('dates');
    expect(report.alerts.map((a) => a.item.published)).toEqual([undefined, '1970-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z']);
    expect(posted).toEqual({ discord: 3, slack: 3, console: 3 });
    const stamps = rig.discord.channelMessages(DISCORD_CHANNEL).slice(-3).map((m) => (m.body.embeds as APIEmbed[])[0]!.timestamp);
    expect(stamps.slice(1)).toEqual(['1970-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z']);
    expect(JSON.stringify(rig.slack.postsTo(SLACK_CHANNEL).slice(-2).map((m) => m.blocks))).toMatch(/<!date\^0\^[\s\S]*<!date\^4102444800\^/);
  });

  it('duplicate guids with different content: one alert, and a changed copy later does not re-alert', async () => {
    rig.feedServer.route('/dupguid.xml', ({ hit }) => ({
      body: rss(
        item({ title: `${STORY} (first)`, guid: 'same' }) +
          item({ title: `SQM lithium production falls 14% (second, ${hit})`, guid: 'same' }) +
          item({ title: `Pilbara Minerals cuts spodumene output by 30,000 tonnes (${hit})`, guid: ' same ' }),
      ),
    }));
    const first = await poll('dupguid');
    expect(first.report.alerts.map((a) => a.item.title)).toEqual([`${STORY} (first)`]);
    expect(first.posted).toEqual({ discord: 1, slack: 1, console: 1 });
    const again = await poll('dupguid');
    expect(again.report.alerts).toEqual([]);
    expect(again.posted).toEqual({ discord: 0, slack: 0, console: 0 });
  });

  it('a feed flipping between two versions every poll alerts once per story: delivered counts stay constant over 5 polls', async () => {
    const stories = ['Albemarle halts lithium mine output', 'SQM lithium production falls 14%', 'Pilbara Minerals cuts spodumene output'];
    const a = rss(stories.map((s, i) => item({ title: s, guid: `flip-${i}`, link: `https://flip.example/${i}`, date: 'Tue, 24 Nov 2026 10:00:00 GMT' })).join(''));
    // Same stories, reordered, retitled, re-dated in another format, guid padded, CDATA, a fragment on a guid-less link.
    const b = rss(
      [...stories]
        .reverse()
        .map((s, j) => {
          const i = stories.length - 1 - j;
          return i === 0
            ? item({ title: `<![CDATA[${s} (updated)]]>`, link: `https://flip.example/${i}#top`, date: '2026-11-24T10:00:00Z' })
            : item({ title: `${s} — update`, guid: `  flip-${i}  `, link: `https://flip.example/${i}`, date: '2026-11-24T11:00:00+01:00' });
        })
        .join(''),
    );
    rig.feedServer.route('/flip.xml', ({ hit }) => (hit % 2 === 1 ? { body: a, etag: '"a"' } : { body: b, etag: '"b"' }));
    const start = counts(rig);
    await poll('flip');
    const afterFirst = counts(rig);
    expect(afterFirst.discord - start.discord).toBe(3);
    const perPoll: number[] = [];
    for (let i = 0; i < 5; i++) {
      await poll('flip');
      const c = counts(rig);
      perPoll.push(c.discord - start.discord + (c.slack - start.slack) + (c.console - start.console));
    }
    expect(perPoll).toEqual([9, 9, 9, 9, 9]);
    expect(rig.feedServer.hits('/flip.xml')).toBe(7);
  });

  it.each([
    ['redirfile', 'file:///etc/passwd'],
    ['redirftp', 'ftp://127.0.0.1/feed.xml'],
    ['redirdata', 'data:text/xml,<rss/>'],
  ] as const)('a redirect from %s to %s is refused (BAD_SCHEME) and the feed backs off', async (id, target) => {
    rig.feedServer.route(`/${id}.xml`, { redirect: target });
    const { report } = await poll(id);
    expect(report.feeds[0]).toMatchObject({ outcome: 'failed' });
    expect(report.feeds[0]!.error).toMatch(/^BAD_SCHEME: /);
    expect((await rig.app.stores.feedStates.get(id))?.lastError?.code).toBe('BAD_SCHEME');
  });

  it('all of them in one cycle: only the good feed and the well-formed stories alert, the store stays whole, memory bounded', async () => {
    const { report } = await poll(...FEEDS);
    const outcome = Object.fromEntries(report.feeds.map((f) => [f.feedId, f.error?.split(':')[0] ?? f.outcome]));
    expect(outcome).toMatchObject({
      good: 'new', bomb: 'PARSE', xxe: 'PARSE', big50: 'TOO_LARGE', declared50: 'TOO_LARGE', endless: 'TOO_LARGE',
      trickle: 'TIMEOUT', drip: 'TIMEOUT', redirfile: 'BAD_SCHEME', redirftp: 'BAD_SCHEME', redirdata: 'BAD_SCHEME',
    });
    expect(report.alerts.map((a) => a.item.feedId)).toEqual(['good']);
    await checkStore(rig);
    const end = memory();
    console.info(`[security hostile feeds] heap ${mem0.heapMB}→${end.heapMB} MB, rss ${mem0.rssMB}→${end.rssMB} MB (peak ${peakRss} MB)`);
    expect(peakRss - mem0.rssMB).toBeLessThan(512);
    expect(end.heapMB - mem0.heapMB).toBeLessThan(64);
    expect(unhandled.list).toEqual([]);
  });
});
