/**
 * The poll schedule reads a group's feeds at every tick, so chat-added feeds are fetched (and removed ones no
 * longer) without a restart; the merge leaves out paused feeds and any feed a config/feeds.yaml one covers.
 */
import { describe, expect, it } from 'vitest';
import { storedFeedSpecs, storedFeedSource } from '../../src/app/feed-sources.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { CycleReport } from '../../src/app/pipeline.js';
import { startPollSchedule } from '../../src/app/roles.js';
import type { ChatFeed, FeedRegistry } from '../../src/core/feed-registry.js';
import type { FeedSpec } from '../../src/feeds/poller.js';
import { until } from '../support/cli.js';

const stored = (id: string, url: string, paused = false): ChatFeed => ({
  id, url, tags: ['t'], addedBy: { platform: 'slack', workspace: 'T1', user: 'U1' }, addedAt: '2026-12-01T00:00:00Z', paused,
});
const yaml = [
  { id: 'yaml-a', url: 'https://a.example/rss', tags: [], enabled: true },
  { id: 'yaml-off', url: 'https://off.example/rss', tags: [], enabled: false },
];
const report: CycleReport = { refused: [], feeds: [], items: 0, alerts: [], deliveries: [], delivery: { sent: 0, retried: 0, dead: 0, waiting: 0 } };

describe('stored feeds merged with config/feeds.yaml', () => {
  it('drops paused feeds and those whose id or URL a YAML feed (enabled or not) has', () => {
    const specs = storedFeedSpecs(
      [
        stored('chat-1', 'https://c.example/rss'),
        stored('yaml-a', 'https://other.example/rss'),
        stored('chat-2', 'https://A.example/rss#x'),
        stored('yaml-off', 'https://d.example/rss'),
        stored('chat-3', 'https://e.example/rss', true),
      ],
      yaml,
    );
    expect(specs).toEqual([{ id: 'chat-1', url: 'https://c.example/rss', tags: ['t'] }]);
  });

  it('a registry that cannot be read gives no stored feeds and a warning, not a failed tick', async () => {
    const logger = createMemoryLogger();
    const broken = { list: () => Promise.reject(new Error('store down')) } as unknown as FeedRegistry;
    expect(await storedFeedSource({ registry: broken, yaml, logger })()).toEqual([]);
    expect(logger.lines.join('\n')).toContain('could not read the chat-added feeds');
  });

  it('the schedule reads a function group at every tick: a feed added between ticks is polled at the next', async () => {
    let current: FeedSpec[] = [{ id: 'first', url: 'http://127.0.0.1:9/1' }];
    const polled: string[][] = [];
    const schedule = startPollSchedule({
      groups: new Map([['* * * * * *', async () => current]]),
      runCycle: async (feeds) => {
        polled.push(feeds.map((f) => f.id));
        return report;
      },
      logger: createMemoryLogger(),
      track: (p) => p,
    });
    try {
      await until(() => polled.length >= 1, 10_000, 'a first tick');
      current = [...current, { id: 'added', url: 'http://127.0.0.1:9/2' }];
      await until(() => polled.some((p) => p.includes('added')), 10_000, 'a tick with the added feed');
      current = [{ id: 'added', url: 'http://127.0.0.1:9/2' }];
      const n = polled.length;
      await until(() => polled.length > n + 1, 10_000, 'a tick after the removal');
      expect(polled.at(-1)).toEqual(['added']);
    } finally {
      await schedule.stop();
    }
  });
});
