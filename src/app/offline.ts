/**
 * Offline detection for `start`: when none of the configured feed hosts resolves, a first run would show
 * nothing but errors. The bot then polls the bundled sample feeds instead, and says so.
 */
import { lookup } from 'node:dns/promises';

export async function feedHostsUnreachable(urls: readonly string[], timeoutMs = 3000): Promise<boolean> {
  const hosts = [...new Set(urls.map((u) => new URL(u).hostname))].slice(0, 3);
  if (hosts.length === 0) return false;
  const resolves = (host: string) =>
    Promise.race([
      lookup(host).then(() => true, () => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref()),
    ]);
  const results = await Promise.all(hosts.map(resolves));
  return results.every((ok) => !ok);
}
