/** `lithium-wire match`: the JSON Lines contract over real streams. */
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { runMatchCli } from '../../src/app/match-cli.js';
import { tickers, topics } from './helpers.js';

async function runLines(lines: string[]): Promise<{ out: Array<Record<string, unknown>>; raw: string; result: { items: number; errors: number } }> {
  const input = Readable.from([lines.join('\n') + '\n']);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const result = await runMatchCli({ input, output, tickers, topics });
  output.end();
  const raw = Buffer.concat(chunks).toString('utf8');
  return { out: raw.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>), raw, result };
}

describe('match CLI', () => {
  it('reads universe_extra on the first line and writes one result per item, in order, with the exact keys', async () => {
    const { out, result } = await runLines([
      JSON.stringify({ universe_extra: [{ name: 'Vexa Lithium Corp', symbol: 'VXL', exchange: 'NYSE' }] }),
      JSON.stringify({ id: 'a', title: 'Vexa Lithium halts Roca lithium mine; shares slump 12%', summary: 'Vexa Lithium (NYSE: VXL) removed 20,000 tonnes of LCE a year.', source: 'Wire', published: '2025-01-01T00:00:00Z', link: 'https://x.example/a' }),
      '',
      JSON.stringify({ id: 'b', title: 'Fed holds rates', summary: 'The S&P 500 rose 1.5%.' }),
    ]);
    expect(result).toEqual({ items: 2, errors: 0 });
    expect(out).toEqual([
      {
        id: 'a',
        lithiumSupply: true,
        score: 1,
        why: ['supply: suspend + lithium mine', 'subject Vexa Lithium'],
        tickers: ['VXL'],
        figures: [
          { kind: 'move', symbol: 'VXL', pct: -12 },
          { kind: 'quantity', value: 20000, unit: 't', per: 'year', what: 'LCE', basis: 'LCE' },
        ],
      },
      { id: 'b', lithiumSupply: false, score: 0, why: ['no supply: not about lithium'], tickers: [], figures: [{ kind: 'change', pct: 1.5, what: 's&p 500' }] },
    ]);
    expect(Object.keys(out[0]!)).toEqual(['id', 'lithiumSupply', 'score', 'why', 'tickers', 'figures']);
  });

  it('answers a bad line with an error line and goes on', async () => {
    const { out, result } = await runLines([
      '{"id": "ok1", "title": "Albemarle restarts Wodgina spodumene mine", "summary": ""}',
      '{not json',
      '[1, 2]',
      '{"title": "no id"}',
      '{"id": "t5", "title": 5}',
      '{"id": "empty", "title": "", "summary": ""}',
      '{"universe_extra": []}',
      '{"id": "ok2", "title": "Tesla recalls cars", "summary": "No lithium here."}',
    ]);
    expect(result).toEqual({ items: 2, errors: 6 });
    expect(out.map((o) => [o.id, 'error' in o ? 'error' : o.lithiumSupply])).toEqual([
      ['ok1', true],
      [null, 'error'],
      [null, 'error'],
      [null, 'error'],
      ['t5', 'error'],
      ['empty', 'error'],
      [null, 'error'],
      ['ok2', false],
    ]);
    expect(out[1]!.error).toMatch(/^not valid JSON/);
    expect(out[4]).toEqual({ id: 't5', error: '"title" must be a string' });
    expect(out[6]).toEqual({ id: null, error: 'universe_extra is only read on the first line' });
  });

  it('rejects a malformed universe_extra and still matches the items after it', async () => {
    const { out, result } = await runLines(['{"universe_extra": [{"name": "X"}]}', '{"id": "z", "title": "CATL halts lithium mine"}']);
    expect(result).toEqual({ items: 1, errors: 1 });
    expect(out[0]).toEqual({ id: null, error: 'universe_extra[0] needs string "name" and "symbol"' });
    expect(out[1]).toMatchObject({ id: 'z', lithiumSupply: true, tickers: ['300750.SZ'] });
  });

  it('waits for a slow reader (backpressure) and keeps every line', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `n${i}`, title: `Sigma Lithium (NASDAQ: SGML) rose ${i % 50}.5%`, summary: 'Spodumene output rose.' }));
    const input = Readable.from([lines.join('\n')]);
    const output = new PassThrough({ highWaterMark: 1024 });
    let count = 0;
    let buf = '';
    output.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      count += parts.length;
      output.pause();
      setImmediate(() => output.resume());
    });
    const r = await runMatchCli({ input, output, tickers, topics });
    output.end();
    await finished(output);
    expect(r).toEqual({ items: 3000, errors: 0 });
    expect(count).toBe(3000);
  });
});
