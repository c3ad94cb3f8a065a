/**
 * Local wall-clock times in an IANA time zone, with Intl only (no date library): when is the next 08:00 in
 * Europe/London, the next top of the hour, the end of quiet hours. Daylight-saving changes are handled the way a
 * person expects: a time that does not exist that day (01:30 when clocks jump 01:00 → 02:00) happens when the
 * clocks have moved past it, and a time that happens twice (01:30 when clocks fall back) counts once, the first.
 */
import { UserError } from './errors.js';

const MIN = 60_000;
const DAY = 86_400_000;

/** "08:00" → minutes after midnight; undefined when it is not a 24-hour HH:MM. */
export function parseLocalTime(text: string): number | undefined {
  const m = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function formatLocalTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The zone's canonical name when Intl knows it ("europe/london" → "Europe/London"), else undefined. */
export function canonicalTimeZone(tz: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Checks a time zone for a command, refusing with words the user can act on. */
export function checkTimeZone(tz: string): string {
  const zone = canonicalTimeZone(tz);
  if (!zone) {
    throw new UserError('BAD_TIME_ZONE', 'Unknown time zone. Use an IANA name such as Europe/London, America/New_York or Asia/Shanghai (or UTC).');
  }
  return zone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** Minutes after local midnight. */
  minutes: number;
}

export function localParts(at: Date | number, tz: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0) };
}

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const secs = new Date(ms).getUTCSeconds() * 1000 + new Date(ms).getUTCMilliseconds();
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, Math.floor(p.minutes / 60), p.minutes % 60) + secs;
  return asUtc - ms;
}

/**
 * The instant a local date and time happens in `tz`: the first of two when it happens twice, and when it does not
 * happen at all (inside a spring-forward gap), the instant the same distance past the gap's start.
 */
export function zonedInstant(year: number, month: number, day: number, minutes: number, tz: string): number {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  // The offsets either side of a change are found by sampling a day apart; every real zone changes at most once
  // in that span.
  const candidates = [...new Set([offsetAt(wall - DAY, tz), offsetAt(wall, tz), offsetAt(wall + DAY, tz)])]
    .map((off) => wall - off)
    .filter((t) => { const p = localParts(t, tz); return p.year === year && p.month === month && p.day === day && p.minutes === minutes; })
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];
  // In a gap: read the wall time with the offset from before the change; that lands past the gap.
  return wall - offsetAt(wall - DAY, tz);
}

/** The civil date `days` after y-m-d. */
function addDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The first instant strictly after `after` at local time `minutes` in `tz` (once per local day). */
export function nextLocalTime(after: Date | number, minutes: number, tz: string): number {
  const t = typeof after === 'number' ? after : after.getTime();
  const p = localParts(t, tz);
  for (let i = 0; i < 3; i++) {
    const d = addDays(p.year, p.month, p.day, i);
    const at = zonedInstant(d.year, d.month, d.day, minutes, tz);
    if (at > t) return at;
  }
  // Unreachable for real zones (a day never lasts three); keep the answer finite.
  return t + DAY;
}

/** The first instant strictly after `after` at which the local clock in `tz` shows minute 0. */
export function nextLocalHour(after: Date | number, tz: string): number {
  const t = typeof after === 'number' ? after : after.getTime();
  const start = Math.floor(t / MIN) * MIN;
  const p = localParts(start, tz);
  const guess = start + (60 - (p.minutes % 60)) * MIN;
  if (guess > t && localParts(guess, tz).minutes % 60 === 0) return guess;
  // An offset change inside the hour (Lord Howe's 30-minute shift): step minute by minute, at most two hours.
  for (let x = start + MIN; x <= start + 120 * MIN; x += MIN) if (localParts(x, tz).minutes % 60 === 0 && x > t) return x;
  return guess;
}

/** Whether local time at `at` falls in [from, to) (a span past midnight, 22:00-07:00, wraps). */
export function inLocalSpan(at: Date | number, from: number, to: number, tz: string): boolean {
  if (from === to) return false;
  const m = localParts(at, tz).minutes;
  return from < to ? m >= from && m < to : m >= from || m < to;
}
