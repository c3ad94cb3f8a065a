/** How figures write numbers: digits with thousands commas, multiplier words, and the words that name a figure. */

export const NUM = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const MULT: Record<string, number> = {
  trillion: 1e12, tn: 1e12, billion: 1e9, bn: 1e9, bln: 1e9, b: 1e9, million: 1e6, mln: 1e6, mn: 1e6, m: 1e6, thousand: 1e3, k: 1e3,
};

export function num(raw: string, mult?: string): number {
  const v = Number.parseFloat(raw.replace(/,/g, '')) * (mult ? (MULT[mult.toLowerCase()] ?? 1) : 1);
  return Number(v.toFixed(4));
}

const FILL = new Set(
  `about around roughly nearly almost approximately some up to by as much more than over of at a an the its is was were
  be been will would another only just total fell rose reached hit totalled totaled climbed dropped slipped increased
  decreased fallen risen grew jumped slid stood`
    .split(/\s+/)
    .filter(Boolean),
);

/** The last few content words before a figure ("reducing supply by as much as" → "reducing supply"). */
export function lastWords(before: string): string {
  const clause = before.split(/(?<!\d),|,(?!\d{3})|[;(]/).pop() ?? '';
  const words = clause.trim().split(/\s+/).filter(Boolean);
  while (words.length && FILL.has((words[words.length - 1] as string).toLowerCase())) words.pop();
  return words.slice(-3).join(' ');
}
