/**
 * The poll log's `"refused":N` in words. A restart within a feed's interval polls nothing (the feed lease says the
 * interval's fetch is done, by the store's last run or by another instance), and a bare number there reads like an
 * error; the sentence says why and when the next poll comes.
 */

const two = (n: number) => String(n).padStart(2, '0');

/** "10:20 UTC" today, "2026-12-09 00:00 UTC" on another day (UTC); seconds only when a schedule has them. */
export function utcTimeWords(atMs: number, nowMs: number): string {
  const at = new Date(atMs);
  const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}${at.getUTCSeconds() ? `:${two(at.getUTCSeconds())}` : ''}`;
  const sameDay = at.toISOString().slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10);
  return `${sameDay ? '' : `${at.toISOString().slice(0, 10)} `}${time} UTC`;
}

/** "3 feeds already polled this interval (by this store's last run or another instance); next poll at 10:20 UTC". */
export function refusedWords(refused: number, nextPollMs: number, nowMs: number): string {
  const feeds = refused === 1 ? '1 feed' : `${refused} feeds`;
  return `${feeds} already polled or being polled this interval (by this store's last run or another instance); next poll at ${utcTimeWords(nextPollMs, nowMs)}`;
}
