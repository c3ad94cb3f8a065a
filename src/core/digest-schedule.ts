/**
 * When a subscription's digest is due, from its settings alone: daily at HH:MM local, hourly at the local top of
 * the hour, and quiet hours that hold realtime alerts (and postpone a digest) until they end. Pure: the caller
 * keeps when the last digest was handled and asks again each minute.
 */
import { formatLocalTime, inLocalSpan, nextLocalHour, nextLocalTime, parseLocalTime } from './digest-time.js';
import type { DigestSettings, Subscription } from './types.js';

export const DEFAULT_DIGEST_AT = '08:00';
export const DEFAULT_DIGEST_TZ = 'UTC';

const zoneOf = (d: DigestSettings) => d.tz ?? DEFAULT_DIGEST_TZ;

/** True when the settings hold anything back (a digest mode, or quiet hours). */
export function holdsAlerts(d: DigestSettings | undefined): d is DigestSettings {
  return !!d && (d.mode !== 'realtime' || !!d.quiet);
}

/** Whether `at` is inside the quiet hours. */
export function inQuietHours(d: DigestSettings, at: Date | number): boolean {
  if (!d.quiet) return false;
  const from = parseLocalTime(d.quiet.from);
  const to = parseLocalTime(d.quiet.to);
  return from !== undefined && to !== undefined && inLocalSpan(at, from, to, zoneOf(d));
}

/** Whether a delivery to this subscription made at `now` waits for a digest instead of going out. */
export function holdsNow(sub: Pick<Subscription, 'digest'>, now: Date): boolean {
  const d = sub.digest;
  if (!holdsAlerts(d)) return false;
  return d.mode !== 'realtime' || inQuietHours(d, now);
}

/** The first digest time after `mark` (the last one handled, or when the setting was made). */
export function nextDigestAt(d: DigestSettings, mark: Date | number): number {
  const m = typeof mark === 'number' ? mark : mark.getTime();
  if (d.mode === 'hourly') return nextLocalHour(m, zoneOf(d));
  if (d.mode === 'daily') return nextLocalTime(m, parseLocalTime(d.at ?? DEFAULT_DIGEST_AT) ?? 480, zoneOf(d));
  // Realtime with quiet hours: what was held goes out as soon as the quiet hours are over.
  return m;
}

/** Whether the digest is due at `now`: its time has come and it is not quiet. */
export function digestDue(d: DigestSettings, mark: Date | number, now: Date): boolean {
  return now.getTime() >= nextDigestAt(d, mark) && !inQuietHours(d, now);
}

/** "daily at 08:00 (Europe/London), quiet 22:00-07:00", for replies. */
export function describeDigest(d: DigestSettings | undefined): string {
  if (!d) return 'each alert as it comes (realtime)';
  const tz = zoneOf(d);
  const base =
    d.mode === 'daily' ? `a daily digest at ${formatLocalTime(parseLocalTime(d.at ?? DEFAULT_DIGEST_AT) ?? 480)} (${tz})`
      : d.mode === 'hourly' ? `an hourly digest, at the top of each hour (${tz})`
        : 'each alert as it comes (realtime)';
  return d.quiet ? `${base}; quiet ${d.quiet.from}-${d.quiet.to} (${tz}): alerts wait until it ends` : base;
}
