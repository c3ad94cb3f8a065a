/**
 * German, French and Portuguese/Spanish ways of writing amounts and their periods, rewritten into the English
 * forms the figure readers know (decimal commas are already swapped when the story is in one of those languages):
 *   "1.5 Mrd. €" / "1.5 Milliarden Euro" / "1.5 milliard d'euros" → "€1.5 billion", "140 Mio. €" → "€140 million",
 *   "40,000 t pro Jahr" / "34 000 tonnes par an" → "... a year", "de 270 mil para 520 mil toneladas" →
 *   "de 270 to 520 mil toneladas" (a range shares its unit). Classes of writing, not listed figures.
 */

const NUMBER = String.raw`(\d(?:[\d,]*\d)?(?:\.\d+)?)`;
const BILLION = String.raw`(?:Mrd\.?|Mrd|Milliarden?|milliards?|Md)`;
const MILLION = String.raw`(?:Mio\.?|Millionen?|millions?|M)`;
// French elides "de" before euros with an apostrophe, typographic or as an entity ("d&#8217;euros").
const EURO = String.raw`(?:€|Euro|EUR|d(?:'|\u2019|&#8217;|&#39;|&rsquo;)euros?|de euros|euros)`;
const DOLLAR = String.raw`(?:US-Dollar|Dollar|de dollars|dollars)`;

// A cheap first look: most (English) stories hold none of these words, and skip every rewrite below.
const LIKELY = /Mrd|Mio|illiard|illion[a-z]* (?:d|de)\b|[0-9] ?M€|Md€|Jahr|Monat|Tag\b|par (?:an|ann|mois|jour)|jährlich| mil /;

export function rewriteEuropean(text: string): string {
  if (!LIKELY.test(text)) return text;
  let out = text;
  // "1.5 Mrd. €", "600 Mio. Euro", "1 milliard d'euros", "140 millions d'euros", "2 Md€".
  out = out.replace(new RegExp(String.raw`${NUMBER}\s?${BILLION}\s?${EURO}(?![\p{L}])`, 'gu'), '€$1 billion');
  out = out.replace(new RegExp(String.raw`${NUMBER}\s?${MILLION}\s?${EURO}(?![\p{L}])`, 'gu'), '€$1 million');
  out = out.replace(new RegExp(String.raw`${NUMBER}\s?${BILLION}\s?${DOLLAR}(?![\p{L}])`, 'gu'), 'US$$$1 billion');
  out = out.replace(new RegExp(String.raw`${NUMBER}\s?${MILLION}\s?${DOLLAR}(?![\p{L}])`, 'gu'), 'US$$$1 million');
  // "€ 140 Mio.", "US$ 1,5 Mrd.": the sign first, the multiplier after.
  out = out.replace(new RegExp(String.raw`(€|US\$)\s?${NUMBER}\s?${BILLION}(?![\p{L}])`, 'gu'), '$1$2 billion');
  out = out.replace(new RegExp(String.raw`(€|US\$)\s?${NUMBER}\s?(?:Mio\.?|Millionen?|millions?)(?![\p{L}])`, 'gu'), '$1$2 million');
  // Periods: "pro Jahr", "je Jahr", "im Jahr" (not "im Jahr 2027"), "jährlich", "par an", "par année", "annuels".
  out = out.replace(/(?<![\p{L}])(?:pro|je) Jahr(?![\p{L}])|(?<![\p{L}])im Jahr(?![\p{L}]|\s?\d)|(?<![\p{L}])jährlich(?![\p{L}])|(?<![\p{L}])par (?:an|année)(?![\p{L}])/gu, 'a year');
  out = out.replace(/(?<![\p{L}])(?:pro|je) Monat(?![\p{L}])|(?<![\p{L}])par mois(?![\p{L}])/gu, 'a month');
  out = out.replace(/(?<![\p{L}])(?:pro|je) Tag(?![\p{L}])|(?<![\p{L}])par jour(?![\p{L}])/gu, 'a day');
  // "de 270 mil para 520 mil toneladas", "de 20 a 40 mil toneladas": a range written with its unit twice.
  return out.replace(/(\d(?:[\d,]*\d)?(?:\.\d+)?)\s+mil\s+(?:para|a|até|hasta)\s+(?=\d(?:[\d,]*\d)?(?:\.\d+)?\s+mil\s+(?:toneladas|tonelada|t)\b)/giu, '$1 to ');
}
