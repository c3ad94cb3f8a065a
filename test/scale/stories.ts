/**
 * Ten different lithium supply stories (company, site, event, wording), so that story grouping keeps each one a
 * story of its own. Shared by the three-instance test and `npm run bench:scale`.
 */
export const DISTINCT_STORIES: [string, string][] = [
  ['Albemarle suspends spodumene production at Kemerton', 'The Kemerton plant in Western Australia stops, removing 5,000 tonnes of lithium hydroxide a year.'],
  ['Sigma Lithium trims 2025 guidance as Grota do Cirilo output falls 12%', 'Brazilian producer Sigma Lithium says lithium concentrate sales will drop after a quarterly shipment delay.'],
  ['Piedmont Lithium idles North American Lithium concentrator in Quebec', 'The Quebec operation will pause for eight weeks of maintenance, Piedmont Lithium said on Tuesday.'],
  ['Liontown Resources delays Kathleen Valley underground ramp-up by a year', 'Liontown Resources pushed first underground ore to 2026, lowering near-term spodumene supply.'],
  ['Core Lithium halts mining at Finniss after price collapse', 'Core Lithium stopped open-pit mining in the Northern Territory and will process stockpiles only.'],
  ['Ganfeng Lithium closes Goulamina pilot line in Mali for upgrade', 'Ganfeng Lithium expects the Malian project to restart in the third quarter with 506,000 t capacity.'],
  ['Tianqi Lithium reports Greenbushes lithium supply cut of 20,000 tonnes', 'Tianqi Lithium told the Shenzhen exchange that its share of Greenbushes output fell sharply.'],
  ['Mineral Resources puts Bald Hill mine on care and maintenance', 'MinRes cited spodumene prices below US$900 a tonne for shutting Bald Hill.'],
  ['Sayona Mining cuts Moblan feasibility spending amid lithium glut', 'Sayona Mining deferred 40 million dollars of project spending in Quebec.'],
  ['Standard Lithium pauses Arkansas brine demonstration plant', 'Standard Lithium suspended the Smackover lithium extraction pilot for a two-month retrofit.'],
];
