/**
 * What the words around a supply word say about it, for the topic decision: a direction next to it ("output fell
 * 14%"), a phrase that makes it about something else ("trading halt", "buy-back"), or the commodity named only to
 * say it is spared ("lithium output unaffected").
 */
import { isDirectionWord } from './pct-lexicon.js';
import { phraseTokens, type Token } from './text.js';

/** Kana and Hangul: languages whose verb comes after its object. */
const SOV_CHAR = /^[\u3040-\u30ff\uac00-\ud7af]/u;

const MODAL = new Set('is are was were be been will would could may might should expected seen set forecast projected likely to'.split(' '));
const PLACE_PREP = new Set(['from', 'at', 'in']);

/**
 * The quantity a production report puts between its verb and the change ("produced a record 52,300 dmt of
 * spodumene concentrate, up 15%"): numbers, units and their glue do not count as words in between.
 */
const QUANTITY_UNIT = new Set('t tonnes tons tonne ton dmt wmt kt kdmt mt lce'.split(' '));
const QUANTITY_GLUE = new Set('a an of record about around some roughly approximately nearly almost'.split(' '));
/** A tonnage's own words; a money amount ("doubled to $2.09 billion on higher pricing") is not skipped. */
const isQuantityWord = (norm: string, next: string | undefined) =>
  QUANTITY_GLUE.has(norm) || QUANTITY_UNIT.has(norm) || /^\d[\d,.]*(kt|t|mt)$/.test(norm) || (/^\d[\d,.]*$/.test(norm) && !!next && QUANTITY_UNIT.has(next));

/**
 * A direction word right before the supply word, or within three words after it in the same sentence; modal
 * words, a place, the quantity and the commodity's own words in between do not count ("output is expected to
 * rise", "shipments from Port Hedland rose", "produced 95,000 dmt of spodumene concentrate, down 8%").
 */
export function changedNear(toks: readonly Token[], from: number, to: number, subjectWords: ReadonlySet<string>): boolean {
  const sentence = (toks[from] as Token).sentence;
  const prev = toks[from - 1];
  if (prev && prev.sentence === sentence && isDirectionWord(prev.norm)) return true;
  for (let i = to, k = 0, place = false; i < toks.length && k < 3; i++) {
    const t = toks[i] as Token;
    if (t.sentence !== sentence) return false;
    if (isDirectionWord(t.norm)) return true;
    place = PLACE_PREP.has(t.norm) ? !!toks[i + 1]?.cap : place && t.cap;
    if (!MODAL.has(t.norm) && !place && !isQuantityWord(t.norm, toks[i + 1]?.norm) && !subjectWords.has(t.norm)) k++;
  }
  return false;
}

/** "its lithium business is not affected": the commodity is named only to say it is spared. */
export function sparedAfter(toks: readonly Token[], to: number): boolean {
  const sentence = (toks[to - 1] as Token).sentence;
  for (let i = to; i < Math.min(toks.length, to + 5); i++) {
    const t = toks[i] as Token;
    if (t.sentence !== sentence) return false;
    if (t.norm === 'unaffected') return true;
    if (t.norm === 'not' || t.norm.endsWith("n't")) {
      const next = toks[i + 1]?.norm === 'be' ? toks[i + 2] : toks[i + 1];
      return !!next && /^(affected|impacted|hit|disrupted)$/.test(next.norm);
    }
  }
  return false;
}

/** Word sequences, kept by first word: "buy-back" must not make every "back" a match. */
export class PhraseSet {
  private readonly byHead = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const words = phraseTokens(p);
      const head = words[0];
      if (head) this.byHead.set(head, [...(this.byHead.get(head) ?? []), words]);
    }
  }

  get size(): number {
    return this.byHead.size;
  }

  /** The length of a phrase starting at token `at`, within sentence `sentence`; else 0. */
  at(toks: readonly Token[], at: number, sentence: number): number {
    const t = toks[at];
    if (!t || t.sentence !== sentence) return 0;
    for (const words of this.byHead.get(t.norm) ?? []) {
      if (words.every((w, k) => toks[at + k]?.norm === w && toks[at + k]?.sentence === sentence)) return words.length;
    }
    return 0;
  }

  /** A phrase ending right before tokens [from, to) ("trading halt"), or starting within three words after. */
  near(toks: readonly Token[], from: number, to: number): boolean {
    const sentence = (toks[from] as Token).sentence;
    for (let start = from - 1; start >= Math.max(0, from - 4); start--) {
      if (this.at(toks, start, sentence) === from - start) return true;
    }
    // Japanese and Korean put the object before the verb, a character a token, with particles between
    // ("배당 지급을 중단", "配当の支払いを停止"): a phrase a few characters before the verb is its object.
    if (toks.slice(Math.max(0, from - 8), from + 1).some((t) => SOV_CHAR.test(t.norm))) {
      for (let start = from - 1; start >= Math.max(0, from - 8); start--) {
        const len = this.at(toks, start, sentence);
        if (len && start + len <= from) return true;
      }
    }
    for (let i = to; i < Math.min(toks.length, to + 3); i++) {
      if ((toks[i] as Token).sentence !== sentence) break;
      if (this.at(toks, i, sentence)) return true;
    }
    return false;
  }

  /** The sentences holding one of the phrases anywhere, as a 0/1 flag per sentence. */
  sentencesWith(toks: readonly Token[], sentences: number): Uint8Array {
    const out = new Uint8Array(sentences);
    if (this.byHead.size === 0) return out;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as Token;
      if (this.at(toks, i, t.sentence)) out[t.sentence] = 1;
    }
    return out;
  }
}
