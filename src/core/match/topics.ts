/**
 * Topic decision: a sentence supports a supply story when it holds a supply action and is about the topic's
 * commodity more than about a rival commodity. Company names are masked first, so "Salt Lake Lithium cuts
 * potash output" is a potash sentence. Sentence strengths combine as independent evidence (noisy-or).
 */
import type { Mention } from './companies.js';
import { leftmostLongest, PhraseTrie, type PhraseHit } from './phrase-trie.js';
import { changedNear, PhraseSet, sparedAfter } from './topic-context.js';
import { phraseTokens, type Doc, type Token } from './text.js';
import type { TopicRule } from './topic-schema.js';

type SubjectKind = 'strong' | 'weak' | 'asset' | 'not';
interface ActionValue {
  label: string;
  weight: number;
}
/**
 * A common supply word alone (output, production, supply) with the commodity stays just under the default
 * threshold: earnings and demand stories use those words too. Two different ones, or one strong action, fire.
 */
const WEAK_ACTION = 0.45;

/** One dictionary per topic, one pass per item: each phrase says which list it came from. */
type Entry = { cat: 'subject'; kind: SubjectKind } | { cat: 'rival'; name: string } | { cat: 'action'; action: ActionValue };

export interface TopicVerdict {
  id: string;
  fired: boolean;
  score: number;
  why: string;
  /** Token index of the first action in the strongest sentence, to name the story's subject company. */
  actionAt: number;
}

// Words after a subject word that make the `why` readable ("lithium mine", "spodumene supply").
const ASSET_NOUN = /^(mines?|mining|projects?|plants?|operations?|output|production|supply|concentrate|carbonate|hydroxide|lines?|brine|refinery|converter|ore|prices?|market|miner|miners|futures|inventories|stocks)$/;

const INSTITUTION = new Set('commission agency ministry council association institute exchange board authority regulator'.split(' '));

/** Adds phrases in the topic files' syntax: whole words, a trailing `*` matching any word it starts. */
export function addAll<T>(trie: PhraseTrie<T>, list: readonly string[], value: (p: string) => T): void {
  for (const p of list) trie.add(phraseTokens(p).map((w, i, a) => (i === a.length - 1 && p.endsWith('*') ? `${w}*` : w)), value(p));
}

export class CompiledTopic {
  private readonly trie = new PhraseTrie<Entry>();
  private readonly negations: Set<string>;
  private readonly subjectWords: Set<string>;
  private readonly companies: Set<string>;
  private readonly falseFriends: PhraseSet;
  private readonly assetNouns: Set<string>;
  private readonly equityNouns: Set<string>;
  private readonly listingVetoes: PhraseSet;
  /** First words of the subject's phrases (and prefixes of its wildcards): a story with none is not about it. */
  private readonly gateWords = new Set<string>();
  private readonly gatePrefixes: string[] = [];

  constructor(readonly rule: TopicRule) {
    const t = this.trie;
    for (const kind of ['strong', 'weak', 'assets', 'not'] as const) {
      addAll(t, rule.subject[kind], (): Entry => ({ cat: 'subject', kind: kind === 'assets' ? 'asset' : kind }));
    }
    for (const [name, list] of Object.entries(rule.rivals)) addAll(t, list, (): Entry => ({ cat: 'rival', name }));
    for (const [label, list] of Object.entries(rule.actions)) addAll(t, list, (): Entry => ({ cat: 'action', action: { label, weight: 1 } }));
    for (const [label, list] of Object.entries(rule.weakActions)) addAll(t, list, (): Entry => ({ cat: 'action', action: { label, weight: WEAK_ACTION } }));
    t.build();
    this.negations = new Set(rule.negations.flatMap((n) => phraseTokens(n)));
    this.subjectWords = new Set(rule.subject.strong.flatMap((s) => phraseTokens(s)).filter((w) => !w.endsWith('*')));
    this.companies = new Set(rule.companies);
    this.falseFriends = new PhraseSet(rule.falseFriends);
    this.listingVetoes = new PhraseSet(rule.listingVetoes);
    this.assetNouns = new Set(rule.assetNouns.flatMap((n) => phraseTokens(n)));
    this.equityNouns = new Set(rule.equityNouns.flatMap((n) => phraseTokens(n)));
    for (const p of [...rule.subject.strong, ...rule.subject.weak, ...rule.subject.assets]) {
      const words = phraseTokens(p);
      const first = words[0];
      if (!first) continue;
      if (words.length === 1 && p.endsWith('*')) this.gatePrefixes.push(first);
      else this.gateWords.add(first);
    }
  }

  /**
   * "Copper slips, nickel steady; lithium firms on Zimbabwe permit halt": in a sentence naming several
   * commodities, an action belongs to the one named nearest to it, in words; a tie goes to the rival.
   */
  private nearestIsSubject(toks: readonly Token[], at: number, subjAt: readonly number[], rivalAt: readonly number[]): boolean {
    const sentence = toks[at]?.sentence;
    if (sentence === undefined) return false;
    const dist = (list: readonly number[]): number =>
      list.reduce((d, i) => (toks[i]?.sentence === sentence ? Math.min(d, Math.abs(i - at)) : d), Number.POSITIVE_INFINITY);
    return dist(subjAt) < dist(rivalAt);
  }

  /** Whether the story names the commodity, one of its assets or one of its companies at all. */
  private mayConcern(doc: Doc, mentions: readonly Mention[]): boolean {
    for (const t of doc.tokens) {
      if (this.gateWords.has(t.norm)) return true;
      for (const p of this.gatePrefixes) if (t.norm.startsWith(p)) return true;
    }
    return mentions.some((m) => this.companies.has(m.symbol) || m.surface.toLowerCase().split(/[^a-z]+/).some((w) => this.subjectWords.has(w)));
  }

  evaluate(doc: Doc, mentions: readonly Mention[]): TopicVerdict {
    // Most stories never name most topics' commodities: the full reading would end in "not about" anyway.
    if (!this.mayConcern(doc, mentions)) {
      return { id: this.rule.id, fired: false, score: 0, why: `no ${this.rule.short}: not about ${this.rule.label.toLowerCase().replace(/ supply$/, '')}`, actionAt: -1 };
    }
    const toks = doc.tokens;
    const n = doc.sentences.length;
    const masked = new Uint8Array(toks.length);
    for (const m of mentions) for (let i = m.from; i < m.to && i < toks.length; i++) masked[i] = 1;
    const hits = this.trie.findAll(toks);
    const subjectHits: Array<PhraseHit<SubjectKind>> = [];
    const rivalHits: Array<PhraseHit<string>> = [];
    const actionHits: Array<PhraseHit<ActionValue>> = [];
    for (const h of hits) {
      const v = h.value;
      if (v.cat === 'subject') subjectHits.push({ from: h.from, to: h.to, value: v.kind });
      else if (v.cat === 'rival') rivalHits.push({ from: h.from, to: h.to, value: v.name });
      else actionHits.push({ from: h.from, to: h.to, value: v.action });
    }
    const free = (h: PhraseHit<unknown>): boolean => {
      for (let i = h.from; i < h.to; i++) if (masked[i]) return false;
      return (toks[h.from] as Token).sentence === (toks[h.to - 1] as Token).sentence;
    };

    const subj = new Float64Array(n);
    // Lexical evidence only (no company names), for sentences that lean on the rest of the story.
    const lex = new Float64Array(n);
    let docLex = 0;
    const subjText: string[] = new Array<string>(n).fill('');
    // Where each commodity is named, to tell which one an action belongs to in a wrap of several.
    const subjAt: number[] = [];
    const rivalAt: number[] = [];
    for (const h of leftmostLongest(subjectHits, free)) {
      if (h.value === 'not' || sparedAfter(toks, h.to)) continue;
      const first = toks[h.from] as Token;
      if (h.value === 'asset' && !first.cap) continue;
      // Only the commodity's own words: a place ("Chile's Atacama region") says where, not which metal.
      if (h.value === 'strong') subjAt.push(h.from);
      const w = h.value === 'weak' ? 0.5 : 1;
      const s = first.sentence;
      if (w > 0 && (!subjText[s] || (h.value === 'strong' && subj[s] === 0.5))) {
        const nextTok = toks[h.to];
        const tail = nextTok && nextTok.sentence === s && ASSET_NOUN.test(nextTok.norm) ? ` ${nextTok.norm}` : '';
        subjText[s] = `${toks.slice(h.from, h.to).map((t) => t.norm).join(' ')}${tail}`;
      }
      subj[s] = (subj[s] ?? 0) + w;
      lex[s] = (lex[s] ?? 0) + w;
    }
    // A company of the commodity ("Wirraway Lithium", or listed in the topic) is weak evidence.
    let companySubject = '';
    const boosted = new Set<number>();
    for (const m of mentions) {
      const words = m.surface.toLowerCase().split(/[^a-z]+/);
      if (this.companies.has(m.symbol) || words.some((w) => this.subjectWords.has(w))) {
        const s = (toks[m.from] as Token | undefined)?.sentence ?? 0;
        subj[s] = (subj[s] ?? 0) + 0.5;
        companySubject ||= m.surface;
        // "Wirraway ... its Mt Yarrabee mine": the company's own mine is about the commodity.
        if (!boosted.has(s) && toks.some((t, i) => t.sentence === s && !masked[i] && this.assetNouns.has(t.norm))) {
          boosted.add(s);
          subj[s] = (subj[s] ?? 0) + 0.5;
        }
      }
    }

    const rival = new Float64Array(n);
    const rivalNames: string[] = [];
    const rivalCount = new Map<string, number>();
    for (const h of rivalHits) {
      if (!free(h)) continue;
      const first = toks[h.from] as Token;
      const prev = toks[h.from - 1];
      const sentence = doc.sentences[first.sentence];
      // "Huayou Cobalt", "Southern Copper": a capitalised commodity after a capitalised word is a company name.
      if (first.cap && prev?.cap && prev.sentence === first.sentence && !sentence?.titleCase && prev.start > (sentence?.start ?? 0)) continue;
      // "the copper commission Cochilco", "the nickel institute": an institution, not the sentence's commodity.
      const next = toks[h.to];
      if (next && next.sentence === first.sentence && INSTITUTION.has(next.norm)) continue;
      rival[first.sentence] = (rival[first.sentence] ?? 0) + 1;
      rivalAt.push(h.from);
      rivalCount.set(h.value, (rivalCount.get(h.value) ?? 0) + 1);
      if (!rivalNames.includes(h.value)) rivalNames.push(h.value);
    }

    // Sentences about a trading halt: their "halted"/"suspended" is the listing's.
    const vetoed = this.listingVetoes.sentencesWith(toks, n);

    const act = new Float64Array(n);
    const actLabels: Array<Array<{ label: string; weight: number }>> = Array.from({ length: n }, () => []);
    const actFirst = new Int32Array(n).fill(-1);
    const actFirstWeight = new Float64Array(n);
    for (const h of leftmostLongest(actionHits, free)) {
      const first = toks[h.from] as Token;
      let negated = false;
      for (let i = h.from - 1; i >= Math.max(0, h.from - 3); i--) {
        const t = toks[i] as Token;
        if (t.sentence !== first.sentence) break;
        if (this.negations.has(t.norm) || t.norm.endsWith("n't")) negated = true;
      }
      // "lithium output unaffected", "production was not affected".
      for (let i = h.to; i < Math.min(toks.length, h.to + 3); i++) {
        const t = toks[i] as Token;
        if (t.sentence !== first.sentence) break;
        if (t.norm === 'unaffected' || t.norm === 'unchanged' || (t.norm === 'not' && toks[i + 1]?.norm === 'affected')) negated = true;
      }
      if (negated || vetoed[first.sentence] || this.falseFriends.near(toks, h.from, h.to)) continue;
      const after = toks[h.to];
      if (h.value.weight < 1 && after && after.sentence === first.sentence && this.equityNouns.has(after.norm)) continue;
      const s = first.sentence;
      const labels = actLabels[s] as Array<{ label: string; weight: number }>;
      // "output fell 14%", "higher production": a stated change of output is a supply fact.
      let value = h.value;
      if (value.weight < 1 && changedNear(toks, h.from, h.to, this.subjectWords)) value = { label: value.label, weight: 0.75 };
      if (!labels.some((l) => l.label === value.label)) labels.push(value);
      // Two different half-actions ("cut" ... "output") make three quarters of one.
      const weakKinds = labels.filter((l) => l.weight < 1).length;
      act[s] = Math.max(act[s] ?? 0, value.weight, weakKinds >= 2 ? 0.75 : 0);
      // The first strong action names the story's subject (the company just before it).
      if (actFirst[s] === -1 || value.weight > (actFirstWeight[s] ?? 0)) {
        actFirst[s] = h.from;
        actFirstWeight[s] = value.weight;
      }
    }

    let docSubj = 0;
    let docRival = 0;
    for (let s = 0; s < n; s++) {
      docSubj += subj[s] ?? 0;
      docLex += lex[s] ?? 0;
      docRival += rival[s] ?? 0;
    }
    let miss = 1;
    let weakOnly = 0;
    let best = -1;
    let bestStrength = 0;
    for (let s = 0; s < n; s++) {
      const a = act[s] ?? 0;
      if (a === 0) continue;
      const sj = subj[s] ?? 0;
      const rv = rival[s] ?? 0;
      let strength = 0;
      if (sj > 0 && (sj > rv || this.nearestIsSubject(toks, actFirst[s] ?? -1, subjAt, rivalAt))) strength = a * Math.min(1, sj);
      // A sentence about nothing in particular ("Shares were suspended") in a story clearly about lithium.
      else if (sj === 0 && rv === 0 && docLex >= 1.5 && docRival === 0) strength = a * 0.5;
      if (strength > bestStrength) {
        bestStrength = strength;
        best = s;
      }
      // Sentences with only a common supply word do not add up: a title and summary repeating "production".
      if (a >= 0.75) miss *= 1 - strength;
      else weakOnly = Math.max(weakOnly, strength);
    }
    let score = 1 - miss * (1 - weakOnly);
    // A market wrap names several other metals once each: the story is about another metal only when one of
    // them alone is named more often than this one.
    if (Math.max(0, ...rivalCount.values()) > docSubj) score *= 0.5;
    score = Math.round(score * 100) / 100;
    const fired = score >= this.rule.threshold;
    const short = this.rule.short;
    let why: string;
    if (best >= 0) {
      const subjectWord = subjText[best] || subjText.find((x) => x) || companySubject || this.rule.id;
      const all = actLabels[best] ?? [];
      const top = Math.max(...all.map((l) => l.weight));
      const labels = all.filter((l) => l.weight === top).map((l) => l.label);
      const reason = `${labels.slice(0, 2).join('/')} + ${subjectWord}`;
      why = fired ? `${short}: ${reason}` : `no ${short}: weak (${reason})`;
    } else if (docSubj === 0) why = `no ${short}: not about ${this.rule.label.toLowerCase().replace(/ supply$/, '')}`;
    else if (docRival > 0 && docRival >= docSubj) why = `no ${short}: about ${rivalNames.slice(0, 2).join('/')}`;
    else why = `no ${short}: no supply action`;
    return { id: this.rule.id, fired, score, why, actionAt: best >= 0 ? (actFirst[best] ?? -1) : -1 };
  }
}
