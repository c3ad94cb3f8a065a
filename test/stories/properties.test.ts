import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStoryGrouper } from '../../src/core/stories.js';
import { sameFigure } from '../../src/core/stories/figures.js';
import type { Figure } from '../../src/core/types.js';
import { HOUR, manualClock, matched, report } from './helpers.js';

// A small pool of invented reports; the property runs shuffle them in time and repeat some.
const POOL = [
  { title: 'Norvik halts Tallow Creek mine', summary: 'Norvik Lithium will suspend the Tallow Creek spodumene mine.', tickers: ['NVK.AX'], figures: [{ kind: 'quantity', value: 180000, unit: 't', per: 'year', what: 'output' }] },
  { title: 'Norvik to mothball Tallow Creek', summary: 'The Tallow Creek mine goes on care and maintenance; shares fell 12%.', tickers: ['NVK.AX'], figures: [{ kind: 'move', symbol: 'NVK.AX', pct: -12 }] },
  { title: 'Albemarle idles Kemerton train', summary: 'Albemarle will halt one train at its Kemerton hydroxide plant.', tickers: ['ALB'], figures: [] },
  { title: 'Albemarle quarterly profit beats forecasts', summary: 'Albemarle posted fourth-quarter net income of $310 million.', tickers: ['ALB'], figures: [{ kind: 'money', value: 310e6, currency: 'USD', what: 'net income' }] },
  { title: 'Lithium futures jump 8%', summary: 'Guangzhou lithium carbonate futures rose 8% to 78,000 yuan a tonne.', tickers: [], figures: [{ kind: 'change', pct: 8, what: 'futures' }] },
] as const satisfies ReadonlyArray<{ title: string; summary: string; tickers: readonly string[]; figures: readonly Figure[] }>;

const stream = fc.array(fc.record({ pick: fc.integer({ min: 0, max: POOL.length - 1 }), gapH: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 25 });

describe('story grouper invariants', () => {
  it('never lets a story outgrow its window, never repeats a figure, and places a repeated report in its story', () => {
    fc.assert(fc.property(stream, (steps) => {
      const clock = manualClock(0);
      const g = createStoryGrouper({ clock, windowMs: 48 * HOUR });
      let h = 0;
      const placed: Array<{ id: string; storyId: string; h: number }> = [];
      steps.forEach((s, i) => {
        h += s.gapH;
        clock.set(h);
        const p = POOL[s.pick]!;
        const before = placed.length ? g.snapshot() : [];
        const a = g.assign(report(`r${i}`, `Outlet ${i % 3}`, h, p.title, p.summary), matched([...p.tickers], [...p.figures]));
        const known = before.find((st) => st.id === a.storyId)?.figures ?? [];
        expect(a.newFigures.some((f) => known.some((k) => sameFigure(f, k)))).toBe(false);
        expect(a.story.members.at(-1)!.itemId).toBe(`r${i}`);
        placed.push({ id: `r${i}`, storyId: a.storyId, h });
      });
      for (const st of g.snapshot()) {
        for (const m of st.members) expect(Date.parse(m.at) - Date.parse(st.firstAt)).toBeLessThanOrEqual(48 * HOUR);
      }
      // Any report whose story is still open is recognised when it comes again.
      const open = new Set(g.snapshot().map((st) => st.id));
      for (const p of placed.filter((x) => open.has(x.storyId))) {
        const again = g.assign({ ...report(p.id, 'Outlet 0', p.h, 'x', 'y'), link: undefined }, matched([]));
        expect(again).toMatchObject({ storyId: p.storyId, isNew: false, newFigures: [] });
      }
    }), { numRuns: 60, seed: 20261126 });
  });
});
