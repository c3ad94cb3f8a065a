/**
 * Supply framings that a second blind set showed missing or misread, as categories of how news is written:
 * suspension nouns, plants opening or sited, stated capacity rates, water rulings and royalties, investment
 * decisions and DLE/pilot plants, inventory reports and market balance; and non-supply uses of lithium (glass,
 * optics, medicine, sodium-ion substitution, cathode and battery plants). Invented sentences, exact outputs.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const verdict = (title: string, summary = ''): [boolean, string] => {
  const r = run(title, summary);
  return [r.lithiumSupply, r.why[0] ?? ''];
};

describe('supply stopped, written as a noun or a state', () => {
  it.each([
    ['Vexa Lithium confirms suspension of its Roca spodumene mine', '', 'supply: suspend + spodumene mine'],
    ['Tallow Creek puts lithium hydroxide refinery expansion on hold', '', 'supply: expand/suspend + lithium hydroxide refinery'],
    ['Spodumene plant stoppage cost the industry 3,000 tonnes', '', 'supply: suspend + spodumene plant'],
    ['Sigma Lithium halves spodumene production on weak prices', '', 'supply: cut + spodumene production'],
    ['Lithium mine back online after flood', 'Vexa Lithium said the Roca lithium mine is back online after floodwater was pumped out.', 'supply: restart + lithium mine'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it.each([
    ['Vexa Lithium requests suspension of trading pending capital raise', 'Vexa Lithium asked the exchange for a suspension of trading in its shares until it announces a placement.', 'no supply: no supply action'],
    ['Copper smelter suspension extends into third week', 'The suspension at the copper smelter, the largest in the region, has cut cathode output.', 'no supply: not about lithium'],
  ])('not a lithium stoppage: %s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
});

describe('a plant that opens, is sited, funded or designed for a capacity', () => {
  it.each([
    ['Lithium processing plant opens in Ghana', 'A lithium processing plant near Ewoyaa has begun operations with capacity to treat 3,000 tonnes of ore a day.', 'supply: start/guidance + lithium'],
    ['Vexa Lithium selects site for Nevada lithium hydroxide plant', '', 'supply: start + lithium hydroxide plant'],
    ['Vexa Lithium lines up funding for Roca project', 'Lenders committed US$900 million to phase one of the Roca lithium project, designed to produce 30,000 tonnes a year of lithium carbonate.', 'supply: expand/guidance + lithium project'],
    ['Tallow Creek takes final investment decision on spodumene concentrator', '', 'supply: expand + spodumene'],
    ['Vexa Lithium reaches financial close on DLE plant', '', 'supply: expand + dle plant'],
    ['Vexa Lithium pilot plant produces battery-grade carbonate', '', 'supply: plant/output + battery grade carbonate'],
    ['Tallow Creek doubles spodumene output', '', 'supply: grow/output + spodumene output'],
    ['Chile deal extends Atacama lithium output to 2060', '', 'supply: grow/output + atacama'],
    ['Spodumene shipments from Port Hedland rose 12% in October', '', 'supply: output + spodumene'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it.each([
    // A plant word or a rate alone stays under the threshold: research centres, lab recoveries, demand forecasts.
    ['Albemarle opens new research centre in Charlotte', 'Albemarle opened a lithium innovation centre focused on next-generation battery materials.', 'no supply: weak (plant + lithium)'],
    ['Startup pilot plant recovers 95% of lithium from clay', 'The company said its pilot plant recovered 95% of the lithium in clay feed in lab trials.', 'no supply: weak (plant + lithium)'],
    ['Lithium demand to hit 3 million tonnes LCE a year by 2030', 'A consultancy said electric vehicle sales would lift demand for lithium chemicals.', 'no supply: weak (rate + lce)'],
    // Plants that consume lithium or replace it.
    ['Tesla starts operations at Texas cathode plant', 'Tesla began operations at its cathode facility near Austin, which uses lithium from its refinery.', 'no supply: about battery making'],
    ['Sodium-ion battery plant opens in Anhui', 'The factory opens with capacity of 10 GWh and will reduce carmakers reliance on lithium.', 'no supply: not about lithium'],
  ])('not a supply story: %s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
});

describe('rulings, water, royalties, reserve checks', () => {
  it.each([
    ['Court caps brine pumping at Salar de Oro', 'A court ruling restricts how much brine Vexa Lithium may pump from its lithium project, capping extraction until a water study is done.', 'supply: approve/restrict + lithium project'],
    ['Western Australia raises lithium royalty rate', 'The state will lift the royalty rate on spodumene concentrate to 7.5% from July.', 'supply: policy + lithium'],
    ['Yichun lepidolite miners told to redo reserve reports', '', 'supply: permit + yichun'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it.each([
    ['Royalty company buys lithium royalty', 'A streaming company acquired a 1% gross revenue royalty on a Brazilian lithium project for C$10 million.', 'no supply: weak (approve + lithium)'],
    ['New rules restrict lithium battery imports', 'Regulators will restrict imports of lithium batteries for e-bikes after a string of fires.', 'no supply: not about lithium'],
  ])('not a supply story: %s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
});

describe('exploration is not supply', () => {
  it.each([
    ['Patriot commences drilling at Corvette lithium project', ''],
    ['Explorer completes first phase of drilling at Nevada lithium claims', ''],
  ])('%s', (title, summary) => {
    expect(verdict(title, summary)).toEqual([false, 'no supply: no supply action']);
  });

  it('but a mine that commences production is', () => {
    expect(verdict('Vexa Lithium commences production at Roca', 'The Roca spodumene mine commenced production on schedule.')).toEqual([true, 'supply: start + spodumene mine']);
  });
});

describe('inventories and market balance', () => {
  it.each([
    ['GFEX lithium carbonate warehouse receipts fall to record low', '', 'supply: inventory + lithium carbonate'],
    ['Lithium carbonate futures jump on supply concerns', 'Prices rose 5% after reports of mine inspections in Yichun.', 'supply: output/approve + yichun'],
    ['China lithium carbonate stocks held by smelters fall again', '', 'supply: inventory + lithium carbonate stocks'],
    ['Bank sees lithium market in surplus until 2028', '', 'supply: balance + lithium market'],
    ['China targets excess capacity in lithium salt plants', '', 'supply: balance + lithium salt plants'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });
});

describe('lithium in glass, optics and medicine is not lithium supply', () => {
  it.each([
    ['Schott expands lithium aluminosilicate glass capacity', 'Schott will expand production of lithium aluminosilicate glass-ceramic at its Mainz plant.', 'no supply: not about lithium'],
    ['Lithium niobate chip maker doubles capacity', 'The company will double output of lithium niobate modulators for data centres.', 'no supply: not about lithium'],
    ['Hospitals report lithium capsule shortage', 'Pharmacists said lithium carbonate capsules for bipolar disorder are in short supply after a maker halted production.', 'no supply: not about lithium'],
    // A direction word further on in the sentence is about something else (sales, prices).
    ['Vexa Lithium quarterly result', 'Net sales more than doubled to $2.09 billion on higher lithium pricing.', 'no supply: weak (grow + lithium)'],
    ['Chilean miner iodine output hits record', 'The company lifted iodine production 10% as lithium prices fell.', 'no supply: about iodine'],
    ['Salt miner cuts rock salt output', 'Compass Minerals will cut rock salt production at its Goderich mine by 20%.', 'no supply: not about lithium'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
});

describe('figures written at a distance', () => {
  it('a cut "by X%" with the plant and its place between verb and number is a change', () => {
    const r = run('Probe', 'Kestrel Potash will cut production at its Tarrow plant in Saskatchewan by 33% after prices fell.');
    expect(r.figures).toEqual([{ kind: 'change', pct: -33, what: 'tarrow plant saskatchewan' }]);
  });

  it('"by X%" does not reach back across a clause', () => {
    const r = run('Probe', 'Kestrel raised prices, and the Tarrow potash plant in Saskatchewan ran since March by 33%.');
    expect(r.figures).toEqual([]);
  });

  it('material stocks that fell are a change of inventories, not a share move', () => {
    const r = run('Probe', 'Lithium carbonate stocks held by smelters and traders fell 2.4% week-on-week to 120,000 tonnes.');
    expect(r.figures.map((f) => (f.kind === 'change' ? [f.kind, f.pct] : [f.kind]))).toEqual([['change', -2.4], ['quantity']]);
  });

  it('equity "lithium stocks" stay a share move', () => {
    const r = run('Probe', 'Vexa Lithium (NYSE: VXL) said lithium stocks fell 3% on Tuesday.');
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'VXL', pct: -3 }]);
  });

  it.each([
    ['Vexa Lithium (NYSE: VXL), whose Roca brine operation sits on the salar, fell 6.3% in New York.', 'VXL', -6.3],
    ['Sociedad Quimica y Minera, which runs the largest brine operation in Chile, rose 4.1%.', 'SQM', 4.1],
    ["Albemarle, the world's largest lithium producer, fell 4.2% in New York.", 'ALB', -4.2],
    ["Pilbara Minerals (ASX: PLS), Australia's biggest independent lithium miner, rose 6.1%.", 'PLS.AX', 6.1],
  ] as const)('a company described between commas still owns its move: %s', (summary, symbol, pct) => {
    expect(run('Probe', summary).figures).toEqual([{ kind: 'move', symbol, pct }]);
  });

  it('"which" right after a company stands for it; the output change after it stays a change', () => {
    const r = run('Probe', 'Albemarle, which fell 3% on Monday, said output rose 5%.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'ALB', pct: -3 },
      { kind: 'change', pct: 5, what: 'output' },
    ]);
  });

  it('a company described between commas does not own a change its sentence says of output', () => {
    const r = run('Probe', 'Albemarle, which owns a stake in Greenbushes, said output at the mine fell 5%.');
    expect(r.figures).toEqual([{ kind: 'change', pct: -5, what: 'output at mine' }]);
  });

  it('an amount lost to a stoppage is a one-off, not the rate of the capacity before it', () => {
    const r = run('Probe', 'The stoppage idled 20,000 tpa of capacity and cost the industry about 4,000 tonnes of output.');
    expect(r.figures).toEqual([
      { kind: 'quantity', value: 20000, unit: 't', per: 'year', what: 'capacity' },
      { kind: 'quantity', value: 4000, unit: 't', per: null, what: 'output' },
    ]);
  });

  it('two capacities in one sentence still share the year', () => {
    const r = run('Probe', 'The plant has 20,000 tpa of hydroxide capacity and 10,000 tonnes of carbonate capacity.');
    expect(r.figures.map((f) => (f.kind === 'quantity' ? [f.value, f.per] : []))).toEqual([[20000, 'year'], [10000, 'year']]);
  });
});

describe('company names in English', () => {
  it("SQM's English name is SQM", () => {
    const r = run('Chemical and Mining Company of Chile lifts lithium output', 'The Chemical and Mining Company of Chile said lithium production rose 12%.');
    expect([r.tickers, r.lithiumSupply]).toEqual([['SQM'], true]);
  });
});

describe('buyers, not producers', () => {
  it.each([
    ['Lithium prices weaken', 'Lithium carbonate prices in China fell to US$9,000 a tonne as battery makers delayed purchases amid slowing EV sales.'],
    ['Lithium prices weaken', 'Spot spodumene eased as Chinese converters deferred purchases, slowing buying ahead of the holiday.'],
  ])('delayed or cut buying is demand: %s', (title, summary) => {
    expect(verdict(title, summary)[0]).toBe(false);
  });

  it('a producer cutting output while buyers hold back is still supply', () => {
    expect(verdict('Vexa Lithium cuts spodumene output as buyers delay purchases')[0]).toBe(true);
  });
});

describe('supply words used as labels', () => {
  it.each([
    ['Lithium stocks jump', 'Australian lithium mining stocks surged on Thursday as carbonate futures rose 4% in Beijing.'],
    ['Sector rotation', 'The lithium battery and lithium mining sectors rose in tandem on Wednesday.'],
    ['Ganfeng half-year', 'Ganfeng Lithium reported revenue down 12% year-on-year, citing lower lithium product prices.'],
  ])('%s: a sector label or product prices are not a supply fact', (title, summary) => {
    expect(verdict(title, summary)[0]).toBe(false);
  });

  it('the same words as activities still are', () => {
    expect(verdict('Lithium mining output fell 14% in the quarter')[0]).toBe(true);
    expect(verdict('Vexa Lithium says spodumene production rose 20%')[0]).toBe(true);
  });
});

describe('production reports', () => {
  it.each([
    ['Quarterly Activities Report', 'The Roca operation produced a record 52,300 dmt of spodumene concentrate, up 15% QoQ.'],
    ['Quarterly update', 'Vexa Lithium produced 95,000 dmt of SC6 concentrate, down 8% on the previous quarter.'],
  ])('a tonnage between the verb and its change does not hide the change: %s', (title, summary) => {
    expect(verdict(title, summary)[0]).toBe(true);
  });

  it('a money amount between a verb and a direction word is not skipped', () => {
    expect(verdict('Albemarle profit jumps', 'Albemarle net sales more than doubled to $2.09 billion on higher lithium pricing.')[0]).toBe(false);
  });
});

describe('trading halts', () => {
  it.each([
    ['Tianqi Lithium H shares halted', 'Trading in its H shares on the exchange will be halted from 9:00 a.m. today pending the release of an announcement relating to inside information.'],
    ['Vexa Lithium requests trading halt', 'Vexa Lithium asked for a trading halt pending an announcement about its Roca lithium mine.'],
  ])('a halt of the listing, wherever the phrase stands: %s', (title, summary) => {
    expect(verdict(title, summary)[0]).toBe(false);
  });

  it('a mine halt in its own sentence next to a trading halt is still supply', () => {
    expect(verdict('Vexa Lithium suspends mining at Roca', 'Vexa Lithium suspended mining at its Roca lithium mine. Its shares were placed in a trading halt.')[0]).toBe(true);
  });
});

describe('demand and futures', () => {
  it.each([
    ['Lithium sector gains', 'Institutions said energy storage cell shipments rose 65% year-on-year, lifting expectations for lithium demand.'],
    ['HK wrap', 'Ganfeng Lithium rose 3.6% as lithium carbonate futures extended their rally.'],
  ])('%s: demand and paper markets are not supply', (title, summary) => {
    expect(verdict(title, summary)[0]).toBe(false);
  });

  it('a supply fact next to futures is still one', () => {
    expect(verdict('Lithium carbonate futures jump as CATL halts Jianxiawo lithium mine')[0]).toBe(true);
  });
});
