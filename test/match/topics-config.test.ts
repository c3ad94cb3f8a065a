/** Topic rules are files: the shipped ones load, and a user's new topic works without code. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../src/config/load.js';
import { createMatcher } from '../../src/core/match/matcher.js';
import { tickers, topics } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function topicDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-topics-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'topics'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'topics', name), text);
  return dir;
}

describe('topic rule files', () => {
  it('ships lithium-supply and a nickel-supply example', () => {
    expect(topics.map((t) => t.id)).toEqual(['lithium-supply', 'nickel-supply']);
  });

  it('a new topic file fires on its commodity with its own why, no code needed', () => {
    const dir = topicDir({
      'cobalt.yaml': [
        'id: cobalt-supply',
        'label: Cobalt supply',
        'short: cobalt',
        'subject: { strong: [cobalt, cobalt hydroxide], weak: [], assets: [Mutanda], not: [] }',
        'rivals: { copper: [copper] }',
        'actions: { suspend: [suspend*, halt*], policy: [export ban] }',
        'negations: [not]',
      ].join('\n'),
    });
    const mine = loadTopics(dir);
    const m = createMatcher({ tickers, topics: [...topics, ...mine] });
    const r = m.match({ title: 'Congo extends cobalt export ban', summary: 'Shipments of cobalt hydroxide stay halted.' });
    expect(r.topics).toEqual(['cobalt-supply']);
    expect(r.lithiumSupply).toBe(false);
    expect(r.why).toEqual(['no supply: not about lithium', 'cobalt: policy + cobalt']);
    expect(m.match({ title: 'Congo halts copper exports', summary: '' }).topics).toEqual([]);
  });

  it('names the file and the field of a bad topic', () => {
    const dir = topicDir({ 'bad.yaml': 'id: Bad Id\nlabel: x\nsubject: { strong: [x] }\nactions: {}\n' });
    expect(() => loadTopics(dir)).toThrow(/bad\.yaml: id: lowercase letters, digits and dashes/);
    const dir2 = topicDir({ 'typo.yaml': 'id: t\nlabel: x\nsubject: { strong: [x] }\nactions: {}\nthreshhold: 0.5\n' });
    expect(() => loadTopics(dir2)).toThrow(/typo\.yaml: \(top level\): .*threshhold/);
  });
});

describe('matcher cache', () => {
  it('compiles the company dictionary once per distinct extra list, not per item', () => {
    const m = createMatcher({ tickers, topics });
    const extra = [{ symbol: 'VXL', name: 'Vexa Lithium Corp' }];
    for (let i = 0; i < 50; i++) expect(m.match({ title: 'Vexa Lithium restarts Roca mine', summary: '' }, { extra }).tickers).toEqual(['VXL']);
    expect(m.stats.indexBuilds).toBe(2);
    // Same content in a new array (a watchlist rebuilt each poll) reuses the compiled dictionary.
    m.match({ title: 'x', summary: '' }, { extra: [{ symbol: 'VXL', name: 'Vexa Lithium Corp' }] });
    expect(m.stats.indexBuilds).toBe(2);
    m.match({ title: 'x', summary: '' }, { extra: [{ symbol: 'QQQ', name: 'Other Co' }] });
    expect(m.stats.indexBuilds).toBe(3);
    expect(m.match({ title: 'Vexa Lithium restarts Roca mine', summary: '' }).tickers).toEqual([]);
  });
});
