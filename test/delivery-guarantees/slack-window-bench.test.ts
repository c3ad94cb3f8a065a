/**
 * Keeps `npm run bench:delivery` from rotting: its measuring function runs on a few deliveries and only the shape
 * of the result is checked. Timings belong to the bench's printout, never to an assertion (a loaded CI box varies).
 */
import { describe, expect, it } from 'vitest';
import { measureSlackWindow, type Spread } from '../../bench/slack-window.js';

const N = 20;

function wellFormed(s: Spread): void {
  expect(s.count).toBe(N);
  for (const v of [s.p50, s.p99, s.max]) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
  }
}

describe('bench:delivery (slack crash window)', () => {
  it('measures every delivery on the real adapter, store and deliverer', async () => {
    // Two posts per channel: Slack's 1 s channel spacing is exercised once, and the run stays short.
    const r = await measureSlackWindow({ n: N, channels: 10, maxPerSecond: 1000 });
    expect(r).toMatchObject({ store: 'sqlite', n: N, channels: 10 });
    for (const s of [r.recordBeforeMs, r.windowMs, r.answerMs, r.recordSentMs, r.historyCheckMs]) wellFormed(s);
    expect(r.historyFound).toBe(N);
  });
});
