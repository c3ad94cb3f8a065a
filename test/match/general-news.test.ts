/**
 * General news is not about the watch universe: agency credits, abbreviations a text defines, streets named like a
 * company and sentences run together are not tickers. The real-feed part reads ../shared/feeds/real (skipped
 * visibly when absent) and asks for no supply flag and no wrong ticker over all of it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flaggedItems, readRealFeedItems, REAL_FEEDS_DIR } from '../../scripts/real-feeds.js';
import { run } from './helpers.js';

describe('not tickers', () => {
  it.each([
    ['agency credit after a dateline', 'Trump DHS pick grilled on climate', "WASHINGTON (AP) — President Donald Trump's choice to lead the department said the climate is changing."],
    ['agency credit with a date', 'Rival de Putin é condenado a mais 20 dias de prisão', 'MOSCOU, 24 SET (ANSA) - O líder de oposição russo Alexei Navalny foi condenado.'],
    ['agency credit, AFP', 'Assange aceita deixar embaixada', 'Quito, 24 Set 2018 (AFP) - O fundador do WikiLeaks, Julian Assange, aceitou.'],
    ['credit of an agency no list holds', 'Gulf talks resume', 'KUWAIT CITY (KUNA) -- Ministers met on Monday to resume talks on regional trade.'],
    ['initials of the words before', 'Evaluation of enset landraces', 'Three landraces, viz. Haela, Mazia and Lemat (HML), showed lowest susceptibility to Xvm infection.'],
    ['initials in a technical abstract', 'Water quality study', 'Samples were tested for Total Suspended Solids (TSS) and Dissolved Organic Carbon (DOC) at five sites.'],
    ['initials of the first words of a longer name', 'Flu season', 'Officials at the Centers for Disease Control and Prevention (CDC) said cases rose.'],
    ['a full stop without its space', 'Já foram publicadas as novas tabelas de retenção de IRS', 'Foram publicadas as novas tabelas de retenção de IRS.O valor de rendimentos isentos sobe.'],
    ['a street', 'Gallery opens on Albemarle St.', 'The new gallery at 12 Albemarle St. in Mayfair opens on Friday with works by young painters.'],
    ['a state after its town', 'Chuvas alagam cava em Itinga', 'As chuvas alagaram a cava da mina, em Itinga (MG), e a mineração parou.'],
    ['a US state after its town', 'Plant planned', 'The plant will be built in Kings Mountain (NC) next year.'],
    ['a street written out', 'Road closed', 'Albemarle Street will be closed to traffic on Sunday for the marathon.'],
  ])('%s', (_what, title, summary) => {
    expect(run(title, summary).tickers).toEqual([]);
  });

  it('still reads listings, bracketed codes of named companies and names', () => {
    expect(run('Freeport-McMoRan (FCX) declares force majeure at Grasberg', '').tickers).toEqual(['FCX']);
    expect(run('Albemarle (ALB.N) shares rose 3%', 'ALB.N gained after the results.').tickers).toEqual(['ALB']);
    expect(run('Critical Elements CRE.V shares jump', '').tickers).toEqual(['CRE.V']);
    expect(run('Albemarle St. lab opened by Albemarle', 'Albemarle Corp opened a lab.').tickers).toEqual(['ALB']);
    expect(run('Zangge Mining (000408.SZ) fell 6.3%', '').tickers).toEqual(['000408.SZ']);
    expect(run('Boeing (BA) fell 3%', '').tickers).toEqual(['BA']);
  });
});

const hasFeeds = existsSync(join(REAL_FEEDS_DIR, 'MANIFEST.tsv'));
describe.skipIf(!hasFeeds)(`real general news (${REAL_FEEDS_DIR})`, () => {
  it('flags no item as lithium supply and gives tickers only where a universe company is named', async () => {
    const items = await readRealFeedItems();
    expect(items.length).toBeGreaterThan(500);
    const { supply, tickers } = flaggedItems(items);
    expect(supply.map((f) => f.item.title)).toEqual([]);
    // The one company of the universe these feeds name: a German headline on Tesla.
    expect(tickers.map((f) => [f.item.title, f.match.tickers])).toEqual([['Zahlen geschönt? FBI-Untersuchung gegen Tesla', ['TSLA']]]);
  });
});
if (!hasFeeds) {
  describe('real general news', () => {
    it.skip(`skipped: ${REAL_FEEDS_DIR} not present`, () => {});
  });
}
