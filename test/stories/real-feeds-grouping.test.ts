/**
 * Story grouping over real general news (the shared real-feed corpus; skipped when absent): none of it is a
 * commodity event, so the place and proper-name evidence built for supply stories must never be what joins two
 * of its reports ("Trump", "House", "Google" recur across unrelated stories).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRealFeedItems, REAL_FEEDS_DIR } from '../../scripts/real-feeds.js';
import { createStoryGrouper } from '../../src/core/stories.js';
import { matcher, tickers } from '../match/helpers.js';

const hasFeeds = existsSync(join(REAL_FEEDS_DIR, 'MANIFEST.tsv'));
describe.skipIf(!hasFeeds)('grouping real general news', () => {
  it('joins no two reports by a shared place or proper name', async () => {
    const items = await readRealFeedItems();
    expect(items.length).toBeGreaterThan(100);
    let now = new Date(0);
    const grouper = createStoryGrouper({ tickers, windowMs: Number.POSITIVE_INFINITY, clock: { now: () => now } });
    const joinedBy: string[][] = [];
    items.forEach((it, i) => {
      now = new Date(Date.parse(it.published ?? '') || 0);
      const a = grouper.assign({ ...it, id: `${i}`, link: undefined }, matcher.match(it));
      if (!a.isNew) joinedBy.push(a.reasons);
    });
    expect(joinedBy.filter((r) => r.some((x) => x.startsWith('shared names') || x.startsWith('same place')))).toEqual([]);
  }, 60_000);
});
