/**
 * Word tokens, shingles and MinHash signatures for "do these two reports say the same thing in other words".
 * Signatures are plain number arrays so a story can be stored as JSON and compared after a restart.
 */
import { cleanText, fold } from '../match/text.js';

/** Number of hash functions: 128 keeps the Jaccard estimate within about ±0.04 at the values that matter. */
export const MINHASH_SIZE = 128;

// Function words, outlet boilerplate and exchange codes: they say nothing about which event a report is on.
const STOP = new Set(
  `a an the and or but of to in on at by for from with as into onto over after before about than then that this
  these those it its is are was were be been being has have had will would could may might can should said says
  say told per cent percent pct he she they we you i his her their our not no also up down out more most less
  which who whom what when where while amid since until just still some any all each other new news report
  reports reported according company companies firm group ltd limited inc corp corporation co plc sa pty
  nyse nasdaq asx tsx tsxv tsx-v hkex sse szse us sh sz hk ax otc app learned yesterday today monday tuesday
  wednesday thursday friday saturday sunday week year month day`.split(/\s+/).filter(Boolean),
);

/** Light suffix stripping so "suspends", "suspended" and "suspension" meet; exact morphology does not matter here. */
export function stem(w: string): string {
  if (w.length <= 4 || /\d/.test(w)) return w;
  for (const suf of ['ations', 'ation', 'ions', 'ion', 'ings', 'ing', 'edly', 'ed', 'es', 's']) {
    if (w.endsWith(suf) && w.length - suf.length >= 4) return w.slice(0, -suf.length);
  }
  return w;
}

/** Content words of a text, folded, thousands separators removed, stop words dropped, lightly stemmed. */
export function contentWords(raw: string): string[] {
  const text = fold(cleanText(raw)).replace(/(\d),(?=\d{3}\b)/g, '$1');
  const out: string[] = [];
  for (const m of text.matchAll(/[a-z0-9]+(?:[.'][a-z0-9]+)*/g)) {
    const w = m[0].replace(/'s$/, '');
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** Unigrams plus adjacent-word bigrams: unigrams survive rewording, bigrams reward shared phrasing. */
export function shingles(words: readonly string[]): Set<string> {
  const out = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Murmur3 finaliser: a cheap, well-mixed permutation of 32-bit values.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS: readonly number[] = Array.from({ length: MINHASH_SIZE }, (_, i) => mix(0x9e3779b9 + Math.imul(i + 1, 0x7f4a7c15)));

export function minhash(set: ReadonlySet<string>): number[] {
  const sig = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  for (const s of set) {
    const h = fnv1a(s);
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const v = mix(h ^ (SEEDS[i] as number));
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of the two shingle sets behind the signatures (0 when either is empty). */
export function minhashSimilarity(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / n;
}
