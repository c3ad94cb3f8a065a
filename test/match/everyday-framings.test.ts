/**
 * Supply events told in everyday business language (a fourth blind set showed them missed), as families: sites
 * closed for a while, crews sent home, plants at half or full rate, first cargoes, stock piling up at ports,
 * concessions taken away, export taxes, and Spanish-language wires; with the look-alikes that must stay quiet
 * (share prices that "closed", deals that close, accounting write-downs of inventory, lithium the drug, a lithium
 * producer's iodine site). Then figures: listings in one bracket, one move under two listings, a year's guidance,
 * trader talk. Invented sentences, exact outputs.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const verdict = (title: string, summary = ''): [boolean, string] => {
  const r = run(title, summary);
  return [r.lithiumSupply, r.why[0] ?? ''];
};

describe('a site closed, crews sent home, a plant at half or full rate', () => {
  it.each([
    ['Vexa Lithium will close its Roca pit for six months', 'The spodumene pit will be closed for about six months while the company rebuilds the haul road.', 'supply: suspend + spodumene'],
    ['Tallow Creek keeps spodumene mine closed after wet season', '', 'supply: suspend + spodumene mine'],
    ['Lithium miner sends 400 workers home as pit floods', 'Vexa Lithium sent 400 contractors home from its Roca spodumene mine after heavy rain.', 'supply: suspend + lithium miner'],
    ['Vexa Lithium furloughs staff at lithium hydroxide plant', '', 'supply: suspend + lithium hydroxide plant'],
    ['Lithium converter runs at half rate on thin margins', 'Sichuan Yanhu Lithium said its carbonate converter in Suining is running at half rate.', 'supply: cut + lithium converter'],
    ['Spodumene concentrator back to full rates after overhaul', '', 'supply: restart + spodumene'],
    ['Vexa Lithium hydroxide refinery back at full tilt', '', 'supply: restart + hydroxide refinery'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it.each([
    // A share price that closed lower, a deal that closes, a market shut for a holiday, an executive stood down.
    ['Vexa Lithium shares closed 3% lower on weak carbonate prices', '', 'no supply: weak (cut + Vexa Lithium)'],
    ['Vexa Lithium to close acquisition of Tallow Creek in March', '', 'no supply: no supply action'],
    ['Market closed for holiday; lithium stocks quiet', '', 'no supply: no supply action'],
    ['Vexa Lithium stands down chief executive', '', 'no supply: no supply action'],
    ['Pilbara Minerals shares closed down 3% on weak prices', '', 'no supply: no supply action'],
    ['The Vexa Lithium offer closes for acceptances on Friday', '', 'no supply: no supply action'],
    ['Albemarle CEO says lithium plant plans full speed ahead', '', 'no supply: no supply action'],
    ['Losses piling up at Vexa Lithium', '', 'no supply: no supply action'],
    // The same framings about other metals and about the plants that consume lithium.
    ['Copper mine sends 800 contractors home after collapse', '', 'no supply: not about lithium'],
    ['Oil refinery back to full rates after overhaul', '', 'no supply: not about lithium'],
    ['Battery plant runs at half capacity as EV sales slow', '', 'no supply: not about lithium'],
    // Job cuts with no word of output stay what they were: not a supply story.
    ['Vexa Lithium cuts 200 staff in cost review', '', 'no supply: weak (approve + Vexa Lithium)'],
  ])('not a lithium stoppage: %s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
});

describe('first cargoes, stock at ports, concessions taken away, export taxes', () => {
  it.each([
    ['Tallow Creek loads maiden spodumene cargo at Port Hedland', '', 'supply: start + spodumene'],
    ['Vexa Lithium delivers first parcel of battery-grade carbonate', '', 'supply: start + battery grade carbonate'],
    ['Unsold spodumene piling up at Chinese ports', '', 'supply: inventory + spodumene'],
    ['Province rescinds Vexa Lithium brine concession', '', 'supply: permit + brine'],
    ['Harare annuls Tallow Creek lithium mining licence', '', 'supply: permit + lithium mining'],
    ['Chile weighs export duties on lithium carbonate', '', 'supply: policy + lithium carbonate'],
    ['Argentina mulls tax on exports of lithium concentrate', '', 'supply: policy + lithium concentrate'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it.each([
    // An exploration resource is not a first cargo; inventory on a balance sheet is not stock at a port.
    ['Vexa Lithium reports maiden lithium resource at Roca', '', 'no supply: weak (first + lithium)'],
    ['Vexa Lithium posts loss on inventory write-downs', 'The lithium producer booked inventory impairments as carbonate prices fell.', 'no supply: no supply action'],
  ])('not a supply story: %s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
});

describe('Spanish-language wires', () => {
  it.each([
    ['Salta anula la concesión de litio de Vexa', '', 'supply: permit + litio'],
    ['Argentina sube las retenciones a las exportaciones de litio', '', 'supply: policy + litio'],
    ['Chile: la minera detiene el bombeo de salmuera en el salar', '', 'supply: suspend + salmuera'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it('a market close in Spanish is not a stoppage', () => {
    expect(verdict('Cierre: la bolsa de Santiago sube', 'El carbonato de litio se mantuvo estable en China.')).toEqual([false, 'no supply: no supply action']);
  });
});

describe('lithium named, but the story is about something else', () => {
  it('lithium tablets in short supply at pharmacies', () => {
    expect(verdict('Pharmacies report lithium tablet shortage', 'Patients on lithium for bipolar disorder face delays.')).toEqual([false, 'no supply: about medicine']);
  });
  it("a lithium producer's iodine and nitrates site stopped by a storm", () => {
    expect(
      verdict('Iodine plant halted after storm; lithium spared', 'Vexa Lithium said its nitrates and iodine operation stopped after a storm damaged evaporation ponds.'),
    ).toEqual([false, 'no supply: about iodine/nitrates']);
  });
});

describe('figures and tickers written the everyday way', () => {
  it.each([
    ['Tianqi Lithium (002466.SZ; 09696) said output rose.', ['002466.SZ', '9696.HK']],
    ['Ganfeng Lithium (002460.SZ, 01772) reported.', ['002460.SZ', '1772.HK']],
    // A year in brackets is still a year, alone or in a list.
    ['Output rose in the year (2023; 2024).', []],
  ])('a Hong Kong code after another listing in one bracket: %s', (summary, tickers) => {
    expect(run('Probe', summary).tickers).toEqual(tickers);
  });

  it('one move told under two listings of the same company is one move', () => {
    const r = run('Pilbara Minerals falls 4.2% on downgrade', 'Shares in Pilbara Minerals (ASX: PLS; OTC: PILBF) fell 4.2% after a broker cut its rating.');
    expect(r.figures).toEqual([{ kind: 'move', symbol: 'PLS.AX', pct: -4.2 }]);
  });

  it.each([
    ['Vexa Lithium said its spodumene guidance of about 200,000 t for the year was under review.', [[200000, 'year']]],
    // "five days a week" is the crusher's schedule, not the period of the guidance.
    ['Vexa Lithium will run the Roca crusher five days a week and cut FY26 concentrate guidance to 150kt.', [[150000, 'year']]],
    ['Vexa Lithium shipped 12,000 t in the March quarter.', [[12000, null]]],
  ])('a year of guidance: %s', (summary, expected) => {
    const q = run('Probe', summary).figures.flatMap((f) => (f.kind === 'quantity' ? [[f.value, f.per]] : []));
    expect(q).toEqual(expected);
  });

  it('trader talk: ", up 7% today" after a cashtag is its move; chart levels are not figures', () => {
    expect(run('Probe', '$VXL breaking out of a falling wedge on heavy volume, up 7% today. Next resistance around $5.40.').figures).toEqual([
      { kind: 'move', symbol: 'VXL', pct: 7 },
    ]);
    expect(run('Probe', '$VXL support at $3.80 held; a stop-loss at $3.50 is prudent.').figures).toEqual([]);
    // An analyst's target is still money.
    expect(run('Probe', 'A broker cut its Vexa Lithium price target to US$4.50.').figures).toEqual([{ kind: 'money', value: 4.5, currency: 'USD', what: 'price target' }]);
  });

  it('a quantity named in the sentence keeps ", up 7%" a change', () => {
    expect(run('Probe', '$VXL said sales volume rose, up 7% on the year.').figures).toEqual([{ kind: 'change', pct: 7, what: '' }]);
  });
});

describe('Spanish-language figures: decimal comma, thousands dot, toneladas, acciones', () => {
  it('a tonnage a year, LCE, and a share move', () => {
    const r = run('Vexa suspende su mina de litio', 'La empresa, que producía unas 12.000 toneladas de LCE al año, detendrá el bombeo. Sus acciones cayeron un 14%.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'VXL', pct: -14 },
      { kind: 'quantity', value: 12000, unit: 't', per: 'year', what: 'que producía unas', basis: 'LCE' },
    ]);
  });
  it('a move with a decimal comma and a price per tonelada', () => {
    const r = run('Cierre: la bolsa sube; Vexa avanza 3,5%', 'Los ADR de Vexa Lithium (NYSE: VXL) subieron 3,5%, mientras el carbonato de litio se mantuvo cerca de US$9.800 por tonelada en China.');
    expect(r.figures).toEqual([
      { kind: 'move', symbol: 'VXL', pct: 3.5 },
      { kind: 'price', value: 9800, currency: 'USD', per: 't', what: 'mantuvo cerca de' },
    ]);
  });
  it('a rate raised "del 4,5% al 8%" is a level, not a change', () => {
    expect(run('Argentina eleva del 4,5% al 8% las retenciones', 'Las acciones de Vexa Lithium bajaron 2,1% según la bolsa.').figures).toEqual([
      { kind: 'move', symbol: 'VXL', pct: -2.1 },
    ]);
  });
  it('an English story naming Los Angeles, Las Vegas, El Paso and La Negra keeps English numbers', () => {
    const r = run('Los Angeles port handles 1,500 tonnes of lithium carbonate', 'Buyers in Las Vegas, El Paso and La Negra paid more.');
    expect(r.figures.filter((f) => f.kind === 'quantity')).toEqual([{ kind: 'quantity', value: 1500, unit: 't', per: null, what: 'lithium carbonate' }]);
  });
});
