/**
 * Multi-pattern phrase matching over word tokens: an Aho–Corasick automaton whose alphabet is whole words.
 * One left-to-right pass over the tokens finds every phrase of a dictionary (company names, lexicon terms),
 * whatever the dictionary size, instead of one regex per phrase. A word ending in `*` matches any word it
 * prefixes ("suspen*" → suspends, suspended, suspension); such words are few and tried after the exact edge.
 */
import type { Token } from './text.js';

interface Node {
  next: Map<string, number>;
  /** Prefix-wildcard edges ("suspen*"), kept apart because they cannot be hashed. */
  wild: Array<[string, number]>;
  /** The same edges bucketed by first letter, so a word tries only the prefixes it could start with. */
  wildByHead?: Map<string, Array<[string, number]>>;
  fail: number;
  /** Patterns ending here, longest first, plus those reachable by the output (dictionary) link. */
  out: number[];
  depth: number;
}

export interface PhraseHit<T> {
  /** Token index of the first and one-past-last word. */
  from: number;
  to: number;
  value: T;
}

export class PhraseTrie<T> {
  private readonly nodes: Node[] = [{ next: new Map(), wild: [], fail: 0, out: [], depth: 0 }];
  private readonly values: T[] = [];
  private readonly lengths: number[] = [];
  private hasWild = false;
  private built = false;

  /** Adds a phrase given as normalised words. Empty phrases are ignored. */
  add(words: readonly string[], value: T): void {
    if (words.length === 0) return;
    if (this.built) throw new Error('PhraseTrie: add after build');
    let cur = 0;
    for (const w of words) {
      const node = this.nodes[cur] as Node;
      const isWild = w.length > 1 && w.endsWith('*');
      if (isWild) this.hasWild = true;
      const key = isWild ? w.slice(0, -1) : w;
      let nxt = isWild ? node.wild.find(([p]) => p === key)?.[1] : node.next.get(key);
      if (nxt === undefined) {
        nxt = this.nodes.length;
        this.nodes.push({ next: new Map(), wild: [], fail: 0, out: [], depth: node.depth + 1 });
        if (isWild) node.wild.push([key, nxt]);
        else node.next.set(key, nxt);
      }
      cur = nxt;
    }
    this.values.push(value);
    this.lengths.push(words.length);
    (this.nodes[cur] as Node).out.push(this.values.length - 1);
  }

  get size(): number {
    return this.values.length;
  }

  private step(state: number, word: string): number {
    let s = state;
    for (;;) {
      const node = this.nodes[s] as Node;
      const exact = node.next.get(word);
      if (exact !== undefined) return exact;
      if (node.wildByHead) {
        const bucket = node.wildByHead.get(word[0] ?? '');
        if (bucket) for (const [p, n] of bucket) if (word.startsWith(p)) return n;
      }
      if (s === 0) return 0;
      s = node.fail;
    }
  }

  /**
   * Failure links by breadth-first order. With wildcard edges a word can follow more than one edge; the
   * automaton takes the exact one; a wildcard that also matches that word reports its patterns there (see below).
   */
  build(): this {
    if (this.built) return this;
    this.built = true;
    for (const node of this.nodes) {
      if (!node.wild.length) continue;
      node.wildByHead = new Map();
      for (const e of node.wild) {
        const head = e[0][0] ?? '';
        const list = node.wildByHead.get(head) ?? [];
        list.push(e);
        node.wildByHead.set(head, list);
      }
    }
    // "produc*" and "produced its first" from one node: a DFA follows the exact edge for "produced", so the
    // wildcard's own patterns (a wildcard word always ends its pattern) are also reported at the exact child.
    for (const node of this.nodes) {
      if (!node.wild.length) continue;
      for (const [w, n] of node.next) {
        for (const [p, wn] of node.wild) {
          if (!w.startsWith(p)) continue;
          const child = this.nodes[n] as Node;
          for (const o of (this.nodes[wn] as Node).out) if (!child.out.includes(o)) child.out.push(o);
        }
      }
    }
    const queue: number[] = [];
    const root = this.nodes[0] as Node;
    for (const n of [...root.next.values(), ...root.wild.map(([, n]) => n)]) {
      (this.nodes[n] as Node).fail = 0;
      queue.push(n);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const node = this.nodes[s] as Node;
      const edges: Array<[string, number]> = [...node.next.entries(), ...node.wild];
      for (const [w, n] of edges) {
        queue.push(n);
        const child = this.nodes[n] as Node;
        child.fail = this.step(node.fail, w);
        if (child.fail === n) child.fail = 0;
        const inherited = (this.nodes[child.fail] as Node).out;
        if (inherited.length) child.out = [...child.out, ...inherited];
      }
    }
    return this;
  }

  /** Every occurrence, as [from, to) token ranges, in order of end then longest first. */
  findAll(tokens: readonly Token[], from = 0, to = tokens.length): Array<PhraseHit<T>> {
    if (!this.built) this.build();
    const hits: Array<PhraseHit<T>> = [];
    let s = 0;
    for (let i = from; i < to; i++) {
      const tok = tokens[i] as Token;
      s = this.step(s, tok.norm);
      if (s === 0 && !this.hasWild) continue;
      const out = (this.nodes[s] as Node).out;
      for (const p of out) {
        const len = this.lengths[p] as number;
        hits.push({ from: i - len + 1, to: i + 1, value: this.values[p] as T });
      }
    }
    return hits;
  }

  /** The first phrase to end in the tokens, or undefined: a yes/no question answered without reading further. */
  findFirst(tokens: readonly Token[]): T | undefined {
    if (!this.built) this.build();
    let s = 0;
    for (const tok of tokens) {
      s = this.step(s, tok.norm);
      if (s === 0 && !this.hasWild) continue;
      const p = (this.nodes[s] as Node).out[0];
      if (p !== undefined) return this.values[p] as T;
    }
    return undefined;
  }

  /** Leftmost-longest, non-overlapping occurrences that pass `accept` (e.g. a capitalisation check). */
  findLongest(tokens: readonly Token[], accept?: (hit: PhraseHit<T>) => boolean): Array<PhraseHit<T>> {
    return leftmostLongest(this.findAll(tokens), accept);
  }
}

/** Keeps the leftmost-longest of overlapping hits (one dictionary pass can serve several categories). */
export function leftmostLongest<T>(hits: ReadonlyArray<PhraseHit<T>>, accept?: (hit: PhraseHit<T>) => boolean): Array<PhraseHit<T>> {
  const all = accept ? hits.filter(accept) : hits.slice();
  all.sort((a, b) => a.from - b.from || b.to - a.to);
  const out: Array<PhraseHit<T>> = [];
  let lastEnd = -1;
  for (const h of all) {
    if (h.from < lastEnd) continue;
    out.push(h);
    lastEnd = h.to;
  }
  return out;
}
