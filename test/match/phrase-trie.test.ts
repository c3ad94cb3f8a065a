/** The word-level Aho–Corasick automaton finds exactly what a naive scan finds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseTrie } from '../../src/core/match/phrase-trie.js';
import type { Token } from '../../src/core/match/text.js';

const toks = (words: readonly string[]): Token[] => words.map((norm, i) => ({ norm, start: i, end: i + 1, cap: false, upper: false, sentence: 0 }));

function naive(dict: readonly string[][], words: readonly string[]): string[] {
  const out: string[] = [];
  for (let end = 1; end <= words.length; end++) {
    dict.forEach((p, k) => {
      const from = end - p.length;
      if (from >= 0 && p.every((w, j) => words[from + j] === w)) out.push(`${from}-${end}-${k}`);
    });
  }
  return out.sort();
}

describe('PhraseTrie', () => {
  it('finds every occurrence of every phrase, overlapping ones included', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(word, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8, selector: (p) => p.join(' ') }), fc.array(word, { maxLength: 30 }), (dict, words) => {
        const trie = new PhraseTrie<number>();
        dict.forEach((p, k) => trie.add(p, k));
        const got = trie.findAll(toks(words)).map((h) => `${h.from}-${h.to}-${h.value}`).sort();
        expect(got).toEqual(naive(dict, words));
      }),
      { numRuns: 300 },
    );
  });

  it('matches a trailing-* word as a prefix and prefers the longest leftmost phrase', () => {
    const trie = new PhraseTrie<string>();
    trie.add(['suspen*'], 'suspend');
    trie.add(['care', 'and', 'maintenance'], 'c&m');
    trie.add(['lithium'], 'li');
    trie.add(['lithium', 'ion'], 'not');
    const words = ['mine', 'suspension', 'and', 'care', 'and', 'maintenance', 'lithium', 'ion', 'lithium'];
    expect(trie.findLongest(toks(words)).map((h) => [h.from, h.to, h.value])).toEqual([
      [1, 2, 'suspend'],
      [3, 6, 'c&m'],
      [6, 8, 'not'],
      [8, 9, 'li'],
    ]);
  });

  it('a wildcard word still matches where another phrase starts with an exact word it prefixes', () => {
    const trie = new PhraseTrie<string>();
    trie.add(['produc*'], 'output');
    trie.add(['produced', 'its', 'first'], 'start');
    const words = ['mine', 'produced', 'ore', 'and', 'produced', 'its', 'first', 'concentrate', 'producing'];
    expect(trie.findAll(toks(words)).map((h) => [h.from, h.to, h.value])).toEqual([
      [1, 2, 'output'],
      [4, 5, 'output'],
      [4, 7, 'start'],
      [8, 9, 'output'],
    ]);
  });
});
