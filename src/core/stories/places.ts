/**
 * Where an event happens: regions from a small gazetteer (countries, states and provinces that lithium news names),
 * and site names read from the text's own shape ("the Mt Yarrabee mine", "Salar de Los Vientos", "at Kwinana").
 * Site names generalise to mines the gazetteer has never heard of; regions only break ties.
 */
import { toSimplified } from '../match/han.js';
import { cleanText, fold } from '../match/text.js';

// name or demonym -> region key. Multi-word names first so "western australia" wins over "australia".
const REGIONS: Record<string, string> = {
  'western australia': 'wa', 'northern territory': 'nt', 'new south wales': 'nsw', queensland: 'qld', goldfields: 'wa',
  pilbara: 'wa', australia: 'au', australian: 'au',
  chile: 'cl', chilean: 'cl', atacama: 'cl', antofagasta: 'cl',
  argentina: 'ar', argentine: 'ar', argentinian: 'ar', catamarca: 'ar-catamarca', jujuy: 'ar-jujuy', salta: 'ar-salta',
  bolivia: 'bo', bolivian: 'bo', peru: 'pe', peruvian: 'pe', mexico: 'mx', mexican: 'mx', sonora: 'mx',
  brazil: 'br', brazilian: 'br', 'minas gerais': 'br', canada: 'ca', canadian: 'ca', quebec: 'ca-qc', ontario: 'ca-on',
  'james bay': 'ca-qc', manitoba: 'ca-mb', 'united states': 'us', nevada: 'us-nv', 'north carolina': 'us-nc',
  'south carolina': 'us-sc', arkansas: 'us-ar', texas: 'us-tx', california: 'us-ca', ohio: 'us-oh',
  china: 'cn', chinese: 'cn', jiangxi: 'cn-jx', yichun: 'cn-jx', qinghai: 'cn-qh', qaidam: 'cn-qh', sichuan: 'cn-sc',
  tibet: 'cn-xz', xizang: 'cn-xz', yunnan: 'cn-yn', 'inner mongolia': 'cn-nm', guangxi: 'cn-gx', hong: 'hk',
  yifeng: 'cn-jx', "gao'an": 'cn-jx', gaoan: 'cn-jx', fengxin: 'cn-jx', jiangsu: 'cn-js', zhangjiagang: 'cn-js',
  zhejiang: 'cn-zj', guangdong: 'cn-gd', hunan: 'cn-hn', hubei: 'cn-hb', henan: 'cn-ha', fujian: 'cn-fj', shandong: 'cn-sd',
  xinjiang: 'cn-xj', gansu: 'cn-gs', guizhou: 'cn-gz', golmud: 'cn-qh', chengdu: 'cn-sc', ganzi: 'cn-sc', aba: 'cn-sc',
  zimbabwe: 'zw', zimbabwean: 'zw', harare: 'zw', congo: 'cd', congolese: 'cd', drc: 'cd', namibia: 'na', mali: 'ml',
  ghana: 'gh', nigeria: 'ng', mozambique: 'mz', indonesia: 'id', indonesian: 'id', portugal: 'pt', serbia: 'rs',
  germany: 'de', german: 'de', finland: 'fi', 'united kingdom': 'gb', britain: 'gb', cornwall: 'gb', mongolia: 'mn',
  japan: 'jp', korea: 'kr', korean: 'kr',
  // Spanish and Portuguese names that differ from the English ones (accents are folded).
  brasil: 'br', 'estados unidos': 'us', zimbabue: 'zw', alemania: 'de', alemanha: 'de', japon: 'jp', japao: 'jp',
};
// Chinese names (simplified; traditional folds to it), matched without word boundaries: Han text has no spaces.
const HAN_REGIONS: Record<string, string> = {
  墨西哥: 'mx', 索诺拉: 'mx', 智利: 'cl', 阿塔卡马: 'cl', 阿根廷: 'ar', 萨尔塔: 'ar-salta', 卡塔马卡: 'ar-catamarca', 胡胡伊: 'ar-jujuy',
  玻利维亚: 'bo', 巴西: 'br', 澳大利亚: 'au', 澳洲: 'au', 西澳: 'wa', 加拿大: 'ca', 魁北克: 'ca-qc', 美国: 'us', 内华达: 'us-nv',
  加州: 'us-ca', 加利福尼亚: 'us-ca', 中国: 'cn', 江西: 'cn-jx', 宜春: 'cn-jx', 青海: 'cn-qh', 四川: 'cn-sc', 西藏: 'cn-xz',
  津巴布韦: 'zw', 刚果: 'cd', 纳米比亚: 'na', 马里: 'ml', 尼日利亚: 'ng', 印尼: 'id', 印度尼西亚: 'id', 葡萄牙: 'pt', 塞尔维亚: 'rs',
  德国: 'de', 日本: 'jp', 韩国: 'kr',
};
const HAN_REGION_RE = new RegExp(Object.keys(HAN_REGIONS).sort((a, b) => b.length - a.length).join('|'), 'g');
const REGION_RE = new RegExp(
  `\\b(${Object.keys(REGIONS).sort((a, b) => b.length - a.length).map((k) => k.replace(/ /g, '\\s+').replace(/'/g, "['’]?")).join('|')})\\b`,
  'g',
);

// What a named site is called; commodity words may sit between the name and the noun ("Wodgina spodumene mine").
// Either case: headlines capitalise every word ("Kestrel Lake Project").
const anyCase = (words: string): string => words.split(' ').map((w) => `[${w[0]}${w[0]?.toUpperCase()}]${w.slice(1)}`).join('|');
const SITE_NOUN = `(?:${anyCase('mine mines project operation operations plant refinery converter concentrator deposit hub complex facility site pit ponds train lines line')})`;
const COMMODITY = 'lithium spodumene lepidolite brine clay hydroxide carbonate copper nickel cobalt graphite gold iron ore potash rare earth';
const FILLER = `(?:(?:${anyCase(`${COMMODITY} hard-rock underground open-pit processing conversion dle salt lake flake battery-grade`)})(?:\\s+(?:and|&))?)`;
const NAME_WORD = "(?:(?:Mt|Mount|Lake|Laguna|Salar|Cerro)\\.?|[A-Z][\\p{L}'\\-]+)";
const NAME = `${NAME_WORD}(?:\\s+(?:de|do|da|del|los|las|la)?\\s*${NAME_WORD}){0,3}`;
const SITE_BEFORE_NOUN = new RegExp(`(${NAME})(?:'s)?\\s+(?:${FILLER}\\s+){0,2}${SITE_NOUN}\\b`, 'gu');
const SITE_PREFIXED = new RegExp(`\\b((?:Mt|Mount|Salar de|Laguna|Cerro)\\.?\\s+${NAME})`, 'gu');
const SITE_AFTER_NOUN = new RegExp(`\\b(?:mine|project|plant|operation|refinery)\\s+(?:at|in|near)\\s+(${NAME})`, 'gu');

// Capitalised words that start names but are not names of a place: sentence openers, firms, generic nouns.
const NOT_A_NAME = new Set(
  `the a an its their this that these those our new first second third phase train stage lithium spodumene mine mines
  project operation plant company group limited ltd inc corp co shares state federal national provincial chinese
  australian canadian american argentine brazilian chilean mount mt salar lake laguna cerro de do da del los las la
  north south east west northern southern eastern western central upper lower greater battery grade ore carbonate
  hydroxide brine clay processing dle salt flake underground open pit hard rock main big largest project mine plant
  operation operations refinery converter concentrator deposit facility site ${COMMODITY}`.split(/\s+/).filter(Boolean),
);

export interface Places {
  /** Region keys from the gazetteer ("wa", "ar-catamarca"). */
  regions: string[];
  /** Site name words, folded ("yarrabee", "wodgina", "cirilo"). */
  sites: string[];
}

function siteWords(name: string, companyWords: ReadonlySet<string>): string[] {
  // An acronym before "lines" or "plant" is a process or product ("NPI lines", "RKEF plant", "DLE plant"), not a name.
  return name
    .split(/[\s']+/)
    .filter((w) => !/^[A-Z0-9]{2,5}$/.test(w))
    .map((w) => fold(w))
    .map((w) => w.replace(/[^a-z0-9-]/g, ''))
    // "US-traded", "Huayou-owned": a word that qualifies, not a name.
    .filter((w) => w.length > 2 && !/-[a-z]+$/.test(w) && !NOT_A_NAME.has(w) && !companyWords.has(w) && !(w in REGIONS));
}

/**
 * `companyWords`: folded words of company names the caller knows (so "Albemarle's Kemerton plant" yields
 * "kemerton", not "albemarle"). Works without them, only less sharply.
 */
export function findPlaces(title: string, summary: string, companyWords: ReadonlySet<string> = new Set()): Places {
  const text = `${cleanText(title)}\n${cleanText(summary)}`;
  const regions = new Set<string>();
  for (const m of fold(text).matchAll(REGION_RE)) {
    const raw = (m[1] ?? '').replace(/\s+/g, ' ').replace(/’/g, "'");
    const key = REGIONS[raw] ?? REGIONS[raw.replace(/'/g, '')];
    if (key) regions.add(key);
  }
  for (const m of toSimplified(text).matchAll(HAN_REGION_RE)) {
    const key = HAN_REGIONS[m[0]];
    if (key) regions.add(key);
  }
  const sites = new Set<string>();
  for (const re of [SITE_BEFORE_NOUN, SITE_PREFIXED, SITE_AFTER_NOUN]) {
    for (const m of text.matchAll(re)) for (const w of siteWords(m[1] ?? '', companyWords)) sites.add(w);
  }
  // A state or province is in its country ("Salta" is in Argentina): a report naming only the country still agrees.
  for (const r of [...regions]) if (r.includes('-')) regions.add(r.split('-')[0] as string);
  return { regions: [...regions].sort(), sites: [...sites].sort() };
}

/** A word of the region gazetteer ("jiangxi", "chile"): regions are compared on their own. */
export function isRegionWord(w: string): boolean {
  return w in REGIONS;
}

/** Share of the smaller set found in the larger one; undefined when either side names nothing. */
export function overlap(a: readonly string[], b: readonly string[]): number | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const sb = new Set(b);
  const common = a.filter((x) => sb.has(x)).length;
  return common / Math.min(a.length, b.length);
}
