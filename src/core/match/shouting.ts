/**
 * Flash headlines in capitals ("ALB SEES 2025 LITHIUM OUTPUT UP 10-15% Y/Y; SHARES +4%"): every word looks like a
 * ticker and no word like a name, so the headline is read in title case, keeping as written only the codes the
 * universe lists ("ALB") and lowering units and multipliers ("$426 MLN", "300-330KT").
 */
const LOWER = new Set('mln bln bn mn kt mt tpa ktpa mtpa dmt wmt lce pct yoy qoq mom wow'.split(' '));

/** More than two thirds of the letters are capitals, over at least 12 letters. */
export function isShouting(text: string): boolean {
  // Called for every headline (at most 500 characters): one pass, no regular expressions.
  let letters = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) letters++;
    else if (code >= 97 && code <= 122) {
      letters++;
      lower++;
    } else if (code > 127) {
      const c = text[i] as string;
      if (c.toLowerCase() === c.toUpperCase()) continue;
      letters++;
      if (c !== c.toUpperCase()) lower++;
    }
  }
  return letters >= 12 && (letters - lower) > (letters * 2) / 3;
}

export function calmHeadline(text: string, isCode: (word: string) => boolean): string {
  return text.replace(/(?<=(^|.))\p{L}[\p{L}']*/gu, (w, prev: string) => {
    const low = w.toLowerCase();
    // A listing suffix ("9696.HK") stays; a unit glued to its number ("330KT") is lowered.
    if (prev === '.') return w;
    if (/\d/.test(prev)) return LOWER.has(low) ? low : w;
    if (isCode(w)) return w;
    if (LOWER.has(low) || w.length <= 2) return low;
    return w[0] + low.slice(1);
  });
}
