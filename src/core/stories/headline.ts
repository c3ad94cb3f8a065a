/**
 * Headlines as aggregators carry them: Google News and many RSS relays append the outlet ("Albemarle idles
 * Kemerton - Reuters"), wires append an attribution ("... - sources", "- MINES MINISTRY"). That tail says who
 * reported, not what happened, and it differs between two reports of one event, so grouping reads the headline
 * without it.
 */

// A tail is short and names someone: at most four words, no figures. A longer tail after " - " is the headline's
// second half (a translation, a sub-clause) and stays.
const TAIL = /\s+[-–—|]\s+([^\d\-–—|]{1,60})$/u;

// Words outlets are named with, and the attributions wires put after a dash.
const OUTLET_WORD = /\b(news|times|post|journal|herald|tribune|gazette|daily|weekly|review|wire|press|reuters|bloomberg|cnbc|ft|wsj|ap|afp|efe|ansa|xinhua|mining|metal|metals|markets?|finance|financial|business|radio|tv|online|insider|monitor|digest|report|verge)\b/i;
const ATTRIBUTION = /^(sources?|union|analysts?|brokers?|traders?|officials?|ministry|minister|government|regulator|statement|filing|document|report|media|state media|company|exchange|data)$/i;

/**
 * The headline without a trailing " - Outlet" when the tail is the item's source, is named again in the summary
 * (Google News descriptions end with the outlet), reads as an outlet ("Mining Weekly", "The Verge") or is a
 * wire's attribution ("sources", "MINES MINISTRY"). Any other tail ("FC Utrecht - Feyenoord", a translation after
 * a Chinese headline) is part of the headline.
 */
export function withoutOutlet(title: string, source?: string, summary = ''): string {
  const m = TAIL.exec(title);
  if (!m || m.index === undefined) return title;
  const tail = (m[1] ?? '').trim();
  const head = title.slice(0, m.index).trim();
  const words = tail.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4 || head.split(/\s+/).length < 3) return title;
  const folded = tail.toLowerCase();
  const named =
    (source !== undefined && source.trim().toLowerCase() === folded) ||
    (summary.length > 0 && summary.toLowerCase().includes(folded)) ||
    OUTLET_WORD.test(tail) ||
    words.some((w) => ATTRIBUTION.test(w)) ||
    ATTRIBUTION.test(tail);
  return named ? head : title;
}
