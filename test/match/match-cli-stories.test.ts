/** `lithium-wire match --stories` and the line cap: story ids over a small feed, and a huge line read as a stream. */
import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runMatchCli } from '../../src/app/match-cli.js';
import { cappedLines } from '../../src/app/capped-lines.js';
import { cliEnv } from '../support/cli.js';
import { tickers, topics } from './helpers.js';

async function run(lines: string[], opts: { stories?: boolean; maxLineBytes?: number } = {}): Promise<Array<Record<string, unknown>>> {
  const input = Readable.from([lines.join('\n') + '\n']);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  await runMatchCli({ input, output, tickers, topics, ...opts });
  output.end();
  return Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

const item = (id: string, title: string, published?: string, summary = '') => JSON.stringify({ id, title, summary, source: `Outlet ${id}`, ...(published ? { published } : {}) });

describe('match --stories', () => {
  it('puts reports of one event in one story, others apart, and keeps input order', async () => {
    const out = await run(
      [
        // Out of time order on purpose: the later report comes first in the input.
        item('late', 'Albemarle halts Kemerton lithium hydroxide plant, cutting 25,000 tonnes a year', '2025-03-02T09:00:00Z'),
        item('fed', 'Fed holds rates steady as inflation cools', '2025-03-01T12:00:00Z'),
        item('early', 'Albemarle to halt Kemerton lithium hydroxide plant, 25,000 t/yr capacity idled', '2025-03-01T08:00:00Z'),
        item('undated', 'Albemarle suspends Kemerton lithium hydroxide output; 25,000 tonnes a year offline'),
        item('copper', 'Codelco copper output falls 8% at Chuquicamata', '2025-03-01T10:00:00Z'),
      ],
      { stories: true },
    );
    expect(out.map((o) => o.id)).toEqual(['late', 'fed', 'early', 'undated', 'copper']);
    const story = Object.fromEntries(out.map((o) => [o.id, o.story]));
    expect(story.late).toBe(story.early);
    expect(story.undated).toBe(story.early);
    expect(story.fed).not.toBe(story.early);
    expect(story.copper).not.toBe(story.early);
    expect(story.copper).not.toBe(story.fed);
    for (const o of out) {
      expect(o.story).toMatch(/^st-[0-9a-f]{16}$/);
      expect(o).toHaveProperty('relatedTo');
      expect(Object.keys(o).slice(0, 6)).toEqual(['id', 'lithiumSupply', 'score', 'why', 'tickers', 'figures']);
    }
  });

  it('links a new development at the same company with relatedTo', async () => {
    const out = await run(
      [
        item('halt', 'Albemarle halts Kemerton lithium hydroxide plant', '2025-03-01T08:00:00Z'),
        item('restart', 'Albemarle restarts Kemerton lithium hydroxide plant', '2025-03-02T08:00:00Z'),
      ],
      { stories: true },
    );
    expect(out[1]!.story).not.toBe(out[0]!.story);
    expect(out[1]!.relatedTo).toBe(out[0]!.story);
    expect(out[0]!.relatedTo).toBeNull();
  });

  it('without --stories writes no story fields', async () => {
    const out = await run([item('a', 'Albemarle halts Kemerton lithium hydroxide plant', '2025-03-01T08:00:00Z')]);
    expect(out[0]).not.toHaveProperty('story');
  });

  it('answers a line over the cap with its line number and reads on', async () => {
    const big = JSON.stringify({ id: 'big', title: 'x'.repeat(5000) });
    const out = await run([item('a', 'Albemarle halts Kemerton lithium hydroxide plant'), big, item('b', 'Tesla recalls cars')], { maxLineBytes: 1000, stories: true });
    expect(out.map((o) => o.id)).toEqual(['a', 2, 'b']);
    expect(out[1]!.error).toMatch(/line 2 is \d+ bytes, over the 1000-byte limit/);
    expect(out[2]).toHaveProperty('story');
  });
});

describe('cappedLines', () => {
  it('splits across chunks, drops \\r, counts blank lines, and flags lines over the cap at any chunking', async () => {
    const text = 'ab\r\n\n' + 'y'.repeat(12) + '\nlast';
    for (const size of [1, 2, 5, 100]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
      const got = [];
      for await (const l of cappedLines(Readable.from(chunks), 10)) got.push(l);
      expect(got).toEqual([
        { kind: 'line', line: 1, text: 'ab' },
        { kind: 'line', line: 2, text: '' },
        { kind: 'over', line: 3, bytes: 12 },
        { kind: 'line', line: 4, text: 'last' },
      ]);
    }
  });

  it('keeps a line of exactly the cap, with or without \\r', async () => {
    const got = [];
    for await (const l of cappedLines(Readable.from([Buffer.from('0123456789\r\n0123456789\n')]), 10)) got.push(l);
    expect(got.map((l) => l.kind)).toEqual(['line', 'line']);
  });
});

describe('match CLI memory', () => {
  it('skips a 30 MB line with the resident set under 200 MB, then matches the next line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/support/report-max-rss.ts', 'src/cli.ts', 'match', '--stories'], {
      env: cliEnv(process.cwd()),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Written in 1 MB chunks: the test holds no 30 MB string either.
    const chunk = 'z'.repeat(1024 * 1024);
    const write = (s: string) => new Promise<void>((r) => (child.stdin.write(s) ? r() : child.stdin.once('drain', () => r())));
    await write(item('before', 'Albemarle halts Kemerton lithium hydroxide plant') + '\n');
    await write('{"id":"huge","title":"');
    for (let i = 0; i < 30; i++) await write(chunk);
    await write('"}\n');
    await write(item('after', 'Albemarle halts Kemerton lithium hydroxide plant again') + '\n');
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['before', 2, 'after']);
    expect(lines[1]!.error).toMatch(/over the 1048576-byte limit/);
    const rssKb = Number(/max-rss-kb=(\d+)/.exec(stderr)?.[1]);
    expect(rssKb).toBeGreaterThan(0);
    expect(rssKb).toBeLessThan(200 * 1024);
  }, 60_000);
});
