/**
 * A description set off by commas between a company and its verb ("Albemarle, the world's largest producer,
 * fell 4%"): whose move the percentage is then.
 */
import type { Mention } from './companies.js';
import type { Doc, Token } from './text.js';

// "Arcadium (NYSE: ALTM), whose Fenix operation sits on the salar, fell 5.2%", "Albemarle, the world's largest
// producer, fell 4%": a clause or a description set off by commas between a company and its verb describes the
// company; the move is still its own.
const ASIDE = /^\s*\)?\s*,\s*(?:(?:whose|which|who)\b|(?:the|an?|its)\s|[A-Z][\w-]*'s\s)[^,;()]{1,90},\s*/;
// "Albemarle, which fell 3% on Monday": the relative pronoun stands for the company.
export const RELATIVE = /^\s*\)?\s*,\s*$/;

/** Text between a description's closing comma and the verb, and what opens a description after its subject. */
const ASIDE_CLOSE = /^[^,;.()]{0,40}\)?\s*,\s*$/;
const ASIDE_OPEN = /,\s*((?:a|an|the|its|their|which|who|whose|one of|partner|supplier|customer|owner|operator|unit)\b[^,;()]{0,90})$/i;
const SUBJECT_END = /(?:\p{Lu}[\p{L}\d&'-]*|\))\s*$/u;

/**
 * When `last` sits inside a description set off by commas after the sentence's subject ("X, a supplier to Y,
 * fell"), the subject's mention, or null when the subject is no company the universe knows; undefined otherwise.
 */
export function describedSubject(doc: Doc, mentions: readonly Mention[], last: Mention, at: number): Mention | null | undefined {
  const verbStart = (doc.tokens[at] as Token | undefined)?.start ?? last.end;
  if (!ASIDE_CLOSE.test(doc.text.slice(last.end, verbStart))) return undefined;
  // A description is short: look back a bounded stretch, so a hostile megabyte of "X, up 5%" stays linear.
  const from = Math.max(0, last.start - 200);
  const window = doc.text.slice(from, last.start);
  const lineStart = from + Math.max(window.lastIndexOf('. ') + 1, window.lastIndexOf('\n') + 1, 0);
  const before = doc.text.slice(lineStart, last.start);
  const open = ASIDE_OPEN.exec(before);
  if (!open) return undefined;
  const comma = lineStart + open.index;
  if (!SUBJECT_END.test(doc.text.slice(lineStart, comma))) return undefined;
  // The subject ends right before the comma (its bracketed ticker aside): the mention closest before it.
  for (let k = mentions.indexOf(last) - 1; k >= 0; k--) {
    const x = mentions[k] as Mention;
    if (x.end > comma) continue;
    return comma - x.end <= 40 && /^\s*(?:\([^()]{0,30}\))?\s*$/.test(doc.text.slice(x.end, comma)) ? x : null;
  }
  return null;
}

export function asideAfter(doc: Doc, company: Mention, at: number): { from: number; to: number } {
  const end = (doc.tokens[at] as Token | undefined)?.start ?? company.end;
  const m = ASIDE.exec(doc.text.slice(company.end, end));
  return m ? { from: company.end, to: company.end + m[0].length } : { from: 0, to: 0 };
}
