/**
 * Tonnages ("60ktpa", "40,000 tonnes of LCE a year", "1.2 million tonnes", "720kdmt", "6k t/month"), money
 * ("A$1.2bn", "469 million yuan", "HK$13.5 billion", "$42M") and commodity prices ("US$960 a tonne",
 * "72,000 yuan/t") as the corpus labels them.
 */
import type { Figure, Per } from '../types.js';
import type { Doc } from './text.js';
import { CHART_LEVEL, SCHEDULE, spanishPer } from './figure-phrases.js';
import { sentenceAt } from './text.js';

const NUM = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const MULT: Record<string, number> = {
  trillion: 1e12, tn: 1e12, billion: 1e9, bn: 1e9, bln: 1e9, b: 1e9, million: 1e6, mln: 1e6, mn: 1e6, m: 1e6, thousand: 1e3, k: 1e3,
};

function num(raw: string, mult?: string): number {
  const v = Number.parseFloat(raw.replace(/,/g, '')) * (mult ? (MULT[mult.toLowerCase()] ?? 1) : 1);
  return Number(v.toFixed(4));
}

// ---- tonnages ------------------------------------------------------------------------------------------

const QTY = new RegExp(
  String.raw`(?<![\w.$€£¥])${NUM}(?:[\s-]?(million|mln|mn|billion|bn|thousand|k|m)\b)?[\s-]?` +
    String.raw`((?:dry |wet )?metric tonnes|(?:dry |wet )?metric tons|metric ton|(?:dry|wet) tonnes|(?:dry|wet) tons|kilotonnes|kilotons|megatonnes|toneladas|tonelada|tonnes|tonne|tons|ton|Tonnes|Tons|ktpa|Mtpa|mtpa|kdmt|kwmt|dmt|wmt|tpa|tpy|ktpy|kt|Mt(?!\s[A-Z])|MT|mt|t)` +
    String.raw`(?![\w])(\s?\/\s?(?:y|yr|a|year|annum|month|mo|week|wk|day|d)\b)?`,
  'g',
);
const UNIT_MULT: Record<string, number> = { kilotonnes: 1e3, kilotons: 1e3, megatonnes: 1e6, ktpa: 1e3, kdmt: 1e3, kwmt: 1e3, kt: 1e3, ktpy: 1e3, Mt: 1e6, Mtpa: 1e6, mtpa: 1e6 };
const UNIT_PER: Record<string, Per> = { ktpa: 'year', Mtpa: 'year', mtpa: 'year', tpa: 'year', tpy: 'year', ktpy: 'year' };
const SLASH_PER: Record<string, Per> = { y: 'year', yr: 'year', a: 'year', year: 'year', annum: 'year', month: 'month', mo: 'month', week: 'week', wk: 'week', day: 'day', d: 'day' };

function perAfter(window: string): Per | null {
  const m = /\b(?:a|per|each|every|an)[\s-](year|annum|month|week|day)\b|\b(annually|yearly|monthly|weekly|daily|annual|annualised|annualized)\b|^\s?(?:pa|p\.a)\b/i.exec(window);
  if (!m) return spanishPer(window);
  const w = (m[1] ?? m[2] ?? 'year').toLowerCase();
  if (w.startsWith('annu') || w.startsWith('year')) return 'year';
  if (w.startsWith('month')) return 'month';
  if (w.startsWith('week')) return 'week';
  if (w.startsWith('da')) return 'day';
  return 'year';
}

const FLOW = /\b(produc\w*|output|mined|shipped|ship|sell|sells|sold|sales|exports?|imports?|capacity)\b/i;
// Words of a yearly amount: guidance, forecasts, quotas and market balances are stated for a year.
const ANNUAL_NOUN = /\b(produc\w*|output|mined|ship\w*|sell|sells|sold|sales|exports?|imports?|capacity|guidance|forecasts?|outlook|quotas?|surplus|deficit|demand|supply|target|budget|consum\w*|deliver\w*|offtake)\b/i;
// "last financial year", "FY25", "fiscal 2026", "in 2027", "quota for 2026", "its 2027 surplus forecast".
const YEAR_MARK =
  /\b(?:last|this|next|the (?:current|previous|past))\s(?:financial |fiscal |calendar )?year\b|\bfor the (?:full |financial |fiscal |calendar )?year\b|\bFY(?:\s?\d{2,4})?\b|\bfull[- ]year\b|\bfiscal (?:year )?\d{2,4}\b|\b(?:in|for|during) (?:19|20)\d{2}\b(?!\s?-\s?\d{2,4}\b|\s(?:to|and|through)\s(?:19|20)\d{2}\b)|\b(?:19|20)\d{2}\s(?:[\w-]+\s){0,3}?(?:forecast|outlook|guidance|target|quota|estimate|output|production|surplus|deficit|demand|supply|budget|sales|volumes?|shipments?|exports?)\b/i;
// A period shorter than a year, or several years, is not "per year".
const NOT_A_YEAR = /\b(quarter|Q[1-4]|half|H[12]|months?|weeks?|so far|year[- ]to[- ]date|between (?:19|20)\d{2} and|(?:19|20)\d{2}\s?(?:-|to|through)\s?(?:19|20)?\d{2})\b/i;
// One-off amounts: a stock of material, a resource, a cargo.
const STOCK_NOUN = /\b(resources?|reserves?|stockpiles?|inventor(?:y|ies)|stocks|cargo(?:es)?|shipment|deposits?|held|holdings|stored)\b/i;
const ONE_OFF = /\b(cost|costs|costing|lost|lose|loses|losing|loss of|wiped out|in total|a total of|cumulative|altogether)\b/i;
const QUOTA = /\b(quotas?|indicators?|allocations?)\b/i;
// "fell by 2,150 tonnes this week", "produced 41,000 tonnes last month": a change or flow over the period named.
const PERIOD_AFTER = /^\s*(?:of\s(?:[a-z-]+\s){1,3}?)?(?:this|last|the past|over the|in the|during the)\s(?:past\s)?(week|month)\b/i;
const MADE = /\b(produc\w*|output|mined|export(?:s|ed)?|import(?:s|ed)?|shipped|shipments)\b/i;
/** "weekly lithium carbonate output fell 4.1% to 19,300 tons": the flow's own period. */
const FLOW_PERIOD = /\b(weekly|monthly|daily)\s(?:[a-z-]+\s){0,3}?(?:output|production|shipments|exports|imports|sales)\b[^;]*$/i;
/** "fell by 2,150 tons week-on-week": a change over one week. */
const ON_PERIOD = /^\s*(week|month)-on-\1\b|^\s*(w\/w|m\/m)\b/i;
const TIME_MONTH = /\b(?:in|during|for) (?:January|February|March|April|May|June|July|August|September|October|November|December)\b(?! quarter)/;
const TIME_YEAR = /\b(last|this|next) year\b|\b(?:in|for) (?:FY\s?\d{2,4}|fiscal (?:year )?\d{2,4}|\d{4})\b/i;
const PLANT_NOUN = /^\W*(?:[\w-]+\s){0,3}?(line|plant|project|mine|refinery|converter|facility|operation|smelter|concentrator)s?\b/i;

function what(window: string): string {
  const m = /^\s*(?:a year|per year|per annum|a month|per month)?\s*of\s+([a-z][\w -]{0,40}?)(?=\s(?:a|per|in|from|at|to|for|and|due|each|every|annually)\b|[,.;]|$)/i.exec(window);
  return m?.[1]?.trim() ?? '';
}

const FILL = new Set(
  `about around roughly nearly almost approximately some up to by as much more than over of at a an the its is was were
  be been will would another only just total fell rose reached hit totalled totaled climbed dropped slipped increased
  decreased fallen risen grew jumped slid stood`
    .split(/\s+/)
    .filter(Boolean),
);

/** The last few content words before a figure ("reducing supply by as much as" → "reducing supply"). */
function lastWords(before: string): string {
  const clause = before.split(/(?<!\d),|,(?!\d{3})|[;(]/).pop() ?? '';
  const words = clause.trim().split(/\s+/).filter(Boolean);
  while (words.length && FILL.has((words[words.length - 1] as string).toLowerCase())) words.pop();
  return words.slice(-3).join(' ');
}

/**
 * An amount stated for a year without "a year": "produced 80,000 tonnes last financial year", "a deficit of
 * 60,000 t LCE in 2027", "quota for 2026 to 250 million wet tonnes", "FY25 guidance ... 175,000 dmt".
 */
function yearOf(rest: string, after: string, before: string, sentenceText: string): Per | null {
  // "a quota of 400,000 tonnes for 2025-2027", "200,000 tonnes over its term": a total for a term of years.
  if (TERM.test(sentenceText)) return null;
  const local = `${before.slice(-40)} ${rest.slice(0, 60)}`;
  // "the 2026 ... mining indicator is set at 180,000 tons": a quota named with its year is that year's quota
  // (even when "resources" sits in the quota's name); a batch of quotas is only part of it.
  if (QUOTA.test(before.slice(-45)) && /\b(?:19|20)\d{2}\b|\b(?:this|next) year\b/.test(sentenceText) && !/\b(batch|tranche|instal?lment)\b/i.test(sentenceText)) return 'year';
  // The amount's own clause: "shipped 310,000 dmt in the March quarter, and expects 1.2 million dmt this year".
  // A work schedule ("five days a week", "24 hours a day") is not the period of the amount.
  const lead = sentenceText.slice(0, Math.max(0, sentenceText.length - rest.length)).replace(SCHEDULE, ' ').slice(-before.length);
  const own = `${lead.split(/[,;]\s/).pop() ?? ''} ${rest.split(/[,;]\s/)[0] ?? ''}`;
  // "the first batch of quotas for 2023": every quota of that sentence is a part of the year's.
  if (STOCK_NOUN.test(local) || NOT_A_YEAR.test(own) || /\b(batch|tranche|instal?lment)\b/i.test(sentenceText)) return null;
  if (FLOW.test(sentenceText) && (TIME_YEAR.test(after.slice(0, 50)) || TIME_YEAR.test(before))) return 'year';
  // The clause after the amount says when ("to land in China this year").
  const clause = rest.split(/[,;]\s|\s(?:while|but|whereas)\s/)[0]?.slice(0, 80) ?? '';
  if (/\b(?:last|this|next) (?:financial |fiscal |calendar )?year\b|\bFY\s?\d{2,4}\b/i.test(clause)) return 'year';
  return YEAR_MARK.test(sentenceText) && ANNUAL_NOUN.test(sentenceText) ? 'year' : null;
}

// A term of several years the amount is the total of: a span of years, "over its term", "the five-year contract".
const TERM =
  /\b(?:19|20)\d{2}\s?(?:-|to|through|until)\s?(?:19|20)?\d{2}\b|\bover (?:the |its |their |a |that )?(?:[\w-]+ )?(?:term|life|duration|tenure|length)\b|\bover (?:the )?(?:next |first |coming )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several) years\b|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[- ]year (?:contract|term|deal|agreement|period|offtake|licen[cs]e|permit|concession)\b/i;

/** The first number of a range that ends where the amount starts, scaled like the amount; never a year. */
function rangeStart(before: string, scale: number): number | undefined {
  const r = /(?:^|[^\w.,$])(?:(between|from)\s)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(-|to|and)\s?$/i.exec(before);
  if (!r?.[2] || (r[3] === 'and' && r[1]?.toLowerCase() !== 'between')) return undefined;
  // "a year ago", "cut by 20,000 to 180,000 tonnes": a year or a change, not the low end of a range.
  if (/^(19|20)\d\d$/.test(r[2]) || /\bby\s[\d.,]+\s?(?:-|to)\s?$/i.test(before)) return undefined;
  const v = Number.parseFloat(r[2].replace(/,/g, '')) * (r[2].includes(',') ? 1 : scale);
  return v > 0 ? Number(v.toFixed(4)) : undefined;
}

export function quantityFigures(doc: Doc): Figure[] {
  const out: Array<Extract<Figure, { kind: 'quantity' }> & { sentence: number; period?: boolean }> = [];
  const text = doc.text;
  for (const m of text.matchAll(QTY)) {
    const unit = m[3] ?? '';
    const value = num(m[1] ?? '0', m[2]) * (UNIT_MULT[unit] ?? 1);
    if (!(value > 0)) continue;
    const end = m.index + m[0].length;
    const sentence = sentenceAt(doc, m.index);
    const s = doc.sentences[sentence] ?? { start: 0, end: text.length };
    const after = text.slice(end, s.end).split(/[,;]|\s\d|\$/)[0]?.slice(0, 80) ?? '';
    const before = text.slice(Math.max(s.start, m.index - 60), m.index);
    const sentenceText = text.slice(s.start, s.end);
    let per: Per | null = UNIT_PER[unit] ?? (m[4] ? (SLASH_PER[m[4].replace(/[\s/]/g, '').toLowerCase()] ?? null) : null);
    per ??= perAfter(after);
    // Not passed on to a level stated next ("fell by 2,150 tonnes this week to 98,600 tonnes").
    let period = false;
    const periodMatch = per ? null : PERIOD_AFTER.exec(after);
    if (periodMatch && (/\bby\s(?:[a-z]+\s)?$/i.test(before) || FLOW.test(before.slice(-40)))) {
      per = (periodMatch[1] ?? '').toLowerCase() === 'week' ? 'week' : 'month';
      period = true;
    }
    const onPeriod = per || period ? null : ON_PERIOD.exec(after);
    if (onPeriod && /\bby\s(?:[a-z]+\s)?$/i.test(before)) {
      per = /^\s*(week|w)/i.test(onPeriod[0]) ? 'week' : 'month';
      period = true;
    }
    if (!per && /\b(annual|annualised|annualized|yearly|annually)\b/i.test(before)) per = 'year';
    const flowPeriod = per ? null : FLOW_PERIOD.exec(before);
    if (flowPeriod) per = { weekly: 'week', monthly: 'month', daily: 'day' }[(flowPeriod[1] ?? '').toLowerCase()] as Per;
    if (!per) per = yearOf(text.slice(m.index, s.end), after, before, sentenceText);
    // "output fell to 41,000 tonnes in February": a month's production.
    if (!per && MADE.test(sentenceText) && (TIME_MONTH.test(after.slice(0, 45)) || TIME_MONTH.test(before.slice(-30)))) per = 'month';
    if (!per && /-\s?$/.test(m[0].slice(0, m[0].length - unit.length)) && PLANT_NOUN.test(after)) per = 'year';
    if (!per && /\bcapacity\b/i.test(before.slice(-30))) per = 'year';
    // "idled 25,000 tpa of capacity and cost the industry 6,500 tonnes of output": a loss is a one-off amount,
    // not a rate like the capacity before it.
    if (!per && !ONE_OFF.test(before.slice(-40))) {
      const prev = out[out.length - 1];
      if (prev && prev.sentence === sentence && prev.per && !prev.period) per = prev.per;
    }
    const lce =
      /\bLCE\b|lithium carbonate equivalent/i.test(after) || /\b(LCE|lithium carbonate equivalent)\b[^.,;\d]{0,25}$/i.test(before);
    const basis = lce ? { basis: 'LCE' as const } : {};
    // "820-870kt", "between 820,000 and 870,000 tonnes": the range's first number has the same unit.
    const low = rangeStart(before, value / num(m[1] ?? '0'));
    if (low !== undefined && low / value < 10 && value / low < 10) out.push({ kind: 'quantity', value: low, unit: 't', per, what: lastWords(before.replace(/[\d.,]+\s?(?:-|to|and)\s?$/, '')), ...basis, sentence });
    out.push({ kind: 'quantity', value, unit: 't', per, what: what(after) || lastWords(before), ...basis, sentence, ...(period ? { period } : {}) });
  }
  return out.map(({ sentence: _s, period: _p, ...f }) => f);
}

// ---- money and prices ----------------------------------------------------------------------------------

const PREFIX_CCY: Record<string, string> = {
  'US$': 'USD', USD: 'USD', 'U.S.$': 'USD', $: 'USD', 'A$': 'AUD', 'AU$': 'AUD', AUD: 'AUD', 'C$': 'CAD', 'CA$': 'CAD',
  CAD: 'CAD', 'HK$': 'HKD', HKD: 'HKD', 'NZ$': 'NZD', $US: 'USD', $A: 'AUD', $C: 'CAD', $NZ: 'NZD', 'S$': 'SGD', 'R$': 'BRL', RMB: 'CNY', CNY: 'CNY', EUR: 'EUR',
  '€': 'EUR', GBP: 'GBP', '£': 'GBP', '¥': 'CNY', JPY: 'JPY', KRW: 'KRW', INR: 'INR', CHF: 'CHF',
  // Lithium's producing countries' own currencies, as wires write them before the figure ("BRL 487 million").
  BRL: 'BRL', ZAR: 'ZAR', CLP: 'CLP', ARS: 'ARS', MXN: 'MXN', PEN: 'PEN', SGD: 'SGD', NZD: 'NZD', IDR: 'IDR', SEK: 'SEK', NOK: 'NOK',
  // CFA francs: the West African (XOF: Mali, Côte d'Ivoire, ...) and Central African (XAF) francs; "FCFA" says
  // neither, so the story's country decides (cfaZone).
  XOF: 'XOF', XAF: 'XAF', FCFA: 'CFA',
};
// Countries of the Central African CFA franc (XAF); a CFA amount anywhere else is West African (XOF), where
// lithium's CFA-franc news is (Mali's Goulamina and Bougouni).
const XAF_COUNTRIES = /\b(Cameroon|Cameroun|Gabon\w*|Chad|Tchad|Central African Republic|Equatorial Guinea|Brazzaville|CEMAC)\b/i;
const cfaZone = (text: string): string => (XAF_COUNTRIES.test(text) ? 'XAF' : 'XOF');
const MONEY_PRE = new RegExp(
  String.raw`(?<![\w$])(US\$|U\.S\.\$|USD|A\$|AU\$|AUD|C\$|CA\$|CAD|HK\$|HKD|NZ\$|S\$|R\$|\$US|\$A|\$C|\$NZ|RMB|CNY|EUR|GBP|JPY|KRW|INR|CHF|BRL|ZAR|CLP|ARS|MXN|PEN|SGD|NZD|IDR|SEK|NOK|XOF|XAF|FCFA|\$|€|£|¥)\s?${NUM}` +
    // "$1.5-2.0 billion": a range shares its multiplier.
    String.raw`(?:\s?(?:-|to)\s?(\d+(?:\.\d+)?)(?=[\s-]?(?:trillion|tn|billion|bn|bln|million|mln|mn)\b))?` +
    String.raw`(?:[\s-]?(trillion|tn|billion|bn|bln|b|B|million|mln|mn|m|M|thousand|k|K)(?![\w]))?`,
  'g',
);
const POST_CCY: Array<[RegExp, string]> = [
  [/^(yuan|renminbi|rmb|cny)$/i, 'CNY'], [/^(us dollars|u\.s\. dollars|usd|dollars)$/i, 'USD'],
  [/^(australian dollars|aud)$/i, 'AUD'], [/^(canadian dollars|cad)$/i, 'CAD'], [/^(hong kong dollars|hk dollars|hkd)$/i, 'HKD'],
  [/^(euros?|eur)$/i, 'EUR'], [/^(pounds sterling|sterling|gbp)$/i, 'GBP'], [/^won$/i, 'KRW'], [/^yen$/i, 'JPY'],
  [/^rupees$/i, 'INR'], [/^(reais|brl)$/i, 'BRL'], [/^(rand|zar)$/i, 'ZAR'], [/^(swiss francs|chf)$/i, 'CHF'],
  [/^(chilean pesos|clp)$/i, 'CLP'], [/^(argentine pesos|ars)$/i, 'ARS'], [/^xof$/i, 'XOF'], [/^xaf$/i, 'XAF'],
  [/^(cfa francs?|francs? cfa|fcfa|f cfa|cfa)$/i, 'CFA'],
];
const MONEY_POST = new RegExp(
  String.raw`(?<![\w.$€£¥])${NUM}(?:[\s-]?(trillion|billion|bn|bln|million|mln|mn|thousand)\b)?\s` +
    String.raw`(yuan|renminbi|RMB|CNY|US dollars|U\.S\. dollars|Australian dollars|Canadian dollars|Hong Kong dollars|HK dollars|dollars|euros?|pounds sterling|sterling|won|yen|rupees|reais|rand|Swiss francs|Chilean pesos|Argentine pesos|CFA francs?|francs? CFA|FCFA|F CFA|USD|AUD|CAD|HKD|EUR|GBP|CHF|BRL|ZAR|CLP|ARS|XOF|XAF)(?![\w])`,
  'g',
);
const PER_UNIT = /^\s?(?:\/\s?|a\s|an\s|per\s|por\s|-a-|-per-|each\s)(metric tonne|metric ton|tonelada|tonne|ton|dmt|wmt|mtu|dmtu|t|mt|lb|pound|oz|ounce|barrel|bbl|kg|kilogram|share|kilowatt-hour|kwh|megawatt-hour|mwh|unit|gallon|litre|liter)s?\b/i;
const PER_NORM: Array<[RegExp, string | null]> = [
  [/^(metric tonne|metric ton|tonelada|tonne|ton|t|mt|dmt|wmt)$/i, 't'], [/^(lb|pound)$/i, 'lb'], [/^(oz|ounce)$/i, 'oz'],
  [/^(barrel|bbl)$/i, 'bbl'], [/^(kg|kilogram)$/i, 'kg'], [/^(mtu|dmtu)$/i, 'mtu'], [/^(gallon)$/i, 'gal'],
  [/^(kilowatt-hour|kwh)$/i, 'kWh'], [/^(megawatt-hour|mwh)$/i, 'MWh'],
];
// Priced per a unit that is not a good (a share, a litre of fuel, "per unit"): not a commodity price.
const NOT_PRICED = /^(unit|litre|liter)$/i;
// "price target was cut to US$4.50", "target price of A$3": an analyst's target is money, not a share price level.
const TARGET = /\b(price target|target price|price objective|valuation of|fair value)\b[^.;]{0,30}$/i;
const THRESHOLD = /\b(below|above|under|over|past|through|beyond|tops?|topped|breaks?|broke|breach\w*|cross\w*)\s*$/i;
const SHARE_CONTEXT = /\b(shares?|stock|ADRs?|offer|bid|proposal|valu\w+)\b/i;
const PRICE_WORDS = /\b(prices?|futures|spot|benchmark|traded|quoted|assessed)\b/i;
const COMMODITY = /\b(lithium|spodumene|carbonate|hydroxide|lepidolite|concentrate|nickel|copper|cobalt|ore|oil|crude|brent|wti|gold|silver|platinum|palladium|iron|coal|graphite|potash|alumin\w+|zinc|tin|uranium|bitcoin)\b/i;
// "Brent at $80", "gold near $2,400", "WTI above $70 a barrel": a commodity named right before a bare amount.
const COMMODITY_AT = /\b(?:brent|wti|crude|oil|gold|silver|platinum|palladium|copper|nickel|spodumene|carbonate|hydroxide|bitcoin)\b(?:\s(?:crude|futures|prices?|spot|oil|was|is|traded|trades|trading|stood|held|hovered|settled|closed|ended|rose|fell|climbed|dropped|jumped|slipped|hit|touched|reached|near|at|above|below|around|to|over|under|of))+\s*$/i;

/** Text without multi-word proper names ("Ganfeng Lithium", "Sigma Lithium Corp"). */
function plainWords(s: string): string {
  return s.replace(/\b[A-Z][\w&-]*(?:\s(?:[A-Z][\w&-]*|\([^)]{1,15}\)))+/g, ' ');
}

interface Amount {
  value: number;
  currency: string;
  /** Written with million/bn/...: never a share price. */
  mult: boolean;
  start: number;
  end: number;
}

function amounts(text: string): Amount[] {
  const out: Amount[] = [];
  for (const m of text.matchAll(MONEY_PRE)) {
    const ccy = PREFIX_CCY[m[1] ?? ''];
    if (!ccy) continue;
    const end = m.index + m[0].length;
    out.push({ value: num(m[2] ?? '0', m[4]), currency: ccy, mult: !!m[4], start: m.index, end });
    if (m[3]) out.push({ value: num(m[3], m[4]), currency: ccy, mult: !!m[4], start: m.index + 1, end });
  }
  for (const m of text.matchAll(MONEY_POST)) {
    const word = m[3] ?? '';
    const ccy = POST_CCY.find(([re]) => re.test(word))?.[1];
    if (!ccy || out.some((a) => a.start <= m.index && a.end > m.index)) continue;
    out.push({ value: num(m[1] ?? '0', m[2]), currency: ccy, mult: !!m[2], start: m.index, end: m.index + m[0].length });
  }
  for (const a of out) if (a.currency === 'CFA') a.currency = cfaZone(text);
  return out.sort((a, b) => a.start - b.start);
}

export function moneyFigures(doc: Doc): Figure[] {
  const text = doc.text;
  const out: Array<Figure & { sentence: number; threshold?: boolean }> = [];
  for (const a of amounts(text)) {
    if (!(a.value > 0)) continue;
    const sentence = sentenceAt(doc, a.start);
    const s = doc.sentences[sentence] ?? { start: 0, end: text.length };
    // "79,640 yuan ($11,000) a ton": a conversion in brackets sits between an amount and its unit.
    const after = text.slice(a.end, a.end + 80).replace(/^\s*\((?=[^()]{0,12}(?:[$€£¥]|USD|RMB|yuan|dollars))[^()%]{1,40}\)|^\)/, '').slice(0, 40);
    const before = text.slice(Math.max(s.start, a.start - 40), a.start);
    const what = lastWords(before);
    let unit = PER_UNIT.exec(after)?.[1];
    // "$900-1,000/t": the unit after the range's second number prices both.
    const range = unit ? undefined : /^\s?(?:-|to)\s?\$?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)/.exec(after);
    if (range && !a.mult) {
      unit = PER_UNIT.exec(after.slice(range[0].length))?.[1];
      if (unit && !/^share$/i.test(unit) && !NOT_PRICED.test(unit)) {
        const per = PER_NORM.find(([re]) => re.test(unit ?? ''))?.[1] ?? null;
        out.push({ kind: 'price', value: num(range[1] ?? '0'), currency: a.currency, per, what, sentence });
      }
    }
    if (unit) {
      if (NOT_PRICED.test(unit)) continue;
      // A per-kWh figure is a market level when prices or costs are the topic ("pack prices fell to US$115/kWh",
      // "packs averaged US$94/kWh"), not when it is a term of one deal ("the winning bid came in at US$180/kWh").
      if (/^(kilowatt-hour|kwh|megawatt-hour|mwh)$/i.test(unit) && !/\b(prices?|costs?|averag\w*)\b/i.test(text.slice(s.start, s.end))) continue;
      if (!/^share$/i.test(unit)) {
        const per = PER_NORM.find(([re]) => re.test(unit))?.[1] ?? null;
        out.push({ kind: 'price', value: a.value, currency: a.currency, per, what, sentence, threshold: sentence === 0 && THRESHOLD.test(before) });
        continue;
      }
    } else if (!a.mult && /\d\s?(?:%|per ?cent|pct|pc)\s+(?:to|at)\s*$/i.test(before) && !COMMODITY.test(plainWords(text.slice(s.start, a.start))) && !PRICE_WORDS.test(text.slice(s.start, a.start))) {
      // "rose 5.2 per cent to HK$28.50": the share price a move ended at, shown by the move (a company's name,
      // "Ganfeng Lithium", does not make it a commodity).
      continue;
    } else if (TARGET.test(before)) {
      out.push({ kind: 'money', value: a.value, currency: a.currency, what: 'price target', sentence });
      continue;
    } else if (!a.mult && (CHART_LEVEL.test(before) || /\s?\(\s?[+-]?\d/.test(after.slice(0, 4)) || (/\b(at|to)\s*$/i.test(before) && SHARE_CONTEXT.test(text.slice(s.start, a.start))))) {
      // A share price level ("indicated at US$6.12 (-8.0%)") is shown by the move, not as money.
      continue;
    }
    // "down 68% from November's record of 597,500 yuan": a later amount in a price sentence is a price too.
    const prevPrice = out.find((f) => f.kind === 'price' && f.sentence === sentence && f.currency === a.currency);
    if (!unit && prevPrice && prevPrice.kind === 'price' && a.value / prevPrice.value < 20 && prevPrice.value / a.value < 20) {
      out.push({ kind: 'price', value: a.value, currency: a.currency, per: prevPrice.per, what, sentence });
      continue;
    }
    // "spodumene prices rose to US$1,050": a bare amount after a commodity price word is a price.
    const head = text.slice(s.start, a.start);
    // "lithium carbonate rose 5% to 80,000 yuan": where a commodity moved to is its price.
    const movedTo = /\d\s?(?:%|per ?cent|pct|pc)\s+(?:to|at)\s*$/i.test(before);
    const commodityAt = COMMODITY_AT.test(before) && !SHARE_CONTEXT.test(before.slice(-30));
    if (!a.mult && (commodityAt || ((movedTo || PRICE_WORDS.test(text.slice(s.start, s.end))) && COMMODITY.test(head) && !SHARE_CONTEXT.test(head) && /\b(to|at|of|around|about|near|below|above|over)\s*$/i.test(before)))) {
      out.push({ kind: 'price', value: a.value, currency: a.currency, per: null, what, sentence });
      continue;
    }
    out.push({ kind: 'money', value: a.value, currency: a.currency, what, sentence });
  }
  // "Carbonate falls below 200,000 yuan/t" over "slid to 190,000 yuan a tonne": a headline's round threshold is
  // not a price when the text states the level itself.
  const levels = out.filter((f) => f.kind === 'price' && f.sentence > 0);
  return out
    .filter((f) => {
      if (f.kind !== 'price' || !f.threshold) return true;
      return !levels.some((g) => g.kind === 'price' && g.currency === f.currency && g.per === f.per && Math.abs(g.value - f.value) <= 0.2 * f.value);
    })
    .map(({ sentence: _s, threshold: _t, ...f }) => f as Figure);
}
