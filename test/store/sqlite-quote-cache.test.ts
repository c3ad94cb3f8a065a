import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-qc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the quote cache is keyv on the store file: shared by processes on it, gone after its TTL', async () => {
  let now = Date.parse('2026-12-07T12:00:00Z');
  const url = `sqlite://${join(dir, 'q.sqlite')}`;
  const a = await openStores(url, { now: () => now });
  const b = await openStores(url, { now: () => now });
  try {
    const quote = { kind: 'backoff' as const, until: now + 60_000, strikes: 2 };
    await a.quoteCache!.set('provider:backoff', quote, 30_000);
    expect(await b.quoteCache!.get('provider:backoff')).toEqual(quote);
    now += 30_001;
    expect(await b.quoteCache!.get('provider:backoff')).toBeUndefined();
  } finally {
    await a.close();
    await b.close();
  }
});
