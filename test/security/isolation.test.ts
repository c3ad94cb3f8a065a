/**
 * One bad feed never delays the others: a slow-drip feed and a hanging feed next to two good feeds, all in one
 * schedule (so one cycle, as `start` runs them). Events are recorded in the order they happen (feed server hits,
 * the poller's failure log, posts through the real Discord adapter); the assertions are on that order, never on
 * wall-clock speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/core/ports.js';
import { startRig, watchUnhandled, type Rig } from './rig.js';

const STORY = 'Albemarle halts lithium mine output, cutting supply 20%';
const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>';
const FEEDS = ['good1', 'drip', 'hang', 'good2'] as const;

function story(id: string, n: number): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${id}</title><item><title>${STORY} (${id} ${n})</title><guid>${id}-${n}</guid></item></channel></rss>`;
}

describe('a slow-drip feed and a hanging feed next to good feeds', () => {
  let rig: Rig;
  const events: string[] = [];
  const unhandled = watchUnhandled();
  let round = 0;

  beforeAll(async () => {
    rig = await startRig({ feeds: FEEDS, poll: { timeoutMs: 2000 } });
    for (const id of FEEDS) rig.feedServer.route(`/${id}.xml`, { body: EMPTY });
    await rig.cycle();
    for (const id of ['good1', 'good2']) {
      rig.feedServer.route(`/${id}.xml`, () => {
        events.push(`fetched ${id}`);
        return { body: story(id, round) };
      });
    }
    rig.feedServer.route('/drip.xml', () => {
      events.push('fetched drip');
      return { body: story('drip', round), drip: { bytes: 4, intervalMs: 200 } };
    });
    rig.feedServer.route('/hang.xml', () => {
      events.push('fetched hang');
      return { hang: true };
    });
    // The poller logs each failure as it happens; the Discord adapter's sends are recorded as they complete.
    const warn = rig.logger.warn.bind(rig.logger);
    rig.logger.warn = (msg, ctx) => {
      if (msg === 'feed poll failed') events.push(`${String(ctx?.code)} ${String(ctx?.feed)}`);
      warn(msg, ctx);
    };
    const discord = rig.app.adapters.get('discord')!;
    const recording: ChatAdapter = {
      ...discord,
      async send(d) {
        const sent = await discord.send(d);
        events.push(`delivered ${d.alert.item.feedId}`);
        return sent;
      },
    };
    rig.app.adapters.set('discord', recording);
  }, 30_000);
  afterAll(async () => {
    unhandled.stop();
    await rig?.close();
  });

  it('the good feeds are fetched at once, not queued behind the bad ones, and their alerts go out in the same cycle', async () => {
    round = 1;
    events.length = 0;
    const report = await rig.cycle();
    expect(Object.fromEntries(report.feeds.map((f) => [f.feedId, f.error?.split(':')[0] ?? f.outcome]))).toEqual({
      good1: 'new', drip: 'TIMEOUT', hang: 'TIMEOUT', good2: 'new',
    });
    const at = (e: string) => {
      const i = events.indexOf(e);
      expect(i, `${e} in ${events.join(', ')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    for (const good of ['fetched good1', 'fetched good2']) {
      expect(at(good)).toBeLessThan(at('TIMEOUT drip'));
      expect(at(good)).toBeLessThan(at('TIMEOUT hang'));
    }
    expect(events.filter((e) => e.startsWith('delivered')).sort()).toEqual(['delivered good1', 'delivered good2']);
    expect(unhandled.list).toEqual([]);
  });

  /*
   * runCycle settles each feed's result as soon as its poll finishes (match → record → route → enqueue → commit,
   * then drain), so a hanging feed cannot hold back the good feeds' alerts until it times out.
   */
  it('the good feeds’ alerts are delivered before the bad feeds time out', async () => {
    round = 2;
    events.length = 0;
    await rig.cycle();
    const delivered = events.indexOf('delivered good1');
    expect(delivered).toBeGreaterThanOrEqual(0);
    expect(delivered).toBeLessThan(events.indexOf('TIMEOUT hang'));
    expect(events.indexOf('delivered good2')).toBeLessThan(events.indexOf('TIMEOUT drip'));
  });
});
