/** Reports of one event in other words and from other outlets: outlet tails, places for company-less acts, rates. */
import { describe, expect, it } from 'vitest';
import { createStoryGrouper } from '../../src/core/stories.js';
import { withoutOutlet } from '../../src/core/stories/headline.js';
import { sameFigure } from '../../src/core/stories/figures.js';
import type { Figure, NewsItem } from '../../src/core/types.js';
import { matcher, tickers } from '../match/helpers.js';

function place(items: Array<Pick<NewsItem, 'id' | 'title' | 'summary' | 'source' | 'published'>>): string[] {
  const grouper = createStoryGrouper({ tickers, clock: { now: () => new Date('2026-03-02T00:00:00Z') } });
  return items.map((it) => grouper.assign({ feedId: it.source ?? 'f', ...it }, matcher.match({ title: it.title, summary: it.summary })).storyId);
}

describe('withoutOutlet', () => {
  it('drops a short outlet or attribution tail, keeps a headline second half', () => {
    expect(withoutOutlet('Albemarle idles Kemerton lithium train - Reuters')).toBe('Albemarle idles Kemerton lithium train');
    expect(withoutOutlet('Zimbabwe bans raw lithium ore exports - The Mining Journal Online', 'The Mining Journal Online')).toBe('Zimbabwe bans raw lithium ore exports');
    expect(withoutOutlet('Lithium miners rally as CATL weighs mine suspensions - Citi', undefined, 'Citi analysts said supply would tighten.')).toBe('Lithium miners rally as CATL weighs mine suspensions');
    const bilingual = "天齐锂业张家港产线恢复满产 - Tianqi's Zhangjiagang hydroxide line back at full rates";
    expect(withoutOutlet(bilingual)).toBe(bilingual);
    expect(withoutOutlet('Prices fall 5% - 10% lower')).toBe('Prices fall 5% - 10% lower');
    // A match, a column name: the tail is the headline, not who reported it.
    expect(withoutOutlet('LIVESTREAM FC Utrecht - Cercle Brugge')).toBe('LIVESTREAM FC Utrecht - Cercle Brugge');
    expect(withoutOutlet('每日一博 | 探秘 ThreadLocal 的实现机制与小地雷')).toBe('每日一博 | 探秘 ThreadLocal 的实现机制与小地雷');
    expect(withoutOutlet('Spirit and Frontier Airlines throw out merger agreement - The Verge')).toBe('Spirit and Frontier Airlines throw out merger agreement');
    expect(withoutOutlet('Strike idles two lines at Salar del Carmen plant - union')).toBe('Strike idles two lines at Salar del Carmen plant');
  });
});

describe('same rate over two periods', () => {
  it('reads 20,000 t a year and 1,700 t a month as one figure, 20,000 a year and 2,500 a month as two', () => {
    const q = (value: number, per: 'year' | 'month'): Figure => ({ kind: 'quantity', value, unit: 't', per, what: 'x' });
    expect(sameFigure(q(20000, 'year'), q(1700, 'month'))).toBe(true);
    expect(sameFigure(q(20000, 'year'), q(2500, 'month'))).toBe(false);
  });
});

describe('company-less acts tied by place', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 2, 1, h)).toISOString();
  it('joins two outlets on one country ban, not a ban on another commodity in the same country', () => {
    const [a, b, c] = place([
      { id: 'a', source: 'Wire One', published: at(0), title: 'Ghana suspends export permits for raw lithium ore - Wire One', summary: 'The Minerals Commission suspended all export permits for unprocessed lithium ore for 90 days.' },
      { id: 'b', source: 'Pricing Desk', published: at(20), title: 'SC6 jumps as Ghana freezes raw lithium ore exports', summary: 'Spodumene prices rose after Ghana halted exports of unprocessed lithium ore, traders said.' },
      { id: 'c', source: 'Gold Daily', published: at(22), title: 'Ghana bans exports of unrefined gold by small miners', summary: 'The government said small-scale gold miners must sell to the state buyer.' },
    ]);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('joins a county halt reported as a notice and as a halt', () => {
    const [a, b] = place([
      { id: 'a', source: 'Portal', published: at(0), title: 'Yifeng county lepidolite plants receive rectification notice', summary: 'Several lepidolite beneficiation plants in Yifeng County, Yichun City stopped production from today.' },
      { id: 'b', source: 'Markets', published: at(10), title: 'Lepidolite processors halted in Yifeng as inspectors move in', summary: 'Inspectors shut lepidolite processing plants in Jiangxi, sources said.' },
    ]);
    expect(b).toBe(a);
  });
});

describe('shared proper names', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 2, 1, h)).toISOString();
  it('joins a company release and a local paper on the same town and act, not the same act in another town', () => {
    const [a, b, c] = place([
      { id: 'a', source: 'Wire', published: at(0), title: 'Albemarle to halt Kemerton lithium hydroxide output', summary: 'Albemarle said it would stop production near Bunbury and cut jobs at the converter.' },
      { id: 'b', source: 'Bunbury Herald', published: at(9), title: 'Bunbury workers fear for jobs as lithium output halt looms', summary: 'Staff near Bunbury were told the converter would stop production in March, the union said.' },
      { id: 'c', source: 'Goldfields Post', published: at(12), title: 'Kalgoorlie crews stood down as lithium pit halts', summary: 'About 200 contractors near Kalgoorlie lost shifts after the spodumene operation paused digging.' },
    ]);
    expect(b).toBe(a);
    expect(c).not.toBe(b);
  });
});

describe('proper names in the comparison', () => {
  it('counts a town both name, not sentence openers or trade words', async () => {
    const { buildSignature, compare } = await import('../../src/core/stories/signature.js');
    const { signatureContext } = await import('../../src/core/stories.js');
    const ctx = signatureContext(tickers);
    const sig = (title: string, summary: string) => buildSignature({ title, summary }, matcher.match({ title, summary }), ctx);
    const a = sig('Lithium pit halts after heavy rain', 'Traders said digging stopped at the pit near Itinga after floods, Spodumene buyers were told.');
    const b = sig('Lithium mine halts as floods cut roads', 'Mine crews near Itinga were sent home as the pit flooded.');
    expect(a.names).toEqual(['itinga']);
    const cmp = compare(a, b);
    expect(cmp.reasons).toContain('shared names: itinga');
  });
});
