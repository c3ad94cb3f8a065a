/** Keeps `npm run bench:delivery` from rotting: a small run, with faults, loses and duplicates nothing. Timings are the bench's. */
import { describe, expect, it } from 'vitest';
import { measurePace } from '../../bench/delivery-faults.js';

describe('bench:delivery (pace under faults)', () => {
  it('delivers every alert once, in order, with and without 30% faults', async () => {
    const r = await measurePace({ n: 60, channels: 4, channelIntervalMs: 10 });
    expect(r).toMatchObject({ n: 60, channels: 4, lost: 0, duplicated: 0, outOfOrder: 0, dead: 0, postsNoFault: 60 });
    expect(r.postsFault).toBeGreaterThan(60);
    expect(r.ratio).toBeGreaterThan(0);
  }, 60_000);
});
