/**
 * The digest part of /subscribe, in both forms: Slack text `subscribe all digest daily 08:00 Europe/London quiet
 * 22:00-07:00` (also `digest:daily at:08:00 tz:Europe/London`), and Discord options {digest, at, tz, quiet}.
 * Refusals say what to type instead. Nothing given → undefined (the channel keeps what it had).
 */
import { UserError } from './errors.js';
import { checkTimeZone, formatLocalTime, parseLocalTime } from './digest-time.js';
import type { DigestSettings } from './types.js';

export const DIGEST_USAGE = 'subscribe [lithium-supply|watchlist|all] [digest realtime|hourly|daily [HH:MM] [time zone]] [quiet HH:MM-HH:MM]';
const MODES = ['realtime', 'hourly', 'daily'] as const;

export interface DigestArgs {
  digest?: string | undefined;
  at?: string | undefined;
  tz?: string | undefined;
  quiet?: string | undefined;
}

function time(raw: string, what: string): string {
  const m = parseLocalTime(raw);
  if (m === undefined) throw new UserError('BAD_TIME', `${what} must be a 24-hour time HH:MM, e.g. 08:00 or 17:30.`);
  return formatLocalTime(m);
}

/** Checks the four digest options together; undefined when none was given. */
export function digestFromOptions(a: DigestArgs): DigestSettings | undefined {
  const given = (v: string | undefined) => v !== undefined && v.trim() !== '';
  if (![a.digest, a.at, a.tz, a.quiet].some(given)) return undefined;
  const raw = given(a.digest) ? a.digest!.trim().toLowerCase() : 'realtime';
  const mode = MODES.find((m) => m === raw);
  if (!mode) throw new UserError('BAD_DIGEST', `A digest is one of: realtime (each alert as it comes, the default), hourly, daily. Usage: ${DIGEST_USAGE}`);
  if (given(a.at) && mode !== 'daily') throw new UserError('BAD_DIGEST', 'A time goes with a daily digest only, e.g. digest daily 08:00 Europe/London.');
  const settings: DigestSettings = { mode };
  if (mode === 'daily') settings.at = given(a.at) ? time(a.at!, 'The digest time') : '08:00';
  if (given(a.tz)) settings.tz = checkTimeZone(a.tz!.trim());
  if (given(a.quiet)) {
    const m = /^([^-\u2013]+)[-\u2013]([^-\u2013]+)$/.exec(a.quiet!.trim());
    if (!m) throw new UserError('BAD_QUIET', 'Quiet hours are written HH:MM-HH:MM, e.g. quiet 22:00-07:00.');
    const from = time(m[1]!.trim(), 'The start of quiet hours');
    const to = time(m[2]!.trim(), 'The end of quiet hours');
    if (from === to) throw new UserError('BAD_QUIET', 'Quiet hours need different start and end times, e.g. 22:00-07:00.');
    settings.quiet = { from, to };
  }
  return settings;
}

/**
 * Splits /subscribe's words into the want (the first word, if it is not a digest word) and the digest options.
 * `isWant` tells a want from the rest; anything unexpected is refused with the usage.
 */
export function splitSubscribeWords(tokens: readonly string[], isWant: (w: string) => boolean): { want: string | undefined; digest: DigestSettings | undefined } {
  let want: string | undefined;
  const args: DigestArgs = {};
  const bad = () => new UserError('BAD_WANT', `Usage: ${DIGEST_USAGE}`);
  const set = (k: keyof DigestArgs, v: string | undefined) => {
    if (v === undefined || v === '') throw bad();
    if (args[k] !== undefined) throw new UserError('BAD_DIGEST', `Give ${k} once only.`);
    args[k] = v;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const kv = /^(digest|at|tz|quiet)[:=](.*)$/i.exec(tok);
    if (kv) {
      set(kv[1]!.toLowerCase() as keyof DigestArgs, kv[2] !== '' ? kv[2] : tokens[++i]);
      continue;
    }
    const word = tok.toLowerCase();
    if (word === 'digest') {
      set('digest', tokens[++i]);
      // "digest daily 08:00 Europe/London": the time and the zone may follow the mode.
      if (tokens[i + 1] !== undefined && parseLocalTime(tokens[i + 1]!) !== undefined) set('at', tokens[++i]);
      if (tokens[i + 1] !== undefined && /[/]|^(utc|gmt|z)$/i.test(tokens[i + 1]!)) set('tz', tokens[++i]);
      continue;
    }
    if (word === 'quiet') {
      set('quiet', tokens[++i]);
      continue;
    }
    if (word === 'tz' || word === 'at') {
      set(word, tokens[++i]);
      continue;
    }
    if (i === 0 && want === undefined && isWant(word)) {
      want = tok;
      continue;
    }
    // Most likely a want typed wrong ("subscribe everything"): the want check words the refusal.
    if (i === 0) {
      want = tok;
      continue;
    }
    throw bad();
  }
  return { want, digest: digestFromOptions(args) };
}
