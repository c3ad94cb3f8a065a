/**
 * Making untrusted text (feed headlines, user input echoed back) safe for Discord: markdown escaped, mentions and
 * masked links made inert, and lengths cut the way Discord counts them (UTF-16 code units) without splitting a
 * surrogate pair.
 */
import { escapeMarkdown } from 'discord.js';

const ZWSP = '\u200b';
const ELLIPSIS = '\u2026';

/** Discord's limits for embeds and messages (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  content: 2000,
  url: 2048,
} as const;

/**
 * Mentions rendered inert: a zero-width space after `@` stops @everyone/@here and after `<` stops <@id>, <@&id>,
 * <#id>, </cmd:id> and <t:…>. allowed_mentions already stops pings; this also stops the text rendering as a
 * live mention (and pinging if someone copies it).
 */
export function neutralizeMentions(s: string): string {
  return s.replace(/@(?=[\p{L}\p{N}!&_])/gu, `@${ZWSP}`).replace(/<(?=[@#/:]|a:|t:)/g, `<${ZWSP}`);
}

/** Control characters other than newline and tab are dropped: they render as boxes or break layout. */
function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
}

/**
 * Feed or user text as literal Discord text: every markdown construct escaped (including headings, lists and
 * quotes, which render in embeds), masked links broken, mentions neutralised.
 */
export function escapeText(s: string): string {
  let out = stripControls(s);
  out = escapeMarkdown(out, { heading: true, bulletedList: true });
  // A numbered list needs "1. " at a line start; escaping every "300750." would litter tickers with backslashes.
  out = out.replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
  // A masked link needs "](" adjacent; a zero-width space keeps the text readable but never a link.
  out = out.replace(/\]\(/g, `]${ZWSP}(`);
  out = out.replace(/^(\s*)(>|-#)/gm, '$1\\$2');
  return neutralizeMentions(out);
}

/** Plain-text fields (author name, footer) render no markdown, so only mentions and controls are handled. */
export function plainText(s: string): string {
  return neutralizeMentions(stripControls(s));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `s` cut to at most `max` UTF-16 code units, ending in an ellipsis when cut; never splits a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(s.charCodeAt(end - 1))) end--;
  return s.slice(0, Math.max(0, end)) + ELLIPSIS;
}

/**
 * Escapes then cuts. Huge inputs are cut before escaping (escaping at most doubles the length plus a few marks),
 * so a 10 MB headline costs no more than a short one.
 */
export function safe(s: string, max: number): string {
  const pre = s.length > max * 3 ? truncate(s, max * 3) : s;
  return truncate(escapeText(pre), max);
}

/** A URL Discord will accept in an embed or masked link: http(s), parseable, within the length limit. */
export function safeUrl(u: string | undefined): string | undefined {
  if (!u || u.length > LIMITS.url) return undefined;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}
