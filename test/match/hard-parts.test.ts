/**
 * The hard parts of issue 3, each on invented sentences (not corpus items), with exact expected outputs.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

describe('supply decision: other commodities in identical wording', () => {
  it('a copper mine halted after a permit is revoked is not lithium supply', () => {
    const r = run('Andoria halts Cerro Blanco copper mine after permit revoked', 'Andoria Mining said it suspended operations at its Cerro Blanco copper mine after regulators revoked its water permit.');
    expect(r.lithiumSupply).toBe(false);
    expect(r.topics).toEqual([]);
    expect(r.why).toEqual(['no supply: not about lithium']);
  });

  it('the same wording about a lithium mine is lithium supply, with its why', () => {
    const r = run('Andoria halts Cerro Blanco lithium mine after permit revoked', 'Andoria Mining said it suspended operations at its Cerro Blanco lithium mine after regulators revoked its water permit.');
    expect(r.lithiumSupply).toBe(true);
    expect(r.score).toBe(1);
    expect(r.why).toEqual(['supply: suspend/permit + lithium mine']);
    expect(r.topics).toEqual(['lithium-supply']);
  });

  it('nickel care-and-maintenance fires the nickel topic only', () => {
    const r = run('Tarn Metals puts Kalgoo nickel mine on care and maintenance', 'The Kalgoo underground nickel mine will be placed on care and maintenance as cheap supply floods the market.');
    expect(r.lithiumSupply).toBe(false);
    expect(r.topics).toEqual(['nickel-supply']);
    expect(r.why).toEqual(['no supply: not about lithium', 'nickel supply: suspend + nickel mine']);
  });

  it('a copper halt that leaves lithium output unaffected is not lithium supply', () => {
    const r = run('Boreal halts Ridge copper mine', 'Boreal Resources halted its Ridge copper mine after a flood; its lithium output was unaffected.');
    expect(r.lithiumSupply).toBe(false);
  });

  it('a company named for lithium cutting potash output is about potash', () => {
    const r = run('Sichuan Yanhu Lithium (301999.SZ) cuts potash output by 15%', 'Sichuan Yanhu Lithium said it will reduce potash production this year; its lithium carbonate lines are not affected.');
    expect(r.lithiumSupply).toBe(false);
    expect(r.tickers).toEqual(['301999.SZ']);
    expect(r.figures).toEqual([{ kind: 'change', pct: -15, what: 'potash output' }]);
  });
});

describe('supply decision: lithium used incidentally', () => {
  it.each([
    ['Lithium-ion battery fire halts production at e-bike plant', 'A lithium-ion pack caught fire, halting production for two days.'],
    ['Regulator approves new lithium treatment dose for bipolar disorder', 'Doctors said the lithium therapy change will cut side effects.'],
    ['Automaker swaps lithium iron phosphate cells for sodium-ion in city car', 'Sodium-ion cells need no lithium; output of the model starts next year.'],
    ['Solid-state start-up raises US$90 million for lithium-metal cells', 'The company will build a pilot line for lithium-metal batteries.'],
  ])('%#: %s → not a supply story', (title, summary) => {
    const r = run(title, summary);
    expect(r.lithiumSupply).toBe(false);
    expect(r.topics).toEqual([]);
  });
});

describe('entities that look alike', () => {
  it('Arcadia (a mine) is not Arcadium (a company)', () => {
    const r = run('Arcadia mine resumes lithium concentrate output', "Zimbabwe's Arcadia lithium mine resumed production after a two-week stoppage.");
    expect(r.tickers).toEqual([]);
    expect(r.lithiumSupply).toBe(true);
    expect(run('Arcadium Lithium to restart Mt Cattlin').tickers).toEqual(['ALTM']);
  });

  it('the Pilbara region is not Pilbara Minerals', () => {
    const r = run('Cyclone shuts Pilbara ports, halting spodumene shipments', 'Exports from the Pilbara were suspended for three days.');
    expect(r.tickers).toEqual([]);
    expect(r.lithiumSupply).toBe(true);
    expect(run('Pilbara Minerals lifts Pilgangoora output').tickers).toEqual(['PLS.AX']);
  });

  it('in a quote line a company\'s first word is the company, region or generic word though it is ("Pilbara +7.2%")', () => {
    const r = run('ASX close: lithium names rally', 'Pilbara +7.2%, Liontown +5.9%, Core +9.1%, Rio −1.4%.');
    expect(r.tickers).toEqual(['PLS.AX', 'LTR.AX', 'CXO.AX', 'RIO']);
    expect(r.figures.filter((f) => f.kind === 'move')).toMatchObject([
      { symbol: 'PLS.AX', pct: 7.2 }, { symbol: 'LTR.AX', pct: 5.9 }, { symbol: 'CXO.AX', pct: 9.1 }, { symbol: 'RIO', pct: -1.4 },
    ]);
    // A first word two companies share ("Lithium Americas", "Lithium Royalty") names neither.
    expect(run('Movers', 'Lithium +3.0% on the day.').tickers).toEqual([]);
    expect(run('Pilbara region rainfall up +12% this year').tickers).toEqual([]);
  });

  it('generic words are not companies unless written as names', () => {
    expect(run('Global lithium supply to double by 2030, standard lithium grades in demand').tickers).toEqual([]);
    expect(run('Global Lithium and Standard Lithium sign study pact').tickers).toEqual(['GL1.AX', 'SLI']);
  });

  it('companies named without a ticker, including run-time names and their short forms', () => {
    const r = run('Albemarle and Ganfeng Lithium back Contemporary Amperex Technology deal', 'Tallow Creek said it would supply CATL, as did Vexa Lithium and Ruiheng.');
    expect(r.tickers).toEqual(['ALB', '002460.SZ', '300750.SZ', 'TCL.AX', 'VXL']);
  });
});

describe('exchange forms', () => {
  it('maps every written form to the canonical symbol', () => {
    const r = run('Movers', 'Albemarle (NYSE: ALB), ALB.N, SQM.US, Ganfeng (01772), Tengda (600512.SH), $SGML, Pilbara (ASX:PLS) and (TSX-V: CRE) traded.');
    // "Ganfeng" names the company (002460.SZ) and "(01772)" its Hong Kong line: both count.
    expect(r.tickers).toEqual(['ALB', 'SQM', '002460.SZ', '1772.HK', '600512.SS', 'SGML', 'PLS.AX', 'CRE.V']);
  });

  it('a company outside the universe introduced with its ticker: the name stands for it in the whole story', () => {
    const r = run('Zangge Mining falls 6.3% on Qarhan order', 'Zangge Mining (000408.SZ) said a subsidiary must suspend lithium carbonate output at Qarhan.');
    expect(r.tickers).toEqual(['000408.SZ']);
    expect(r.figures.filter((f) => f.kind === 'move')).toMatchObject([{ symbol: '000408.SZ', pct: -6.3 }]);
  });

  it('a bare code in brackets after a name is a ticker, unless it is the name\'s initials or a common abbreviation', () => {
    const r = run('Mining movers', 'Freeport-McMoRan (FCX) declared force majeure at Grasberg. FCX −6.1%, Umicore (UMI.BR) −3.0%.');
    expect(r.tickers).toEqual(['FCX', 'UMI.BR']);
    expect(r.figures.filter((f) => f.kind === 'move')).toMatchObject([{ symbol: 'FCX', pct: -6.1 }, { symbol: 'UMI.BR', pct: -3 }]);
    expect(run('North American Lithium (NAL) restarts', 'The Democratic Republic of Congo (DRC) and the International Energy Agency (IEA) agreed.').tickers).toEqual([]);
  });

  it('a year in brackets is not a Hong Kong code; a legal form is not a listing', () => {
    expect(run('Output (2023) at Koninklijke N.V. plant').tickers).toEqual([]);
  });
});

describe('move direction', () => {
  it.each([
    ['Vexa Lithium shares slumped 8% in New York.', -8],
    ['Vexa Lithium (NYSE: VXL) was indicated at US$4.10 (-8.0%) after hours.', -8],
    ['Vexa Lithium shares were down by 8% on Friday.', -8],
    ['Vexa Lithium stock closed 8% lower.', -8],
    ['$VXL +8% premarket', 8],
    ['Vexa Lithium jumped as much as 8 per cent.', 8],
  ])('%#: %s', (text, pct) => {
    const r = run(text);
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'VXL', pct }]);
  });

  it('a company move and a price change in one sentence stay apart', () => {
    const r = run('Albemarle rose 13.6% while lithium carbonate prices fell 2%.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'ALB', pct: 13.6 },
      { kind: 'change', pct: -2, what: 'lithium carbonate prices' },
    ]);
  });

  it('a percentage without a direction is a level, not a figure', () => {
    expect(run('Vexa Lithium cut operating rates to 60% and holds a 20% stake in a converter.').figures).toEqual([]);
  });

  it('"Hong Kong shares" is the H-share listing', () => {
    expect(run('Ganfeng Lithium said its Hong Kong shares closed 3.2% lower.').figures).toEqual([{ kind: 'move', symbol: '1772.HK', pct: -3.2 }]);
  });
});

describe('units', () => {
  it.each([
    ['Capacity is 60ktpa of LCE.', { value: 60000, per: 'year', basis: 'LCE' }],
    ['Phase one will make 40,000 tonnes of LCE a year.', { value: 40000, per: 'year', basis: 'LCE' }],
    ['The mine will produce 1.2 million tonnes of spodumene concentrate a year.', { value: 1200000, per: 'year' }],
    ['Shipments reached 720kdmt.', { value: 720000, per: null }],
    ['The cut removes 6k t/month.', { value: 6000, per: 'month' }],
    ['The plant is designed for 300,000 t/y.', { value: 300000, per: 'year' }],
    ['It idled a 1 million-tonne line.', { value: 1000000, per: 'year' }],
    ['Stocks fell to 92,000 tonnes this week.', { value: 92000, per: null }],
    ['Weekly lithium carbonate output fell 4.1% to 19,300 tonnes.', { value: 19300, per: 'week' }],
    ['Monthly spodumene shipments from the port rose to 410,000 tonnes.', { value: 410000, per: 'month' }],
    ['China exported 6,120 tonnes of lithium hydroxide in October.', { value: 6120, per: 'month' }],
    ['Inventory fell by 2,150 tonnes week-on-week.', { value: 2150, per: 'week' }],
  ])('%#: %s', (text, want) => {
    const f = run(text).figures.filter((x) => x.kind === 'quantity');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'quantity', unit: 't', ...want });
    if (!('basis' in want)) expect(f[0]).not.toHaveProperty('basis');
  });
});

describe('currencies', () => {
  it.each([
    ['It approved an A$1.2bn expansion.', { kind: 'money', value: 1.2e9, currency: 'AUD' }],
    ['The contract is worth 469 million yuan.', { kind: 'money', value: 469e6, currency: 'CNY' }],
    ['The IPO raised HK$13.5 billion.', { kind: 'money', value: 13.5e9, currency: 'HKD' }],
    ['Capital cost is C$410 million.', { kind: 'money', value: 410e6, currency: 'CAD' }],
    ['Net loss was $42M.', { kind: 'money', value: 42e6, currency: 'USD' }],
    ['The deal values it at 960 million Canadian dollars.', { kind: 'money', value: 960e6, currency: 'CAD' }],
    ['Funding includes a BRL 487 million loan from BNDES.', { kind: 'money', value: 487e6, currency: 'BRL' }],
    ['The royalty bill could cost producers CLP 120 billion a year.', { kind: 'money', value: 120e9, currency: 'CLP' }],
    ['Provincial fees rose to 45 million Argentine pesos.', { kind: 'money', value: 45e6, currency: 'ARS' }],
    ['Spodumene rose to US$960 a tonne.', { kind: 'price', value: 960, currency: 'USD', per: 't' }],
    ['Carbonate was quoted at 72,000 yuan/t.', { kind: 'price', value: 72000, currency: 'CNY', per: 't' }],
    ['Crude settled near $100 a barrel.', { kind: 'price', value: 100, currency: 'USD', per: 'bbl' }],
  ])('%#: %s', (text, want) => {
    const f = run(text).figures;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject(want);
  });

  it('a per-share offer is money, a share price level is not a figure', () => {
    expect(run('Vexa Lithium rejected an A$3.00-a-share offer.').figures).toMatchObject([{ kind: 'money', value: 3, currency: 'AUD' }]);
    expect(run('Vexa Lithium shares closed at US$6.12.').figures).toEqual([]);
  });
});

describe('HTML and entities in summaries', () => {
  it('strips tags and decodes entities before matching', () => {
    const r = run('Tallow Creek update', '<p>Tallow Creek Spodumene Ltd (ASX: TCL) &amp; its partner said the Roca mine&#8217;s output will be cut by 20%&nbsp;from July.</p><p>Shares fell 4.5&#37;.</p>');
    expect(r.tickers).toEqual(['TCL.AX']);
    expect(r.figures).toEqual([
      { kind: 'change', pct: -20, what: 'roca mine output' },
      { kind: 'move', symbol: 'TCL.AX', pct: -4.5 },
    ]);
    expect(r.lithiumSupply).toBe(true);
  });
});

describe('action words about finance, not supply', () => {
  it.each([
    ['Core Lithium requests trading halt pending capital raising', 'The halt will last until Thursday.'],
    ['Albemarle suspends its dividend reinvestment plan', ''],
    ['Pilbara Minerals expands credit facility to A$1bn', ''],
  ])('%#: %s → not a supply story', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(false);
  });
});

describe('policy and robustness', () => {
  it('nationalisation of lithium is a supply story, named as policy', () => {
    const r = run('Andean state to take control of lithium projects', 'The government said the state will take control of all new lithium brine projects; SQM shares fell 9.5%.');
    expect(r.lithiumSupply).toBe(true);
    expect(r.why).toEqual(['supply: policy + lithium projects', 'subject SQM']);
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'SQM', pct: -9.5 }]);
  });

  it('a whole article pasted into the summary is matched on its opening, quickly and without error', () => {
    const para = 'Vexa Lithium (NYSE: VXL) rose 3% as spodumene output at Roca was curtailed by 10%. ';
    const r = run('Vexa Lithium curtails Roca output', para.repeat(20_000));
    expect(r.lithiumSupply).toBe(true);
    expect(r.tickers).toEqual(['VXL']);
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'VXL', pct: 3 },
      { kind: 'change', pct: -10, what: 'output at roca' },
    ]);
  });

  it('empty and odd input gives an empty, well-formed result', () => {
    expect(run('', '')).toEqual({ lithiumSupply: false, score: 0, why: ['no supply: not about lithium'], tickers: [], figures: [], topics: [] });
    expect(run('&#xZZ; &bogus; <<<>>> % $ (', '').tickers).toEqual([]);
  });
});

describe('figures as wires repeat them', () => {
  it('a rounded headline move and the precise one in the text are one figure', () => {
    const r = run('Ganfeng Lithium (01772) rose over 7%', 'As of press time, Ganfeng Lithium (01772) rose 7.12%, and CATL (03750) intraday rose nearly 4%.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: '1772.HK', pct: 7.12 },
      { kind: 'move', symbol: '3750.HK', pct: 4 },
    ]);
  });

  it('a month named with production makes a monthly tonnage; a shipping date does not', () => {
    expect(run('x', "China's lithium carbonate output fell to 41,000 tonnes in February.").figures).toContainEqual(
      { kind: 'quantity', value: 41000, unit: 't', per: 'month', what: 'lithium carbonate output' },
    );
    expect(run('x', 'About 15,000 tonnes of concentrate due to ship in February will be delayed.').figures).toEqual([
      { kind: 'quantity', value: 15000, unit: 't', per: null, what: 'concentrate' },
    ]);
  });
});

describe('common supply words', () => {
  it('one common word alone is not enough; a stated change of output is a supply fact', () => {
    const deal = run('Ganfeng signs lithium supply deal with carmaker', 'Ganfeng Lithium will supply lithium hydroxide from 2026.');
    expect(deal.lithiumSupply).toBe(false);
    expect(deal.score).toBe(0.45);
    expect(deal.why).toEqual(['no supply: weak (output + lithium supply)']);
    const r = run('Chile lithium output rises', "Chile's lithium output rose 12% in the second quarter.");
    expect(r.lithiumSupply).toBe(true);
    expect(r.why).toEqual(['supply: output + lithium output']);
  });
});

describe('money written the regional ways', () => {
  it.each([
    ['A $US1.2 billion deal.', [{ kind: 'money', value: 1.2e9, currency: 'USD' }]],
    ['It will cost US$1.2-billion.', [{ kind: 'money', value: 1.2e9, currency: 'USD' }]],
    ['Capex is $1.5-2.0 billion.', [{ kind: 'money', value: 1.5e9, currency: 'USD' }, { kind: 'money', value: 2e9, currency: 'USD' }]],
    ['Spodumene traded at US$900-1,000/t.', [{ kind: 'price', value: 1000, currency: 'USD', per: 't' }, { kind: 'price', value: 900, currency: 'USD', per: 't' }]],
    ['Carbonate fell to 75,000 yuan, its lowest price since 2021.', [{ kind: 'price', value: 75000, currency: 'CNY', per: null }]],
  ])('%#: %s', (text, want) => {
    expect(run(text).figures).toMatchObject(want);
    expect(run(text).figures).toHaveLength(want.length);
  });
});

describe('flash headlines in capitals', () => {
  it('reads codes the universe lists, names, units and multipliers', () => {
    const a = run('ALB SEES 2025 LITHIUM OUTPUT UP 10-15% Y/Y; SHARES +4%');
    expect(a.tickers).toEqual(['ALB']);
    expect(a.figures).toMatchObject([{ kind: 'change', pct: 10 }, { kind: 'change', pct: 15 }, { kind: 'move', symbol: 'ALB', pct: 4 }]);
    const b = run('SQM Q3 NET INCOME FALLS 40% Y/Y TO $426 MLN');
    expect(b.figures).toContainEqual(expect.objectContaining({ kind: 'money', value: 426e6, currency: 'USD' }));
    const c = run('LIONTOWN CUTS FY26 GUIDANCE TO 300-330KT; SHARES -9%');
    expect(c.tickers).toEqual(['LTR.AX']);
    expect(c.figures.filter((f) => f.kind === 'quantity').map((f) => f.kind === 'quantity' && f.value)).toEqual([300000, 330000]);
    expect(run('TIANQI LITHIUM (9696.HK) JUMPS 9.5% ON BUYBACK').figures).toEqual([{ kind: 'move', symbol: '9696.HK', pct: 9.5 }]);
  });

  it('a headline in title case or with a few capitals is read as written', () => {
    expect(run('SQM and ALB Lead Lithium Rally as CATL Halts Mine').tickers).toEqual(['SQM', 'ALB', '300750.SZ']);
  });
});

describe('percentage ranges', () => {
  it('a range is two figures of one direction; "from 10% to 15%" is not a range', () => {
    expect(run('Albemarle sees lithium output rising 10-15% next year').figures).toMatchObject([{ kind: 'change', pct: 10 }, { kind: 'change', pct: 15 }]);
    expect(run('Carbonate prices fell 3%-5% this week').figures).toMatchObject([{ kind: 'change', pct: -3 }, { kind: 'change', pct: -5 }]);
    expect(run('Output rose 10% to 15% of capacity').figures).toMatchObject([{ kind: 'change', pct: 10 }]);
  });
});
