/**
 * The poll `start` runs at once, before the first cron tick. Started in the last tenth of an interval (where a
 * cycle claims nothing, so a late fetch cannot land inside the next interval), it claims the next interval
 * instead of polling nothing: the bug CI met when a run started at hh:m9:30 on a ten-minute schedule.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { claimDeadline, type CycleReport, type FeedLease } from '../../src/app/pipeline.js';
import { startPollSchedule, startupIntervalStart } from '../../src/app/roles.js';
import type { FeedSpec } from '../../src/feeds/poller.js';

const MIN = 60_000;

describe('the poll at start-up', () => {
  it('claims the current interval, or the next one once the current is past its claim deadline', () => {
    const next = 10 * MIN * 1000; // an aligned tick
    const interval = 10 * MIN;
    expect(startupIntervalStart(next, interval, next - 5 * MIN)).toBe(next - interval);
    expect(startupIntervalStart(next, interval, next - 30_001)).toBe(next - interval);
    // The deadline is a tenth of the interval before its end, at most 30 s.
    expect(startupIntervalStart(next, interval, next - 30_000)).toBe(next);
    expect(startupIntervalStart(next, interval, next - 1)).toBe(next);
    expect(startupIntervalStart(MIN * 1000, MIN, MIN * 1000 - 6_000)).toBe(MIN * 1000);
    expect(startupIntervalStart(MIN * 1000, MIN, MIN * 1000 - 6_001)).toBe(MIN * 999);
  });

  it('polls at once when started a few seconds before a tick', async () => {
    // A once-a-minute schedule whose tick is ~4 s away: now is inside the last 6 s (the tenth past the deadline).
    const second = (new Date().getSeconds() + 4) % 60;
    const leases: { lease: Omit<FeedLease, 'coordinator'>; at: number }[] = [];
    const feeds: FeedSpec[] = [{ id: 'f', url: 'http://127.0.0.1:9/f.xml' }];
    const schedule = startPollSchedule({
      groups: new Map([[`${second} * * * * *`, feeds]]),
      runCycle: async (_f, lease) => {
        leases.push({ lease, at: Date.now() });
        const report: CycleReport = { refused: [], feeds: [], items: 0, alerts: [], deliveries: [], delivery: { sent: 0, retried: 0, dead: 0, waiting: 0 } };
        return report;
      },
      logger: createMemoryLogger(),
      track: (p) => p,
    });
    try {
      await schedule.pollNow();
    } finally {
      await schedule.stop();
    }
    const first = leases[0]!;
    expect(first.at).toBeLessThan(claimDeadline(first.lease));
  });
});
