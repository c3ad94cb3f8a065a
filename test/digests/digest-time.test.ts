/** Local times in IANA zones with Intl only: the cases daylight saving makes hard, with exact instants. */
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, inLocalSpan, nextLocalHour, nextLocalTime, parseLocalTime, zonedInstant } from '../../src/core/digest-time.js';

const iso = (t: number) => new Date(t).toISOString();
const at = (s: string) => Date.parse(s);

describe('local times across daylight-saving changes', () => {
  it('Europe/London, end of March: 08:00 is 08:00Z the day before and 07:00Z after the change', () => {
    expect(iso(nextLocalTime(at('2026-03-28T00:00:00Z'), 8 * 60, 'Europe/London'))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(nextLocalTime(at('2026-03-28T08:00:00Z'), 8 * 60, 'Europe/London'))).toBe('2026-03-29T07:00:00.000Z');
  });

  it('Europe/London, end of March: 01:30 does not exist on the day, so it happens as the clocks pass it (01:00Z = 02:00 BST, +30 min)', () => {
    expect(iso(zonedInstant(2026, 3, 29, 90, 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(nextLocalTime(at('2026-03-28T01:30:00Z'), 90, 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('Europe/London, end of October: 01:30 happens twice; the first counts, and the second is not "next"', () => {
    expect(iso(zonedInstant(2026, 10, 25, 90, 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(nextLocalTime(at('2026-10-25T00:30:00Z'), 90, 'Europe/London'))).toBe('2026-10-26T01:30:00.000Z');
    expect(iso(nextLocalTime(at('2026-10-24T12:00:00Z'), 90, 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('America/New_York in March: 02:30 falls in the gap and comes out at 03:30 EDT', () => {
    expect(iso(nextLocalTime(at('2026-03-07T12:00:00Z'), 150, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('the local top of the hour in a half-hour zone (Asia/Kolkata) and across London\'s October change', () => {
    expect(iso(nextLocalHour(at('2026-03-28T09:10:00Z'), 'Asia/Kolkata'))).toBe('2026-03-28T09:30:00.000Z');
    expect(iso(nextLocalHour(at('2026-10-25T00:59:59Z'), 'Europe/London'))).toBe('2026-10-25T01:00:00.000Z');
    expect(iso(nextLocalHour(at('2026-10-25T01:00:00Z'), 'Europe/London'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('quiet spans wrap past midnight; an empty span is never quiet', () => {
    const q = [22 * 60, 7 * 60] as const;
    expect(inLocalSpan(at('2026-07-01T21:30:00Z'), ...q, 'Europe/London')).toBe(true); // 22:30 BST
    expect(inLocalSpan(at('2026-07-01T05:59:00Z'), ...q, 'Europe/London')).toBe(true); // 06:59 BST
    expect(inLocalSpan(at('2026-07-01T06:00:00Z'), ...q, 'Europe/London')).toBe(false); // 07:00 BST
    expect(inLocalSpan(at('2026-07-01T12:00:00Z'), 600, 600, 'Europe/London')).toBe(false);
  });

  it('parses HH:MM and checks zones with Intl', () => {
    expect([parseLocalTime('08:00'), parseLocalTime('8:05'), parseLocalTime('23:59'), parseLocalTime('24:00'), parseLocalTime('8')]).toEqual([480, 485, 1439, undefined, undefined]);
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
    expect(canonicalTimeZone('Europe/Lndon')).toBeUndefined();
    expect(canonicalTimeZone('../../etc/passwd')).toBeUndefined();
  });
});
