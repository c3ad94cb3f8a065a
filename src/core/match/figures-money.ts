/**
 * Money ("A$1.2bn", "469 million yuan", "HK$13.5 billion", "$42M", "12 billion CFA francs") and commodity prices
 * ("US$960 a tonne", "72,000 yuan/t", "Brent at $80") as the corpus labels them.
 */
import type { Figure } from '../types.js';
import type { Doc } from './text.js';
import { CHART_LEVEL } from './figure-phrases.js';
import { lastWords, num, NUM } from './figure-numbers.js';
import { sentenceAt } from './text.js';

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
