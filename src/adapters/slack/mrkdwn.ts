/**
 * Safe text for Slack: escaping for mrkdwn, lookalikes for formatting characters, links and dates built only by
 * us, and cutting to Slack's limits without splitting a surrogate pair or an `&amp;` in half.
 *
 * Feed text is untrusted. In mrkdwn, `<!channel>`, `<@U…>`, `<#C…>` and `<url|label>` are markup only when written
 * with a real `<`, so escaping `&`, `<`, `>` is what stops pings and links. Slack has no escape for `*`, `_`, `~`
 * and backtick, and a zero-width space next to them *enables* formatting mid-word, so those are swapped for
 * lookalike characters instead. plain_text objects are shown verbatim by Slack and need none of this.
 */

/** Slack's documented limits for the objects we build (characters). */
export const SLACK_LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextElementText: 2000,
  contextElements: 10,
  blocks: 50,
  /** Slack truncates `text` past 40,000; ours is a notification line, kept far shorter. */
  fallbackText: 40_000,
} as const;

/** Our own cap for the top-level `text` (notifications and clients without blocks). */
export const FALLBACK_TEXT_MAX = 3000;

const ELLIPSIS = '…';

// Lookalikes used by jsx-slack for the same purpose: they read the same and never pair up as markup.
const LOOKALIKE: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02CD', // ˍ modifier letter low macron
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
};

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** One code point of text as it must be written in mrkdwn (escaped, and neutralised when asked). */
function mrkdwnPiece(cp: string, neutralise: boolean): string {
  const e = ENTITY[cp];
  if (e) return e;
  if (neutralise) {
    const l = LOOKALIKE[cp];
    if (l) return l;
  }
  return cp;
}

/** Whitespace runs (newlines included) become one space: feed text never starts a quote or list line. */
export function oneLine(text: string): string {
  return text.replace(/[\s\u2028\u2029]+/g, ' ').trim();
}

/** Removes control characters (other than tab and newline) that have no business in a chat message. */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/**
 * Untrusted text as mrkdwn, escaped and cut to `max` characters of *output*, ending in "…" when cut.
 * The cut falls between whole escaped pieces, so it never splits an entity or a surrogate pair.
 */
export function mrkdwnText(text: string, max: number, opts: { neutralise?: boolean } = {}): string {
  const neutralise = opts.neutralise ?? true;
  let out = '';
  // Output length at the last piece boundary that still leaves room for the ellipsis.
  let fits = 0;
  for (const cp of stripControl(text)) {
    const piece = mrkdwnPiece(cp, neutralise);
    if (out.length + piece.length > max) return out.slice(0, fits).trimEnd() + ELLIPSIS;
    out += piece;
    if (out.length <= max - ELLIPSIS.length) fits = out.length;
  }
  return out;
}

/** Plain text cut to `max` UTF-16 units at a code-point boundary, ending in "…" when cut. */
export function plainText(text: string, max: number): string {
  const clean = stripControl(text);
  if (clean.length <= max) return clean;
  let out = '';
  for (const cp of clean) {
    if (out.length + cp.length > max - ELLIPSIS.length) break;
    out += cp;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** Longest link target we put in a message; longer links are dropped rather than cut (a cut URL is wrong). */
const MAX_URL = 1400;

/**
 * An http(s) URL made safe for `<url|label>`: parsed, re-serialised (which percent-encodes spaces, quotes and
 * `<` `>`), with `|` percent-encoded and `&` escaped. Anything else (javascript:, mailto:, junk) → undefined.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const href = u.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return href.length <= MAX_URL ? href : undefined;
}

/**
 * A link whose label is untrusted text, `wrap` (e.g. `*` for bold) around it. The label is escaped, neutralised
 * and cut to `labelMax`; without a usable URL the label alone is returned. At most
 * labelMax + MAX_URL + 3 + 2 × wrap characters, which fits a context element when labelMax ≤ 500.
 */
export function mrkdwnLink(label: string, url: string | undefined, labelMax: number, wrap = ''): string {
  const href = safeUrl(url);
  const text = mrkdwnText(oneLine(label), labelMax) || (href ? 'link' : '');
  return href ? `${wrap}<${href}|${text}>${wrap}` : `${wrap}${text}${wrap}`;
}

/**
 * A time every reader sees in their own zone: `<!date^unix^{date_short_pretty} {time}|fallback>`.
 * Invalid dates fall back to the raw text, escaped.
 */
export function mrkdwnDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return mrkdwnText(iso, 100);
  const unix = Math.floor(ms / 1000);
  const fallback = new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');
  return `<!date^${unix}^{date_short_pretty} {time}|${fallback}>`;
}
