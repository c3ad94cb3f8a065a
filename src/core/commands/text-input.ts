/**
 * What every typed command goes through first, in both forms: a length cap, a refusal of invisible and control
 * characters, NFKC normalisation, and the tokenizer (spaces and commas split, quotes keep a phrase together).
 */
import { UserError } from '../errors.js';

export const MAX_COMMAND_CHARS = 500;

/**
 * C0/C1 controls (tab and newlines count as spaces), soft hyphen, zero-width and bidi controls: invisible text that
 * could disguise a symbol or reorder what other users see.
 */
function hasForbidden(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xad || c === 0xfeff) return true;
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069)) return true;
    if (c === 0x061c || c === 0x180e || (c >= 0xe0000 && c <= 0xe007f)) return true;
  }
  return false;
}

const QUOTES: Record<string, string> = { '"': '"', '\u201C': '\u201D', '\u201E': '\u201D', "'": "'", '\u2018': '\u2019' };

/** Length and alphabet checks shared by both forms; returns the text NFKC-normalised (full-width ＡＬＢ → ALB). */
export function checkText(text: string): string {
  if (text.length > MAX_COMMAND_CHARS) {
    throw new UserError('COMMAND_TOO_LONG', `That command is too long: keep it under ${MAX_COMMAND_CHARS} characters.`);
  }
  if (hasForbidden(text)) {
    throw new UserError('COMMAND_BAD_CHARACTERS', 'That command contains control or invisible characters. Please type it again as plain text.');
  }
  return text.normalize('NFKC').replace(/[\t\r\n]/g, ' ');
}

/**
 * Splits on spaces and commas; quotes ("…", '…', “…”) keep spaces and commas inside one token. A quote opens only
 * at the start of a token or after `:`/`=`, so an apostrophe in O'Neil stays a letter.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let started = false;
  let close: string | undefined;
  for (const ch of text) {
    if (close !== undefined) {
      if (ch === close) close = undefined;
      else cur += ch;
      continue;
    }
    const opener = QUOTES[ch];
    if (opener !== undefined && (cur === '' || /[:=]$/.test(cur))) {
      close = opener;
      started = true;
      continue;
    }
    if (ch === ' ' || ch === ',') {
      if (started) tokens.push(cur);
      cur = '';
      started = false;
      continue;
    }
    cur += ch;
    started = true;
  }
  if (close !== undefined) throw new UserError('UNBALANCED_QUOTES', 'A quote is opened but never closed.');
  if (started) tokens.push(cur);
  return tokens.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t !== '');
}

/** A word safe to repeat back to the user (they typed it; adapters escape it anyway). */
export function echo(word: string): string {
  return /^[\p{L}\p{N}$.-]{1,30}$/u.test(word) ? `"${word}"` : 'that';
}
