/**
 * The bare loop `bench:poll` compares the bot with: the same conditional GETs through the same HTTP client
 * (fetchFeed, keep-alive pool, address guard), the same concurrency, no store, no parsing of 304s, no matching.
 * argv: a JSON file {urls, concurrency, passes}. Prints `DONE {"polls":…,"cpuMs":…}` for the timed passes.
 */
import { readFileSync } from 'node:fs';
import { fetchFeed } from '../src/feeds/fetch.js';

const { urls, concurrency, passes } = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { urls: string[]; concurrency: number; passes: number };
const etags = new Map<string, string>();
async function pass(): Promise<number> {
  let next = 0;
  let polls = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      const etag = etags.get(url);
      const r = await fetchFeed(url, etag ? { etag } : {}, { allowPrivate: true, timeoutMs: 15_000 });
      if (r.status === 'ok' && r.etag) etags.set(url, r.etag);
      polls++;
    }
  }));
  return polls;
}
await pass(); // priming: every feed once, to learn the validators
const t0 = process.cpuUsage();
let polls = 0;
for (let i = 0; i < passes; i++) polls += await pass();
const used = process.cpuUsage(t0);
process.stdout.write(`DONE ${JSON.stringify({ polls, cpuMs: (used.user + used.system) / 1000 })}\n`);
