/**
 * Tonnages ("60ktpa", "40,000 tonnes of LCE a year", "1.2 million tonnes", "720kdmt", "6k t/month") as the
 * corpus labels them; money and prices are read in figures-money.ts (re-exported here).
 */
import type { Figure, Per } from '../types.js';
import type { Doc } from './text.js';
import { SCHEDULE, spanishPer } from './figure-phrases.js';
import { sentenceAt } from './text.js';
import { lastWords, num, NUM } from './figure-numbers.js';


// ---- tonnages ------------------------------------------------------------------------------------------

const QTY = new RegExp(
  String.raw`(?<![\w.$€£¥])${NUM}(?:[\s-]?(million|mln|mn|billion|bn|thousand|k|m)\b)?[\s-]?` +
    String.raw`((?:dry |wet )?metric tonnes|(?:dry |wet )?metric tons|metric ton|(?:dry|wet) tonnes|(?:dry|wet) tons|kilotonnes|kilotons|megatonnes|toneladas|tonelada|Tonnen|tonnen|tonnes|tonne|tons|ton|Tonnes|Tons|ktpa|KTPA|Mtpa|mtpa|MTPA|kdmt|kwmt|dmt|wmt|tpa|TPA|tpy|ktpy|kt|KT|Mt(?!\s[A-Z])|MT|mt|t)` +
    // Ticker tape writes the rate in capitals: "~50KT/YR".
    String.raw`(?![\w])(\s?\/\s?(?:y|yr|a|year|annum|month|mo|week|wk|day|d|Y|YR|YEAR|MONTH|WEEK|DAY|D)\b)?`,
  'g',
);
const UNIT_MULT: Record<string, number> = { kilotonnes: 1e3, kilotons: 1e3, megatonnes: 1e6, ktpa: 1e3, KTPA: 1e3, KT: 1e3, MTPA: 1e6, kdmt: 1e3, kwmt: 1e3, kt: 1e3, ktpy: 1e3, Mt: 1e6, Mtpa: 1e6, mtpa: 1e6 };
const UNIT_PER: Record<string, Per> = { KTPA: 'year', MTPA: 'year', TPA: 'year', ktpa: 'year', Mtpa: 'year', mtpa: 'year', tpa: 'year', tpy: 'year', ktpy: 'year' };
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

const FLOW = /\b(produc\w*|produz\w*|produj\w*|output|mined|shipped|ship|sell|sells|sold|sales|exports?|imports?|capacity)\b/i;
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
// Spanish and Portuguese say it too: "el año pasado", "este año", "no ano passado", "en 2025".
const TIME_YEAR = /\b(last|this|next) year\b|\b(?:in|for) (?:FY\s?\d{2,4}|fiscal (?:year )?\d{2,4}|\d{4})\b|\bel a[ñn]o pasado\b|\b(?:este|el pr[óo]ximo) a[ñn]o\b|\b(?:no|este|neste) ano(?: passado)?\b|\b(?:en|em) (?:19|20)\d{2}\b/i;
const PLANT_NOUN = /^\W*(?:[\w-]+\s){0,3}?(line|plant|project|mine|refinery|converter|facility|operation|smelter|concentrator)s?\b/i;

function what(window: string): string {
  const m = /^\s*(?:a year|per year|per annum|a month|per month)?\s*of\s+([a-z][\w -]{0,40}?)(?=\s(?:a|per|in|from|at|to|for|and|due|each|every|annually)\b|[,.;]|$)/i.exec(window);
  return m?.[1]?.trim() ?? '';
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
  /\b(?:19|20)\d{2}\s?-\s?(?:19|20)?\d{2}\b|\b(?:19|20)\d{2}\s(?:to|through|until)\s(?:19|20)\d{2}\b|\bover (?:the |its |their |a |that )?(?:[\w-]+ )?(?:term|life|duration|tenure|length)\b|\bover (?:the )?(?:next |first |coming )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several) years\b|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[- ]year (?:contract|term|deal|agreement|period|offtake|licen[cs]e|permit|concession)\b/i;

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
    // "production annuelle de 20 000 tonnes", "Jahreskapazität von 12.000 t": the French and German words too.
    if (!per && /\b(annual|annualised|annualized|yearly|annually|annuelles?|annuels?|jahres\w*)\b|jährlich/i.test(before)) per = 'year';
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

export { moneyFigures } from './figures-money.js';
