/**
 * How news writes company names: words too common to name a company alone, legal-form and industry tails, place
 * prefixes, the short forms a story uses after the full name, and the capitalisation a name needs to count.
 */

export type CaseRule = 'upper' | 'every-word' | 'first-word' | 'any';

// Words so common that a name made only of them ("Global Lithium", "Mineral Resources") must be written with
// every word capitalised; a single such word is never enough to name a company.
const GENERIC = new Set(
  `global standard core critical elements frontier atlas patriot lithium mineral minerals resources mining metals
  battery energy royalty latin americas american argentina rock lake salt new first united international group
  mesa salar north south east west great pacific royal sigma alpha delta summit pioneer eagle star gold silver
  copper nickel cobalt materials technology holdings capital corp partners power green clean future blue red black
  white green jiangxi qinghai zhejiang sichuan yunnan tibet hunan hubei henan guangdong jiangsu shandong fujian
  shanghai shenzhen tianjin ningbo beijing china chinese australian canadian western eastern inner mongolia
  spodumene brine salt lake chemical chemicals industries industry investment development exploration
  vulcan rio contemporary piedmont liontown`
    .split(/\s+/)
    .filter(Boolean),
);
export const CORPORATE_SUFFIX = new Set(
  'inc incorporated corp corporation ltd limited co company plc llc sa s.a ag nv se spa pty group holdings'.split(' '),
);
const INDUSTRY_TAIL = new Set('lithium spodumene resources mining minerals metals energy materials salt lake brine'.split(' '));
const PLACE_HEAD = new Set(
  `jiangxi qinghai zhejiang sichuan yunnan tibet xizang hunan hubei henan guangdong jiangsu shandong fujian
  shanghai shenzhen tianjin ningbo beijing inner mongolia`
    .split(/\s+/)
    .filter(Boolean),
);

// Distinctive first words that GENERIC holds only so that the full name needs capitals; as a short form of a name
// written out elsewhere in the story they are safe. Regions that share a company's first word are never short forms.
const SHORT_OK = new Set('piedmont liontown vulcan rio'.split(' '));
const SHORT_NEVER = new Set('pilbara atacama carolina nevada quebec ontario sociedad'.split(' '));

/**
 * The single word a story uses for a company after naming it in full ("Piedmont shares fell 2.8%"), or undefined
 * when that word is generic ("Standard", "Core", "Global", "Mineral") or the name is one word already.
 */
export function shortForm(name: string): string | undefined {
  const words = name.replace(/\(.*\)/g, ' ').split(/\s+/).filter(Boolean);
  const first = words[0];
  if (words.length < 2 || !first || first.length < 4 || !/^\p{Lu}\p{Ll}+$/u.test(first)) return undefined;
  const low = first.toLowerCase();
  if (SHORT_NEVER.has(low) || PLACE_HEAD.has(low) || CORPORATE_SUFFIX.has(low)) return undefined;
  if (GENERIC.has(low) && !SHORT_OK.has(low)) return undefined;
  return first;
}

export function caseRule(alias: string, words: readonly string[]): CaseRule {
  // A Chinese name ("宁德时代") has no case to check: its characters are the evidence.
  if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u30fb\s]+$/u.test(alias)) return 'any';
  const letters = alias.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters.length <= 6 && letters === letters.toUpperCase() && !/\s/.test(alias)) return 'upper';
  if (/^\p{Ll}/u.test(alias)) return 'any';
  if (words.every((w) => GENERIC.has(w) || CORPORATE_SUFFIX.has(w))) return 'every-word';
  return 'first-word';
}

/**
 * Shorter names a headline uses for a company known only by its full name (a watchlist or universe_extra entry):
 * "Mesa Dorada Lithium Inc" → "Mesa Dorada Lithium", "Mesa Dorada"; "Jiangxi Ruiheng Lithium Co" → "Ruiheng".
 */
export function derivedAliases(name: string): string[] {
  const words = name.replace(/[.,]/g, ' ').split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  const low = (w: string): string => w.toLowerCase();
  while (words.length > 1 && CORPORATE_SUFFIX.has(low(words[words.length - 1] as string))) words.pop();
  out.add(words.join(' '));
  const core = [...words];
  while (core.length > 1 && INDUSTRY_TAIL.has(low(core[core.length - 1] as string))) core.pop();
  if (core.length < words.length) out.add(core.join(' '));
  const headless = [...core];
  while (headless.length > 1 && PLACE_HEAD.has(low(headless[0] as string))) headless.shift();
  if (headless.length < core.length) out.add(headless.join(' '));
  return [...out].filter((a) => {
    const ws = a.split(' ');
    return !(ws.length === 1 && GENERIC.has(low(a))) && a.length >= 3;
  });
}
