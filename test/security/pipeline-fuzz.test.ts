/**
 * Property test of the whole bot against hostile feeds: each case is a generated (and sometimes byte-mutated)
 * RSS/Atom document of 10 to 50 hostile items served by the loopback feed server, polled, parsed, matched,
 * recorded, routed, queued in the SQLite outbox and delivered through the real Discord REST adapter, the real
 * Slack adapter and the console adapter. Every case must: finish without a throw or an unhandled rejection,
 * deliver everything it queued, ping nobody and render nothing live on any platform, print no terminal
 * control sequence, and leave the store consistent. Memory growth over the run is measured and bounded.
 *
 * FUZZ_RUNS sets the number of generated items (default 1,500, in 50 feed documents); FUZZ_SEED replays a run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDelivered, checkStore, counts, memory, type Seen } from './checks.js';
import { feedArb, renderFeed } from './feed-gen.js';
import { DISCORD_CHANNEL, SLACK_CHANNEL, startRig, watchUnhandled, type Rig } from './rig.js';

const ITEMS = Number(process.env.FUZZ_RUNS ?? 1500);
const PER_FEED = 50;
// About 30 items are generated per document on average (10 to 50).
const RUNS = Math.max(10, Math.ceil(ITEMS / 30));
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

describe('the whole pipeline under generated hostile feeds', () => {
  let rig: Rig;
  const unhandled = watchUnhandled();

  beforeAll(async () => {
    rig = await startRig({ feeds: ['fuzz'] });
    // Prime the feed on an empty document, so every later item is new and alerts.
    rig.feedServer.route('/fuzz.xml', { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>' });
    await rig.cycle();
  });
  afterAll(async () => {
    unhandled.stop();
    await rig?.close();
  });

  it(`${RUNS} generated feeds (~${ITEMS} items) go through to three outputs without a crash, a ping or live markup`, async () => {
    const before = memory();
    let seen: Seen = { discord: 0, slack: 0, console: 0 };
    let run = 0;
    const totals = { items: 0, alerts: 0, sent: 0, failedPolls: 0, inertDiscord: 0, inertSlack: 0 };
    await fc.assert(
      fc.asyncProperty(feedArb(PER_FEED), async (feed) => {
        run++;
        const doc = renderFeed(feed, `r${run}`);
        rig.feedServer.route('/fuzz.xml', { body: doc });
        // The rig backs a failed feed off for 1 ms: let it pass, or a fast store polls again inside it.
        await new Promise((r) => setTimeout(r, 3));
        const report = await rig.cycle();
        const [poll] = report.feeds;
        expect(poll?.outcome).toMatch(/^(new|unchanged|failed)$/);
        if (poll?.outcome === 'failed') {
          totals.failedPolls++;
          expect(poll.error).toMatch(/^(PARSE|NOT_A_FEED): /);
        }
        // Everything queued this cycle went out, first time, on every platform.
        expect(report.delivery).toMatchObject({ retried: 0, dead: 0, waiting: 0 });
        // Counted before checking, so a failing case (and fast-check's shrinking after it) never re-checks old posts.
        const from = seen;
        seen = counts(rig);
        checkDelivered(rig, from);
        // Hostile text did reach the outputs, made inert: the checks above had something to bite on.
        for (const m of rig.discord.channelMessages(DISCORD_CHANNEL).slice(from.discord)) if (JSON.stringify(m.body).includes('@\u200beveryone')) totals.inertDiscord++;
        for (const m of rig.slack.postsTo(SLACK_CHANNEL).slice(from.slack)) if (JSON.stringify(m.body).includes('&lt;!channel&gt;')) totals.inertSlack++;
        expect(seen.discord - from.discord + (seen.slack - from.slack) + (seen.console - from.console)).toBe(report.delivery.sent);
        // Committed: every alerted item is now seen, so it can never alert again.
        const ids = report.alerts.map((a) => a.item.id);
        expect(await rig.app.stores.seen.unseen('fuzz', ids)).toEqual([]);
        totals.items += report.items;
        totals.alerts += report.alerts.length;
        totals.sent += report.delivery.sent;
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    const after = memory();
    console.info(
      `[security fuzz] ${RUNS} feeds, ${totals.items} new items, ${totals.alerts} alerts, ${totals.sent} posts, ` +
        `${totals.failedPolls} broken documents, ${totals.inertDiscord}/${totals.inertSlack} posts carrying a neutralised @everyone/<!channel>; heap ${before.heapMB}→${after.heapMB} MB, rss ${before.rssMB}→${after.rssMB} MB`,
    );
    // The property must have had something to check: most documents are well-formed and carry a lithium story.
    expect(totals.alerts).toBeGreaterThan(RUNS);
    expect(totals.sent).toBeGreaterThanOrEqual(totals.alerts);
    expect(totals.inertDiscord).toBeGreaterThan(0);
    expect(totals.inertSlack).toBeGreaterThan(0);
    // The bot keeps nothing per item in memory; the fakes keep every post they received (a few kB each).
    const harnessMB = (totals.sent * 8) / 1024;
    expect(after.heapMB - before.heapMB).toBeLessThan(64 + harnessMB);
    expect(after.rssMB - before.rssMB).toBeLessThan(256 + harnessMB);
    await checkStore(rig);
    expect(unhandled.list).toEqual([]);
  }, 60_000 + RUNS * 1_000);
});
