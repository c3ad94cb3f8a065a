/**
 * Proper names a report uses beyond its companies and regions: a pit, a town, a port, an industrial park
 * ("Ironbark Hill", "Morowali", "Itinga", "Wandoo"). Two outlets on one event name the same few of them
 * however differently they word the rest, while the site reader needs a noun after the name ("... mine").
 * A word counts when it is capitalised inside a sentence of the summary (a headline capitalises every word,
 * and a sentence its first), or in a headline that is not in title case.
 */
import { cleanText, fold } from '../match/text.js';

// Capitalised mid-sentence but no name of a place or thing: titles, weekdays, months, nationalities, trade words.
const COMMON = new Set(
  `the a an and or of in on at for to from with by its their this that his her our we they it he she said says
  chief executive officer managing director chairman minister ministry government president mr mrs ms dr
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december q1 q2 q3 q4 h1 h2 fy
  chinese australian american canadian chilean argentine argentinian brazilian african european asian indonesian
  western eastern northern southern central north south east west new old upper lower greater
  shares stock stocks exchange index ltd limited inc corp co plc group holdings resources minerals mining metals
  lithium spodumene carbonate hydroxide brine concentrate sc6 lce lme asx nyse nasdaq tsx hkex sse szse otc
  street road st mount mt lake hill creek river valley port bay park county city province state district
  managing according also however meanwhile after before while under
  google coverage full news times post journal herald daily weekly
  translated flash notice update breaking exclusive analysis analysts analyst broker traders sources`.split(/\s+/).filter(Boolean),
);

function isTitleCase(s: string): boolean {
  const words = s.match(/\b[A-Za-z][a-z]{3,}\b/g) ?? [];
  return words.length >= 3 && words.filter((w) => /^[A-Z]/.test(w)).length / words.length > 0.6;
}

function namesIn(text: string, skipFirst: boolean): string[] {
  const out: string[] = [];
  for (const sentence of text.split(/(?<=[.!?;:])\s+|\n+/)) {
    const words = [...sentence.matchAll(/[\p{L}][\p{L}'’-]*/gu)];
    words.forEach((m, i) => {
      const w = m[0];
      // A sentence's first word is a name only when a capitalised word follows it ("Wandoo Lithium said").
      const next = words[i + 1]?.[0] ?? '';
      if (skipFirst && i === 0 && !/^\p{Lu}/u.test(next)) return;
      if (!/^\p{Lu}/u.test(w) || w.length < 4 || w === w.toUpperCase()) return;
      const f = fold(w).replace(/['’]s?$/, '');
      if (!COMMON.has(f)) out.push(f);
    });
  }
  return out;
}

/** Folded proper names of a report, without the words of company names and regions the caller knows. */
export function properNames(title: string, summary: string, known: ReadonlySet<string>): string[] {
  const t = cleanText(title);
  const found = [...namesIn(cleanText(summary), true), ...(isTitleCase(t) ? [] : namesIn(t, true))];
  return [...new Set(found.filter((w) => !known.has(w)))].sort();
}
