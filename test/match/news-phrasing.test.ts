/**
 * How financial news states figures and supply, beyond the dev set: periods of amounts, price limits, short
 * company names, commodity markets beside company moves, per-kWh prices, price targets, supply attributed to
 * cargoes, and a commodity named only to say it is spared. Invented sentences, exact expected outputs.
 */
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/core/types.js';
import { run } from './helpers.js';

const noWhat = (figs: readonly Figure[]): unknown[] =>
  figs.map((f) => {
    const { what: _w, ...rest } = f as Figure & { what?: string };
    return rest;
  });

describe('the period of an amount', () => {
  it.each([
    ['Kestrel Mining produced 42,000 wet metric tonnes of spodumene in fiscal 2025.', 42000, 'year'],
    ['The Tarrow mine produced about 61,000 tonnes of copper last financial year.', 61000, 'year'],
    ['Analysts now see a lithium surplus of 80,000 tonnes LCE next year.', 80000, 'year'],
    ['Beijing set the 2026 graphite export quota at 50,000 tonnes.', 50000, 'year'],
    ['Ministers cut the bauxite mining quota for 2027 to 30 million wet tonnes.', 30000000, 'year'],
    ['Brokers expect about 900,000 tonnes of Brazilian concentrate to reach China this year.', 900000, 'year'],
    ['The miner lowered its FY26 guidance and now expects about 410,000 dmt of concentrate.', 410000, 'year'],
  ] as const)('%s', (summary, value, per) => {
    const q = run('Probe', summary).figures.filter((f) => f.kind === 'quantity');
    expect(noWhat(q)).toEqual([{ kind: 'quantity', value, unit: 't', per, ...(summary.includes('LCE') ? { basis: 'LCE' } : {}) }]);
  });

  it('a cut guidance "to X from Y" gives both amounts the year of the guidance', () => {
    const r = run('Probe', 'Harlow Metals cut its 2027 lithium surplus forecast to 45,000 tonnes from 90,000 tonnes.');
    expect(noWhat(r.figures)).toEqual([
      { kind: 'quantity', value: 45000, unit: 't', per: 'year' },
      { kind: 'quantity', value: 90000, unit: 't', per: 'year' },
    ]);
  });

  it('two amounts joined by "and" share the year stated after the second', () => {
    const r = run('Probe', 'The Kiva mine produced 12,400 tonnes of cobalt and 150,300 tonnes of copper last year.');
    expect(noWhat(r.figures)).toEqual([
      { kind: 'quantity', value: 12400, unit: 't', per: 'year' },
      { kind: 'quantity', value: 150300, unit: 't', per: 'year' },
    ]);
  });

  it.each([
    ['The miner holds an indicated resource of 45 million tonnes in 2025 terms.', 45000000],
    ['Inventories of carbonate rose to 110,000 tonnes last year, a record.', 110000],
    ['The group shipped 310,000 dmt of concentrate in the March quarter this year.', 310000],
    ['The partners will produce an extra 200,000 tonnes of LCE between 2026 and 2030.', 200000],
    ['China set its first batch of tungsten quotas for 2026, and the smelting quota rose to 40,000 tonnes.', 40000],
  ] as const)('a stock, a quarter, several years or part of a quota is not per year: %s', (summary, value) => {
    const q = run('Probe', summary).figures.filter((f) => f.kind === 'quantity');
    expect(q.map((f) => [f.kind === 'quantity' ? f.value : 0, f.kind === 'quantity' ? f.per : 'x'])).toEqual([[value, null]]);
  });

  it('a quarter in one clause does not stop the year stated in the next', () => {
    const r = run('Probe', 'The group shipped 310,000 dmt in the March quarter, and expects 1.2 million dmt this financial year.');
    expect(r.figures.map((f) => (f.kind === 'quantity' ? f.per : f.kind))).toEqual([null, 'year']);
  });
});

describe('ranges of amounts', () => {
  it.each([
    ['The miner kept its FY guidance of 820-870kt of concentrate.', [820000, 870000]],
    ['It expects output of between 1.5 and 2 million tonnes this year.', [1500000, 2000000]],
    ['Output will rise from 200,000 to 260,000 tonnes a year.', [200000, 260000]],
  ] as const)('both ends of a range, per year: %s', (summary, values) => {
    const q = run('Probe', summary).figures.filter((f) => f.kind === 'quantity');
    expect(q.map((f) => [f.kind === 'quantity' ? f.value : 0, f.kind === 'quantity' ? f.per : 'x'])).toEqual(values.map((v) => [v, 'year']));
  });

  it('a year or a change before "to" is not the start of a range', () => {
    const values = (s: string): number[] => run('Probe', s).figures.flatMap((f) => (f.kind === 'quantity' ? [f.value] : []));
    expect(values('Production in 2025 to reach 30,000 tonnes.')).toEqual([30000]);
    expect(values('The plan cuts output by 20,000 to 180,000 tonnes.')).toEqual([180000]);
  });
});

describe('price limits and other ways of writing a move', () => {
  it('"hit the 10% daily limit" is a rise of 10% for the stock named before it', () => {
    const r = run('Probe', 'Yuanli Cobalt (603111.SH) hit the 10% daily limit and Hexin (301777.SZ) rose 6.5%.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: '603111.SS', pct: 10 },
      { kind: 'move', symbol: '301777.SZ', pct: 6.5 },
    ]);
  });

  it('two companies that "both hit the daily limit" each moved', () => {
    const r = run('Probe', 'Ganfeng Lithium (002460.SZ) and Tianqi Lithium (002466.SZ) both hit the 10% daily limit.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: '002466.SZ', pct: 10 },
      { kind: 'move', symbol: '002460.SZ', pct: 10 },
    ]);
  });

  it('a futures contract that "jumped by its 8% daily limit" is a change, not a move', () => {
    const r = run('Probe', 'The most-active nickel contract jumped by its 8% daily limit to 130,000 yuan per tonne.');
    expect(noWhat(r.figures)).toEqual([
      { kind: 'change', pct: 8 },
      { kind: 'price', value: 130000, currency: 'CNY', per: 't' },
    ]);
  });

  it.each([
    ['Tianqi Lithium closed limit up 10% in Shenzhen.', '002466.SZ', 10],
    ['Sunresin (300487.SZ) closed at the daily limit of 20% on the ChiNext board.', '300487.SZ', 20],
    ['CATL shares hit their daily upper limit of 10%.', '300750.SZ', 10],
    ['Ganfeng Lithium shares fell by the 10% daily limit.', '002460.SZ', -10],
  ] as const)('price-limit phrasing: %s', (summary, symbol, pct) => {
    expect(run('Probe', summary).figures).toEqual([{ kind: 'move', symbol, pct }]);
  });

  it('a ticker tape in capitals still names its codes and moves', () => {
    const r = run('ALB +4.5% | SQM +3.1% | PLL +6.2%');
    expect(r.tickers).toEqual(['ALB', 'SQM', 'PLL']);
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'ALB', pct: 4.5 },
      { kind: 'move', symbol: 'SQM', pct: 3.1 },
      { kind: 'move', symbol: 'PLL', pct: 6.2 },
    ]);
  });

  it('where a share moved to is shown by the move; where a commodity moved to is its price', () => {
    expect(run('Probe', 'Ganfeng Lithium (01772) rose 5.2 per cent to HK$28.50.').figures).toEqual([{ kind: 'move', symbol: '1772.HK', pct: 5.2 }]);
    expect(noWhat(run('Probe', 'Lithium carbonate rose 5% to 80,000 yuan.').figures)).toEqual([
      { kind: 'change', pct: 5 },
      { kind: 'price', value: 80000, currency: 'CNY', per: null },
    ]);
  });

  it('limit-down is a fall', () => {
    const r = run('Probe', 'Shares of Tianqi Lithium hit the 10% limit-down in Shenzhen.');
    expect(r.figures).toEqual([{ kind: 'move', symbol: '002466.SZ', pct: -10 }]);
  });

  it.each([
    ['Sigma Lithium (NASDAQ: SGML) gained 4.2 pc in New York.', 'SGML', 4.2],
    ['Arcadium Lithium gave up 2.4% by the close.', 'ALTM', -2.4],
    ['Pilbara Minerals was off 4% at the close.', 'PLS.AX', -4],
    ["Pilbara Minerals' US-traded PILBF line jumped 7.7%.", 'PILBF', 7.7],
  ] as const)('%s', (summary, symbol, pct) => {
    expect(run('Probe', summary).figures).toEqual([{ kind: 'move', symbol, pct }]);
  });

  it('"rose 4% and 6% respectively" gives each company its own move, in order', () => {
    const r = run('Probe', 'Albemarle (ALB) and SQM (SQM) rose 4% and 6.5% respectively.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'ALB', pct: 4 },
      { kind: 'move', symbol: 'SQM', pct: 6.5 },
    ]);
  });

  it.each([
    ['The news sparked a 15% jump in shares of Piedmont Lithium.', 'PLL', 15],
    ['The downgrade triggered a 9% fall in Liontown shares.', 'LTR.AX', -9],
  ] as const)('a move whose company follows the noun: %s', (summary, symbol, pct) => {
    expect(run('Probe', summary).figures).toEqual([{ kind: 'move', symbol, pct }]);
  });

  it('a signed percentage beside a cashtag in a headline is that ticker\'s move', () => {
    const r = run('$ZQX pours first carbonate at Rio Blanco +6.1%', '$ZQX +6.1% on the day.');
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'ZQX', pct: 6.1 }]);
  });
});

describe('which company moved', () => {
  it('a distinctive short name is the company named in full earlier, not the other one in the story', () => {
    const r = run('Probe', 'Sayona Mining (ASX: SYA) and Piedmont Lithium (NASDAQ: PLL) agreed to merge. Piedmont shares fell 3.1%.');
    expect(r.tickers).toEqual(['SYA.AX', 'PLL']);
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'PLL', pct: -3.1 }]);
  });

  it('a short name alone, or a generic first word, names no company', () => {
    expect(run('Probe', 'Vineyards in the Piedmont region rose 4% in value.').tickers).toEqual([]);
    const r = run('Probe', 'Standard Lithium (NYSE American: SLI) rose 7%. Core markets were weak.');
    expect(r.tickers).toEqual(['SLI']);
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'SLI', pct: 7 }]);
  });

  it('a rounded headline move and the precise body move on another venue are one move of that listing', () => {
    const r = run(
      'CATL (03750) jumps 12% on Hong Kong debut',
      'Shares of Contemporary Amperex Technology rose 12.3% on their first day of trading in Hong Kong. Its Shenzhen-listed shares (300750.SZ) were little changed.',
    );
    expect(r.figures).toEqual([{ kind: 'move', symbol: '3750.HK', pct: 12.3 }]);
  });

  it('a commodity market beside a company move is a change, not the company\'s move', () => {
    const r = run('Probe', 'Copperline Resources (NYSE: CPLX) tumbled 11%, while LME copper rose 2.9% to $9,870 a tonne.');
    expect(noWhat(r.figures)).toEqual([
      { kind: 'move', symbol: 'CPLX', pct: -11 },
      { kind: 'change', pct: 2.9 },
      { kind: 'price', value: 9870, currency: 'USD', per: 't' },
    ]);
  });

  it.each([
    ['The miner now expects output about 25% below previous guidance.', -25],
    ['Nickel prices are 30% below last year.', -30],
    ['Copper is 5% above its 2024 average.', 5],
  ] as const)('a percentage against a reference is a signed change: %s', (summary, pct) => {
    expect(noWhat(run('Probe', summary).figures)).toEqual([{ kind: 'change', pct }]);
  });
});

describe('money and prices', () => {
  it('an analyst price target is money even in a sentence about the shares', () => {
    const r = run('Probe', 'The broker said the shares had run too far, and its price target was cut to US$3.75.');
    expect(noWhat(r.figures)).toEqual([{ kind: 'money', value: 3.75, currency: 'USD' }]);
  });

  it('prices per kWh and per kg are prices with that unit', () => {
    const r = run('Probe', 'Cell prices averaged US$68 per kilowatt-hour, and spot hydroxide held at US$9.80/kg.');
    expect(noWhat(r.figures)).toEqual([
      { kind: 'price', value: 68, currency: 'USD', per: 'kWh' },
      { kind: 'price', value: 9.8, currency: 'USD', per: 'kg' },
    ]);
  });

  it('a headline threshold is not a price when the text states the level; alone it stays', () => {
    const r = run('Spodumene falls below US$800/t', 'Spot spodumene slid to US$765 a tonne on Friday.');
    expect(noWhat(r.figures)).toEqual([{ kind: 'price', value: 765, currency: 'USD', per: 't' }]);
    expect(noWhat(run('Spodumene falls below US$800/t').figures)).toEqual([{ kind: 'price', value: 800, currency: 'USD', per: 't' }]);
  });

  it('a bracketed conversion sits between a price and its unit; "bln" is billion', () => {
    expect(noWhat(run('Probe', 'Carbonate futures settled at 79,640 yuan ($11,000) a ton.').figures)).toEqual([
      { kind: 'price', value: 79640, currency: 'CNY', per: 't' },
      { kind: 'price', value: 11000, currency: 'USD', per: 't' },
    ]);
    expect(noWhat(run('Probe', 'The converter posted a net profit of 1.2 bln yuan.').figures)).toEqual([{ kind: 'money', value: 1200000000, currency: 'CNY' }]);
  });

  it('a per-kWh term of one tender is not a market price', () => {
    expect(run('Probe', 'The winning bid came in at US$150 per kilowatt-hour installed.').figures).toEqual([]);
  });
});

describe('supply: what the story is about', () => {
  it('a force majeure on bromine that spares lithium is not lithium supply', () => {
    const r = run(
      'Kestrel Chemicals declares force majeure on bromine',
      'Kestrel Chemicals declared force majeure on bromine products after a fire at its brine operations. It expects output to be restored within a month and said its lithium business is not affected.',
    );
    expect(r.lithiumSupply).toBe(false);
  });

  it('a price slide put down to a flood of cargoes is a supply story', () => {
    const r = run('Spodumene slides to US$720/t as Brazilian cargoes flood China', 'Spot spodumene fell to US$720 a tonne this week.');
    expect(r.lithiumSupply).toBe(true);
    expect(r.why[0]).toBe('supply: balance + spodumene');
  });

  it('production guidance and supply outstripping demand are supply forecasts', () => {
    expect(run('Harlow lifts FY27 spodumene guidance', 'Harlow now expects to produce 300,000 tonnes of concentrate.').lithiumSupply).toBe(true);
    expect(run('Lithium supply to outstrip demand until 2029, bank says', '').lithiumSupply).toBe(true);
  });

  it('a country\'s output "expected to rise" is a supply fact', () => {
    const r = run('Probe', 'Argentine lithium carbonate output is expected to rise 30% next year.');
    expect(r.lithiumSupply).toBe(true);
    expect(noWhat(r.figures)).toEqual([{ kind: 'change', pct: 30 }]);
  });

  it('a commodity named in an institution\'s name is not a rival commodity', () => {
    const r = run('Probe', 'Chilean lithium carbonate output is set to rise 12% next year, the state copper commission said.');
    expect(r.lithiumSupply).toBe(true);
  });

  it.each([
    ['Investors flood into lithium stocks', 'Retail investors flooded into lithium shares after the rally.'],
    ['Lithium demand to outstrip expectations, says EV maker', 'Strong EV sales mean lithium battery demand will outpace forecasts.'],
    ['Albemarle maintains EPS guidance', 'Albemarle kept its full-year earnings guidance, saying lithium pricing remains weak.'],
  ])('money flows, demand beating forecasts and earnings guidance are not supply: %s', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(false);
  });

  it('an index rebalance is not a supply balance', () => {
    expect(run('Vexa Lithium to join ASX 300 in quarterly rebalance', 'Vexa Lithium will be added to the index.').lithiumSupply).toBe(false);
  });

  it('producing a lithium chemical for the first time is a start of supply', () => {
    const r = run('Probe', 'The Tallow Creek refinery produced battery-grade lithium hydroxide for the first time.');
    expect(r.lithiumSupply).toBe(true);
  });
});
