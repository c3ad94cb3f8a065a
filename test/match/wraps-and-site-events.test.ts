/**
 * Categories a third blind set showed: multi-word false friends ("buy-back") must not make their words false
 * friends; trade-desk shorthand (SC6, spod); weather and accidents at a site; index rebalances; market wraps
 * naming several metals; downstream battery-pack plants; official names ending in a company's name; amounts
 * over a named week, month or quota year. Invented sentences, exact outputs.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const verdict = (title: string, summary = ''): [boolean, string] => {
  const r = run(title, summary);
  return [r.lithiumSupply, r.why[0] ?? ''];
};

describe('false friends are phrases, not their separate words', () => {
  it('"back" alone is not "buy-back": converters back restocking is an inventory story', () => {
    expect(verdict('Probe', 'Converters back restocking spodumene after the tax change.')).toEqual([true, 'supply: inventory + spodumene']);
  });
  it('a buy-back still cancels nothing it should not, and is no supply story itself', () => {
    expect(verdict('Vexa Lithium launches share buy-back', 'Vexa Lithium will buy back up to 5% of its shares.')).toEqual([false, 'no supply: no supply action']);
  });
});

describe('trade-desk shorthand for spodumene', () => {
  it.each([
    ['Spod desk: SC6 offers thin as converters restock', '', 'supply: inventory + spod'],
    ['SC5.5 cargo pulled, spod bids firm', 'Converters back restocking after the holiday.', 'supply: inventory + converters'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });
});

describe('weather and accidents at a site', () => {
  it.each([
    ['Torrential rain floods Vexa Lithium pit; crews stood down', 'Floodwater inundated the open pit at the Roca lithium mine and ore haulage stopped.', 'supply: incident/output + lithium mine'],
    ['Cyclone forces Tallow Creek to pause spodumene shipments', '', 'supply: suspend + spodumene'],
  ])('%s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([true, why]);
  });

  it('a "flood" of funds is not a flooded mine', () => {
    expect(verdict('Flood of new lithium ETFs listed in Hong Kong')).toEqual([false, 'no supply: weak (incident + lithium)']);
  });
});

describe('an index rebalance is index membership, a market rebalance is supply', () => {
  it.each([
    ['Vexa Lithium joins S&P/ASX 200 rebalance', ''],
    ['Tallow Creek added in MSCI review', 'Tallow Creek Spodumene will join the MSCI small-cap index.'],
  ])('%s', (title, summary) => {
    expect(verdict(title, summary)).toEqual([false, 'no supply: no supply action']);
  });

  it('the lithium market rebalancing as mines close is a balance story', () => {
    expect(verdict('Lithium market to rebalance as mines close')).toEqual([true, 'supply: balance + lithium market']);
  });
});

describe('market wraps: an action belongs to the commodity named nearest to it', () => {
  it('lithium named next to the halt wins over two metals named earlier', () => {
    expect(verdict('Gold steady, zinc slides; lithium rallies on Chile brine permit halt')).toEqual([true, 'supply: permit/suspend + lithium']);
  });
  it('a nickel mine halted in a wrap that also names lithium stays a nickel story', () => {
    expect(verdict('Copper slides, zinc firmer; nickel mine halted in Indonesia, lithium flat')).toEqual([false, 'no supply: about copper/zinc']);
  });
  it('a lithium place name near the action does not make a copper strike a lithium story', () => {
    expect(
      verdict("Strike halts copper mine in Chile's Atacama region", 'Workers at the copper mine in the Atacama region walked out, halting concentrate production.'),
    ).toEqual([false, 'no supply: about copper']);
  });
  it.each([
    ['Copper, nickel, zinc miners idle mines; lithium stocks rally', 'Copper mines and nickel smelters were idled as zinc output was cut; lithium stocks rallied on demand hopes.', 'no supply: about copper/nickel'],
    ['Lithium price rises after copper mine halt', '', 'no supply: about copper'],
    ['Flooding halts coal mines in Queensland', 'Heavy rain flooded coal pits near Moranbah; lithium stocks were unmoved.', 'no supply: about coal'],
  ])('other metals cut, lithium only named: %s', (title, summary, why) => {
    expect(verdict(title, summary)).toEqual([false, why]);
  });
  it('a tie in distance goes to the other metal', () => {
    expect(verdict('Probe', 'Spodumene climbed after Zimbabwe suspended concentrate exports, and cobalt was flat.')).toEqual([false, 'no supply: about cobalt']);
  });
});

describe('battery pack and assembly plants consume lithium', () => {
  it('a pack assembly plant sourcing lithium is not lithium supply', () => {
    expect(
      verdict('Vexa Lithium opens battery pack assembly plant in Ohio', 'The battery pack assembly plant will source lithium from partners in Chile.'),
    ).toEqual([false, 'no supply: about battery making']);
  });
});

describe('official names that end in a company name', () => {
  it.each([
    ['The Department of Energy and Mineral Resources approved the plan.', []],
    ['Albemarle and Mineral Resources agreed to restructure the Wodgina joint venture.', ['ALB', 'MIN.AX']],
    ["Indonesia's Ministry of Energy and Mineral Resources said Mineral Resources (ASX: MIN) may bid.", ['MIN.AX']],
    ["Western Australia's Minister for Mines said Mineral Resources will restart Wodgina.", ['MIN.AX']],
  ])('%s', (summary, tickers) => {
    expect(run('Probe', summary).tickers).toEqual(tickers);
  });

  it('a distinctive company name after "Ministry of Mines and" is still the company', () => {
    expect(run('Ministry of Mines and Vexa Lithium sign water deal').tickers).toEqual(['VXL']);
  });
});

describe('tonnages over a named period or quota year', () => {
  const q = (summary: string): Array<[number, string | null]> =>
    run('Probe', summary).figures.flatMap((f) => (f.kind === 'quantity' ? [[f.value, f.per] as [number, string | null]] : []));

  it.each([
    ['Port stocks of spodumene fell by 12,400 tonnes this week to 310,000 tonnes.', [[12400, 'week'], [310000, null]]],
    ['Vexa Lithium produced 3,100 tonnes of carbonate last month.', [[3100, 'month']]],
    ['Warehouse stocks rose to 41,000 tonnes this week.', [[41000, null]]],
    ['The 2027 lithium mining quota for the province is set at 95,000 tonnes LCE.', [[95000, 'year']]],
    ['The first batch of 2027 mining quotas totals 40,000 tonnes.', [[40000, null]]],
    ['Vexa Lithium expects 2026 concentrate sales volumes of 220,000 tonnes.', [[220000, 'year']]],
    ['Vexa Lithium expects 2026 shipments at the top of guidance, 240,000 tonnes.', [[240000, 'year']]],
    ['A cargo of 2026 material, 60,000 tonnes, left Port Hedland.', [[60000, null]]],
  ])('%s', (summary, expected) => {
    expect(q(summary)).toEqual(expected);
  });
});
