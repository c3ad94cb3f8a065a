/**
 * A busy two days of invented lithium news: several companies with more than one event each inside the window,
 * so the grouper has to tell events apart by what happened and where, not by who and when.
 */
import { describe, expect, it } from 'vitest';
import { evalGrouping, type LabelledItem } from '../../scripts/eval-grouping.js';
import type { Figure } from '../../src/core/types.js';

const t = (hours: number): string => new Date(Date.UTC(2026, 4, 11, 6) + hours * 3_600_000).toISOString();
const q = (value: number, per: 'year' | 'month', what: string): Figure => ({ kind: 'quantity', value, unit: 't', per, what });

function item(id: string, hours: number, source: string, title: string, summary: string, tickers: string[], figures: Figure[], event?: string): LabelledItem {
  return { id, published: t(hours), source, title, summary, tickers, figures, link: `https://news.example.com/${id}`, ...(event ? { event } : {}) };
}

const STREAM: LabelledItem[] = [
  item('s01', 0, 'ASX Filings', 'NVK: Tallow Creek operation to move to care and maintenance',
    'Norvik Lithium Limited (ASX: NVK) advises that the Tallow Creek Lithium Operation will be placed on care and maintenance from 30 June. Tallow Creek produced about 180,000 tonnes of spodumene concentrate a year.',
    ['NVK.AX'], [q(180000, 'year', 'spodumene concentrate output')], 'nvk-halt'),
  item('s02', 1, 'Wire Desk', 'Norvik to mothball Tallow Creek lithium mine; shares slump 15%',
    'Norvik Lithium will halt its Tallow Creek spodumene mine in Western Australia, removing roughly 180,000 t a year of concentrate. Shares slumped 15% in Sydney.',
    ['NVK.AX'], [q(180000, 'year', 'concentrate removed'), { kind: 'move', symbol: 'NVK.AX', pct: -15 }], 'nvk-halt'),
  item('s03', 3, 'Albemarle Newsroom', 'Albemarle to idle a train at Kemerton hydroxide plant',
    'Albemarle Corporation (NYSE: ALB) will suspend one of the processing trains at its Kemerton lithium hydroxide plant in Western Australia because of low prices.',
    ['ALB'], [], 'alb-kemerton'),
  item('s04', 4, 'Asia Metals Digest', 'Australian miner Norvik (NVK.AX) suspends Tallow Creek mine, spodumene supply to shrink',
    'Norvik Lithium said Tallow Creek will stop production and enter care and maintenance; annual output is about 180,000 tons of spodumene concentrate.',
    ['NVK.AX'], [q(180000, 'year', 'spodumene concentrate output')], 'nvk-halt'),
  item('s05', 5, 'Wire Desk', 'Albemarle halts Kemerton train as lithium slump bites',
    'Albemarle said it is halting a processing train at Kemerton, south of Perth, and cutting jobs there, as lithium hydroxide prices sit near four-year lows.',
    ['ALB'], [], 'alb-kemerton'),
  item('s06', 6, 'Futures Desk', 'Lithium carbonate futures jump 8% in Guangzhou on supply cuts',
    'The most-active lithium carbonate contract on the Guangzhou Futures Exchange rose 8% to 78,000 yuan a tonne as traders priced in Australian mine closures.',
    [], [{ kind: 'change', pct: 8, what: 'lithium carbonate futures' }, { kind: 'price', value: 78000, currency: 'CNY', per: 't', what: 'lithium carbonate futures' }], 'gfex-jump'),
  item('s07', 8, 'Markets Wire', 'Norvik Lithium swings to quarterly loss on impairment',
    'Norvik Lithium (ASX: NVK) reported a March-quarter net loss of A$64 million after writing down Tallow Creek, and cut its full-year guidance.',
    ['NVK.AX'], [{ kind: 'money', value: 64_000_000, currency: 'AUD', what: 'quarterly net loss' }]),
  item('s08', 9, 'Caixin-style Digest', 'China lithium carbonate futures rise 8% to 78,000 yuan as mines shut',
    'Guangzhou lithium carbonate futures climbed 8% to 78,000 yuan per ton on Monday, the biggest daily gain in months, after several Australian spodumene mines announced closures.',
    [], [{ kind: 'change', pct: 8, what: 'lithium carbonate futures' }, { kind: 'price', value: 78000, currency: 'CNY', per: 't', what: 'lithium carbonate futures' }], 'gfex-jump'),
  item('s09', 12, 'Wire Desk', 'Albemarle to suspend Silver Peak brine operation in Nevada',
    'Albemarle (NYSE: ALB) will also halt production at its Silver Peak lithium brine operation in Nevada, a second site to be idled this week, removing about 5,000 tonnes a year of carbonate.',
    ['ALB'], [q(5000, 'year', 'lithium carbonate output')], 'alb-silver-peak'),
  item('s10', 13, 'Pilbara Post', 'Pilbara Minerals approves P2000 expansion at Pilgangoora',
    'Pilbara Minerals (ASX: PLS) approved the P2000 project to lift spodumene capacity at Pilgangoora to about 2 million tonnes a year, at a cost of A$1.1 billion.',
    ['PLS.AX'], [q(2_000_000, 'year', 'spodumene capacity'), { kind: 'money', value: 1_100_000_000, currency: 'AUD', what: 'expansion cost' }], 'pls-p2000'),
  item('s11', 14, 'Cashtag Feed', '$PILBF greenlights P2000, Pilgangoora to 2Mtpa',
    'Pilbara says P2000 is a go: A$1.1bn to take Pilgangoora to 2 million tpa of spodumene. $PILBF +4% premarket.',
    ['PILBF'], [q(2_000_000, 'year', 'spodumene capacity'), { kind: 'money', value: 1_100_000_000, currency: 'AUD', what: 'expansion cost' }, { kind: 'move', symbol: 'PILBF', pct: 4 }], 'pls-p2000'),
  item('s12', 15, 'Reuters-style wire', 'Albemarle idles Silver Peak, its second lithium site halted this week',
    'Albemarle said production at the Silver Peak brine site in Nevada will stop, following its decision to idle a Kemerton train in Australia. Silver Peak makes about 5,000 t a year of lithium carbonate.',
    ['ALB'], [q(5000, 'year', 'lithium carbonate output')], 'alb-silver-peak'),
  item('s13', 20, 'Andes Desk', 'Chile raises lithium royalty rates for new brine contracts',
    "Chile's government set higher royalty rates for new lithium brine contracts in the Atacama, a change that miners said would weigh on expansion plans.",
    [], []),
  item('s14', 26, 'Pilbara Post', 'Pilbara Minerals names new chief executive',
    'Pilbara Minerals (ASX: PLS) appointed its chief operating officer as chief executive, effective July 1, after the outgoing CEO announced his retirement.',
    ['PLS.AX'], []),
  item('s15', 30, 'Markets Wire', 'Albemarle says second-quarter sales will fall on lower prices',
    'Albemarle Corp (NYSE: ALB) lowered its second-quarter revenue guidance, saying lithium pricing remained weak, though it expects the Kemerton and Silver Peak actions to save costs.',
    ['ALB'], []),
  item('s16', 40, 'Wire Desk', 'Norvik shares rebound 6% after Tallow Creek closure',
    'Norvik Lithium shares rose 6% as investors welcomed the care and maintenance decision at Tallow Creek, which removes about 180,000 tonnes a year of spodumene concentrate.',
    ['NVK.AX'], [{ kind: 'move', symbol: 'NVK.AX', pct: 6 }, q(180000, 'year', 'spodumene concentrate output')], 'nvk-halt'),
];

describe('a busy two days of invented news', () => {
  it('groups each event and keeps same-company events apart', () => {
    const s = evalGrouping(STREAM, {
      tickers: [{ symbol: 'PLS.AX', name: 'Pilbara Minerals', aliases: [], listings: ['PILBF'] }, { symbol: 'ALB', name: 'Albemarle', aliases: [] }],
    });
    expect(s.falsePairs).toEqual([]);
    expect(s.missedPairs).toEqual([]);
    expect(s).toMatchObject({ precision: 1, recall: 1, truePairs: 6 + 1 + 1 + 1 + 1, stories: 9 });
    // Silver Peak is a development of the Kemerton story (same company, same act, another site); the new Pilbara
    // chief executive is not a development of the Pilbara expansion.
    expect(s.related).toEqual([['s09', 's03']]);
  });
});
