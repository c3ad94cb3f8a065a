/**
 * Spanish-, Portuguese-, German- and French-language wires write numbers with the separators the other way round:
 * "2,9%", "15.000 toneladas", "US$10.500", "40.000 t", "1,5 Mrd. €" (French groups thousands with a space, read in
 * numbers-i18n.ts). In a story written in Spanish the two are swapped before it is read; the swap
 * keeps every offset. Only lower-case function words count, so an English story naming "Los Angeles", "El Paso"
 * or "La Negra" is untouched.
 */
const FUNCTION_WORDS = /(?<![\p{L}'])(el|la|los|las|del|que|por|una|sus|para|con|se|su|según|mientras|tras|sobre|entre|desde|pero|más|da|dos|das|em|pela|pelo|não|são|uma|de|en|al|sin|es|son|fue|ha|han|der|die|das|und|den|dem|des|ein|eine|einer|eines|mit|von|für|auf|ist|im|nach|sich|nicht|auch|bei|wird|hat|aus|zum|zur|le|les|du|une|et|dans|pour|sur|est|au|aux|avec|qui|ont|été|sont|cette)(?![\p{L}'])/gu;
// "2,9%": a decimal comma before a percent sign is never English.
const DECIMAL_COMMA_PCT = /\d,\d{1,2}\s?%/;
// "50.000 toneladas", "40.000 t", "1.234,5 Tonnen", "2.500 Mio.": a thousands dot before a unit or multiplier word
// no English wire writes that way.
const THOUSANDS_DOT = /\d\.\d{3}(?:,\d+)?\s?(?:t|toneladas|Tonnen|Mio|Mrd|millones|milhões|mil|m³)(?![\p{L}])/u;

/** A cheap first look (no Unicode classes): a Spanish story has some of its commonest words between spaces. */
const LIKELY = /(?:^|\s)(?:el|la|los|las|del|que|por|una|con|para|se|su|da|dos|das|em|uma|der|die|und|den|dem|mit|von|im|ist|auf|für|wird|hat|sich|le|les|des|du|une|et|dans|pour|sur|au|est|sont|avec|qui)\s/i;

export function isSpanish(text: string): boolean {
  if (DECIMAL_COMMA_PCT.test(text) || THOUSANDS_DOT.test(text)) return true;
  if (!LIKELY.test(text)) return false;
  const seen = new Set<string>();
  let n = 0;
  for (const m of text.matchAll(FUNCTION_WORDS)) {
    seen.add((m[1] ?? '').toLowerCase());
    n++;
  }
  return n >= 3 && seen.size >= 3;
}

/** "10.500" → "10,500", "2,9" → "2.9": decimal comma and thousands dot read the English way. */
export function swapSeparators(text: string): string {
  return text.replace(/\d[\d.,]*\d/g, (s) => s.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.')));
}
