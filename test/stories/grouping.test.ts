import { describe, expect, it } from 'vitest';
import { createStoryGrouper, DEFAULT_WINDOW_MS } from '../../src/core/stories.js';
import type { Figure } from '../../src/core/types.js';
import { storyUpdateView } from '../../src/core/stories/view.js';
import { manualClock, matched, report } from './helpers.js';

const TICKERS = [
  { symbol: 'ALB', name: 'Albemarle', aliases: ['Albemarle Corp'] },
  { symbol: 'NVK.AX', name: 'Norvik Lithium', aliases: [] },
  { symbol: 'PLS.AX', name: 'Pilbara Minerals', aliases: [], listings: ['PILBF'] },
];

const nvkQty: Figure = { kind: 'quantity', value: 180000, unit: 't', per: 'year', what: 'spodumene concentrate output' };
const nvkMove: Figure = { kind: 'move', symbol: 'NVK.AX', pct: -14 };

// One event, three outlets, three wordings: an exchange filing, a wire story, a translated digest.
const norvik = [
  report('nvk-1', 'ASX Filings', 0, 'NVK: Tallow Creek operation to be placed on care and maintenance',
    'Norvik Lithium Limited (ASX: NVK) advises that mining and processing at the Tallow Creek Lithium Operation will be suspended from 1 April because of weak spodumene prices. Tallow Creek produced about 180,000 tonnes of spodumene concentrate a year.'),
  report('nvk-2', 'Wire Desk', 2, 'Norvik to mothball Tallow Creek lithium mine as prices slide; shares sink 14%',
    'Norvik Lithium will halt its Tallow Creek spodumene mine in Western Australia, taking roughly 180,000 t a year of concentrate off the market. Its shares sank 14% in Sydney.'),
  report('nvk-3', 'Asia Metals Digest', 5, 'Australian miner Norvik (NVK.AX) suspends Tallow Creek mine, spodumene supply to shrink',
    'Norvik Lithium said the Tallow Creek mine will stop production and enter care and maintenance, the latest Australian hard-rock mine to close on low prices. Annual output is about 180,000 tons of spodumene concentrate.'),
];
const norvikMatch = [matched(['NVK.AX'], [nvkQty]), matched(['NVK.AX'], [nvkQty, nvkMove]), matched(['NVK.AX'], [nvkQty])];

const kemerton = report('alb-kem', 'Wire Desk', 0, 'Albemarle halts a train at Kemerton lithium hydroxide plant in Western Australia',
  'Albemarle (NYSE: ALB) said it will suspend one processing train at its Kemerton hydroxide plant south of Perth and cut its workforce there, citing low lithium prices. The train has capacity of 25,000 tonnes a year.');
const kemertonMatch = matched(['ALB'], [{ kind: 'quantity', value: 25000, unit: 't', per: 'year', what: 'train capacity' }]);

describe('story grouping', () => {
  it('groups one event from three outlets into one story, members in arrival order', () => {
    const clock = manualClock(6);
    const g = createStoryGrouper({ clock, tickers: TICKERS });
    const out = norvik.map((it, i) => g.assign(it, norvikMatch[i]!));
    expect(out.map((a) => a.isNew)).toEqual([true, false, false]);
    expect(new Set(out.map((a) => a.storyId)).size).toBe(1);
    const story = g.get(out[0]!.storyId)!;
    expect(story.members.map((m) => [m.itemId, m.source, m.link])).toEqual([
      ['nvk-1', 'ASX Filings', 'https://nvk-1.example.com/story'],
      ['nvk-2', 'Wire Desk', 'https://nvk-2.example.com/story'],
      ['nvk-3', 'Asia Metals Digest', 'https://nvk-3.example.com/story'],
    ]);
    expect(story.firstAt).toBe('2026-03-02T08:00:00.000Z');
    expect(story.lastAt).toBe('2026-03-02T13:00:00.000Z');
    expect(out[1]!.reasons).toContain('same companies: NVK.AX');
    expect(out[1]!.reasons).toContain('same site: creek tallow');
    expect(out[1]!.score).toBeGreaterThanOrEqual(0.55);
    expect(story.signature).toMatchObject({ tickers: ['NVK.AX'], eventTypes: ['halt'], regions: ['au', 'wa'], sites: ['creek', 'tallow'] });
    expect(story.signature.minhash).toHaveLength(128);
  });

  it('keeps two different Albemarle events apart: a Kemerton halt and a quarterly earnings beat', () => {
    const g = createStoryGrouper({ clock: manualClock(4), tickers: TICKERS });
    const first = g.assign(kemerton, kemertonMatch);
    const earnings = report('alb-q4', 'Markets Wire', 3, 'Albemarle fourth-quarter profit beats estimates, shares rise 6%',
      'Albemarle Corp (NYSE: ALB) reported fourth-quarter net income of $310 million on revenue of $1.4 billion, ahead of analyst forecasts, and kept its full-year guidance. Lithium volumes rose from a year earlier.');
    const second = g.assign(earnings, matched(['ALB'], [
      { kind: 'money', value: 310_000_000, currency: 'USD', what: 'Q4 net income' },
      { kind: 'move', symbol: 'ALB', pct: 6 },
    ]));
    expect(second.isNew).toBe(true);
    expect(second.storyId).not.toBe(first.storyId);
    expect(second.relatedTo).toBeUndefined();
    expect(second.reasons).toContain('different event types: halt vs earnings');
    expect(g.snapshot()).toHaveLength(2);
  });

  it('opens a new story once the window has closed, and prunes the old one', () => {
    const clock = manualClock(0);
    const g = createStoryGrouper({ clock, tickers: TICKERS, windowMs: DEFAULT_WINDOW_MS });
    const first = g.assign(norvik[0]!, norvikMatch[0]!);
    // 47 h after the first report: still the same story.
    clock.set(47);
    const late = { ...norvik[1]!, published: new Date(Date.parse(norvik[0]!.published!) + 47 * 3_600_000).toISOString() };
    expect(g.assign(late, norvikMatch[1]!)).toMatchObject({ storyId: first.storyId, isNew: false });
    // 49 h after it: the story has expired, the same wording starts a new one.
    clock.set(49);
    const later = { ...norvik[2]!, published: new Date(Date.parse(norvik[0]!.published!) + 49 * 3_600_000).toISOString() };
    const third = g.assign(later, norvikMatch[2]!);
    expect(third.isNew).toBe(true);
    expect(third.storyId).not.toBe(first.storyId);
    expect(third.reasons).toEqual(['no open story']);
    expect(g.get(first.storyId)).toBeUndefined();
    expect(g.snapshot().map((s) => s.id)).toEqual([third.storyId]);
  });

  it('reports a figure the story lacked in newFigures, and merges it into the story once', () => {
    const g = createStoryGrouper({ clock: manualClock(6), tickers: TICKERS });
    const a = g.assign(norvik[0]!, norvikMatch[0]!);
    expect(a.newFigures).toEqual([nvkQty]);
    const b = g.assign(norvik[1]!, norvikMatch[1]!);
    expect(b.newFigures).toEqual([nvkMove]);
    // 181,000 t is the same figure rounded differently by another outlet: nothing new.
    const c = g.assign(norvik[2]!, matched(['NVK.AX'], [{ ...nvkQty, value: 181000 }]));
    expect(c.newFigures).toEqual([]);
    expect(g.get(a.storyId)!.figures).toEqual([nvkQty, nvkMove]);
  });

  it('makes a second mine shut at the same company a new story related to the first', () => {
    const g = createStoryGrouper({ clock: manualClock(8), tickers: TICKERS });
    const first = g.assign(kemerton, kemertonMatch);
    const silverPeak = report('alb-sp', 'Wire Desk', 6, 'Albemarle halts Silver Peak brine operation in Nevada',
      'Albemarle (NYSE: ALB) will suspend production at its Silver Peak lithium brine operation in Nevada, the second site it has idled this week after low lithium prices. Silver Peak makes about 5,000 tonnes a year of lithium carbonate.');
    const second = g.assign(silverPeak, matched(['ALB'], [{ kind: 'quantity', value: 5000, unit: 't', per: 'year', what: 'lithium carbonate output' }]));
    expect(second.isNew).toBe(true);
    expect(second.relatedTo).toBe(first.storyId);
    expect(second.reasons[0]).toBe('new development: a different site');
    expect(g.get(second.storyId)!.relatedTo).toBe(first.storyId);
  });

  it('makes a figure that contradicts the story a new, related story', () => {
    const g = createStoryGrouper({ clock: manualClock(8), tickers: TICKERS });
    const cut = (n: number): Figure => ({ kind: 'quantity', value: n, unit: 't', per: 'month', what: 'supply reduction' });
    const first = g.assign(report('c-1', 'Wire Desk', 0, 'Norvik to cut Tallow Creek output by 6,000 tonnes a month',
      'Norvik Lithium (ASX: NVK) will curtail output at its Tallow Creek mine, reducing supply by 6,000 tonnes a month of spodumene concentrate.'), matched(['NVK.AX'], [cut(6000)]));
    const second = g.assign(report('c-2', 'Wire Desk', 7, 'Norvik deepens Tallow Creek output cut to 10,000 tonnes a month',
      'Norvik Lithium (ASX: NVK) will curtail output at its Tallow Creek mine further, reducing supply by 10,000 tonnes a month of spodumene concentrate.'), matched(['NVK.AX'], [cut(10000)]));
    expect(second).toMatchObject({ isNew: true, relatedTo: first.storyId, newFigures: [cut(10000)] });
    expect(second.reasons[0]).toBe('new development: a figure that differs (supply reduction 10000 t/month)');
  });

  it('keeps a halt and a restart at the same site apart', () => {
    const g = createStoryGrouper({ clock: manualClock(30), tickers: TICKERS });
    const halt = g.assign(report('v-1', 'Andes Desk', 0, "Province suspends Laguna Rosa brine project's water permit",
      'Authorities suspended the water-use permit of the Laguna Rosa lithium brine project in Salta, Argentina, halting pumping at its ponds.'), matched(['RSA.V']));
    const restart = g.assign(report('v-2', 'Andes Desk', 26, "Laguna Rosa brine project's water permit restored; pumping to resume",
      'Authorities reinstated the water-use permit of the Laguna Rosa lithium brine project in Salta, Argentina, so pumping at its ponds can resume.'), matched(['RSA.V']));
    expect(restart.isNew).toBe(true);
    expect(restart.storyId).not.toBe(halt.storyId);
    expect(restart.relatedTo).toBe(halt.storyId);
    expect(restart.reasons[0]).toBe('new development: the opposite act');
    expect(restart.reasons).toContain('opposite event types: halt/permit vs restart/permit');
  });

  it('keeps two daily market wraps apart, but joins two reports of one price jump that share its figures', () => {
    const g = createStoryGrouper({ clock: manualClock(30), tickers: TICKERS });
    const price = (v: number): Figure => ({ kind: 'price', value: v, currency: 'CNY', per: 't', what: 'lithium carbonate spot' });
    const mon = g.assign(report('w-1', 'Metals Wrap', 0, 'Lithium carbonate prices edge lower in China',
      'Spot battery-grade lithium carbonate in China eased to 74,500 yuan a tonne as buyers stayed cautious.'), matched([], [price(74500)]));
    const tue = g.assign(report('w-2', 'Metals Wrap', 24, 'Lithium carbonate prices slip again in China',
      'Spot battery-grade lithium carbonate in China eased to 73,800 yuan a tonne with buyers cautious ahead of the holiday.'), matched([], [price(73800)]));
    expect(tue.isNew).toBe(true);
    expect(tue.storyId).not.toBe(mon.storyId);
    expect(tue.reasons).toContain('no shared company, site or figure');
    const sameJump = g.assign(report('w-3', 'Asia Desk', 26, 'China spot lithium carbonate down to 73,800 yuan',
      'Battery-grade lithium carbonate prices in China fell to 73,800 yuan per tonne on Tuesday.'), matched([], [price(73800)]));
    expect(sameJump).toMatchObject({ storyId: tue.storyId, isNew: false });
  });

  it('treats other listings of one company as the same company (PILBF and PLS.AX)', () => {
    const g = createStoryGrouper({ clock: manualClock(3), tickers: TICKERS });
    const a = g.assign(report('p-1', 'Wire Desk', 0, 'Pilbara Minerals halts Ngungaju plant', 'Pilbara Minerals (ASX: PLS) will halt its Ngungaju processing plant and place it on care and maintenance.'), matched(['PLS.AX']));
    const b = g.assign(report('p-2', 'Cashtag Feed', 1, '$PILBF Ngungaju plant halted', 'Pilbara puts the Ngungaju plant on care and maintenance; $PILBF down premarket.'), matched(['PILBF']));
    expect(b).toMatchObject({ storyId: a.storyId, isNew: false });
    expect(b.reasons).toContain('same companies: PLS.AX');
  });

  it('answers a report it has already placed (same id or link) with its story and no new figures', () => {
    const g = createStoryGrouper({ clock: manualClock(6), tickers: TICKERS });
    const a = g.assign(norvik[0]!, norvikMatch[0]!);
    const again = g.assign({ ...norvik[0]!, feedId: 'mirror' }, norvikMatch[0]!);
    expect(again).toMatchObject({ storyId: a.storyId, isNew: false, score: 1, reasons: ['already in this story'], newFigures: [], relatedTo: undefined });
    expect(again.story.members.map((m) => m.itemId)).toEqual(['nvk-1']);
    expect(g.get(a.storyId)!.members).toHaveLength(1);
  });

  it('restores stories from a JSON snapshot and keeps grouping into them', () => {
    const clock = manualClock(6);
    const g1 = createStoryGrouper({ clock, tickers: TICKERS });
    const first = g1.assign(norvik[0]!, norvikMatch[0]!);
    const saved = JSON.parse(JSON.stringify(g1.snapshot())) as ReturnType<typeof g1.snapshot>;
    const g2 = createStoryGrouper({ clock, tickers: TICKERS, stories: saved });
    expect(g2.assign(norvik[1]!, norvikMatch[1]!)).toMatchObject({ storyId: first.storyId, isNew: false });
    expect(g2.get(first.storyId)!.members.map((m) => m.itemId)).toEqual(['nvk-1', 'nvk-2']);
    // The first grouper is untouched by the second.
    expect(g1.get(first.storyId)!.members).toHaveLength(1);
  });

  it('places an undated or future-dated report at the clock time', () => {
    const clock = manualClock(100);
    const g = createStoryGrouper({ clock, tickers: TICKERS });
    const a = g.assign({ ...norvik[0]!, published: undefined }, norvikMatch[0]!);
    const b = g.assign({ ...norvik[1]!, published: '2030-01-01T00:00:00Z' }, norvikMatch[1]!);
    expect(b).toMatchObject({ storyId: a.storyId, isNew: false });
    expect(g.get(a.storyId)!.members.map((m) => m.at)).toEqual(['2026-03-06T12:00:00.000Z', '2026-03-06T12:00:00.000Z']);
  });
});

describe('story update view', () => {
  it('lists the other outlets once each, with links, and the merged figures', () => {
    const g = createStoryGrouper({ clock: manualClock(6), tickers: TICKERS });
    g.assign(norvik[0]!, norvikMatch[0]!);
    g.assign(norvik[1]!, norvikMatch[1]!);
    // The same outlet again (another feed of it) does not add a second "also reported by".
    const last = g.assign({ ...norvik[2]!, source: 'Wire Desk' }, norvikMatch[2]!);
    const view = storyUpdateView(last.story);
    expect(view.alsoReportedBy).toEqual([
      { source: 'Wire Desk', title: norvik[1]!.title, url: 'https://nvk-2.example.com/story', at: '2026-03-02T10:00:00.000Z' },
    ]);
    expect(view.figures).toEqual([nvkQty, nvkMove]);
    expect(last.story.members).toHaveLength(3);
  });
});
