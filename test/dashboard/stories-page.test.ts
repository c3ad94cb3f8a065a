/**
 * The stories page lists every story the store keeps, whatever the date of its reports: the bundled samples (and
 * any backlog) are dated long before today, and a page limited to the last days showed nothing after a first run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { storiesPage } from '../../src/app/dashboard/page-stories.js';
import type { DashboardDeps } from '../../src/app/dashboard/deps.js';
import type { Story } from '../../src/core/stories.js';
import { openStores } from '../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-stories-page-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const story = (id: string, title: string, at: string): Story => ({
  id, firstAt: at, lastAt: at, figures: [],
  members: [{ itemId: `${id}-0`, feedId: 'f0', title, at, signature: { tickers: ['ALB'] } as unknown as Story['members'][number]['signature'] }],
  signature: { tickers: ['ALB'], eventTypes: [], regions: [], sites: [], minhash: [1, 2, 3] },
});

it('lists a story whose reports are from 2024 beside one from today, newest first', async () => {
  const stores = await openStores(`sqlite://${join(dir, 'lw.sqlite')}`);
  try {
    const now = new Date();
    await stores.stories.put(story('s-old', 'CATL suspends Jianxiawo lithium mine', '2024-09-12T01:15:00.000Z'));
    await stores.stories.put(story('s-new', 'Albemarle idles Kemerton train', now.toISOString()));
    const deps = { stores, clock: { now: () => now } } as unknown as DashboardDeps;
    const page = String(await storiesPage(deps));
    expect(page).toContain('CATL suspends Jianxiawo lithium mine');
    expect(page.indexOf('Albemarle idles Kemerton train')).toBeLessThan(page.indexOf('CATL suspends Jianxiawo lithium mine'));
    expect(page).not.toContain('No stories kept yet');
  } finally {
    await stores.close();
  }
});
