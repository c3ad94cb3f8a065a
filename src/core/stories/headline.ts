/**
 * Headlines as aggregators carry them: Google News and many RSS relays append the outlet ("Albemarle idles
 * Kemerton - Reuters"), wires append an attribution ("... - sources", "- MINES MINISTRY"). That tail says who
 * reported, not what happened, and it differs between two reports of one event, so grouping reads the headline
 * without it.
 */

// A tail is short and names someone: at most four words, no figures. A longer tail after " - " is the headline's
// second half (a translation, a sub-clause) and stays.
const TAIL = /\s+[-–—|]\s+([^\d\-–—|]{1,60})$/u;

export function withoutOutlet(title: string, source?: string): string {
  const m = TAIL.exec(title);
  if (!m || m.index === undefined) return title;
  const tail = (m[1] ?? '').trim();
  const head = title.slice(0, m.index).trim();
  const words = tail.split(/\s+/).filter(Boolean);
  const sameAsSource = source !== undefined && source.trim().toLowerCase() === tail.toLowerCase();
  // The headline before the tail must still say something on its own.
  if (head.split(/\s+/).length < 3 && !/\p{Script=Han}/u.test(head)) return title;
  if (sameAsSource || (words.length >= 1 && words.length <= 4)) return head;
  return title;
}
