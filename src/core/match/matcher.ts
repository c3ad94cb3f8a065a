/**
 * The matcher: for one news item, which topics fire (lithium supply first), which tickers it concerns and the
 * key figures. Pure and synchronous; dictionaries are compiled once per universe and cached per `extra` list.
 */
import type { Figure, MatchContext, MatchResult, Matcher, NewsItem, TickerInfo } from '../types.js';
import { CompanyIndex, type Mention } from './companies.js';
import { withDefinedNames } from './defined-names.js';
import { moneyFigures, quantityFigures } from './figures-amounts.js';
import { percentFigures } from './figures-pct.js';
import { calmHeadline, isShouting } from './shouting.js';
import { normaliseNumbers } from './numbers-i18n.js';
import { isSpanish, swapSeparators } from './spanish.js';
import { buildDoc, type Doc } from './text.js';
import type { TopicRule } from './topic-schema.js';
import { CompiledTopic } from './topics.js';

export const LITHIUM_SUPPLY = 'lithium-supply';

type Extra = NonNullable<MatchContext['extra']>;

function figureKey(f: Figure): string {
  switch (f.kind) {
    case 'move':
      return `move|${f.symbol}|${f.pct}`;
    case 'change':
      return `change|${f.pct}`;
    case 'quantity':
      return `quantity|${f.value}`;
    case 'money':
      return `money|${f.value}|${f.currency}`;
    default:
      return `price|${f.value}|${f.currency}|${f.per ?? ''}`;
  }
}

/**
 * Title and summary often repeat a figure: keep one, preferring the one that says more (a `per`, a basis). A move
 * repeated under another listing of the same company ("Pilbara falls 6.3%" ... "(ASX: PLS; OTC: PILBF) fell 6.3%")
 * is the same move too.
 */
export function dedupeFigures(figs: readonly Figure[], listings: (symbol: string) => readonly string[] = () => []): Figure[] {
  const out: Figure[] = [];
  const at = new Map<string, number>();
  const prices = new Set(figs.filter((f) => f.kind === 'price').map((f) => `${f.kind === 'price' ? f.value : 0}|${f.kind === 'price' ? f.currency : ''}`));
  // "rose over 7%" in a headline and "rose 7.12%" in the text are one move: keep the precise one.
  const decimals = (x: number): number => (String(x).split('.')[1] ?? '').length;
  const roughMove = (f: Figure): boolean =>
    f.kind === 'move' &&
    figs.some((g) => g !== f && g.kind === 'move' && g.symbol === f.symbol && Math.abs(g.pct - f.pct) < 1 && Math.sign(g.pct) === Math.sign(f.pct) && decimals(g.pct) > decimals(f.pct));
  for (const f of figs) {
    if (f.kind === 'money' && prices.has(`${f.value}|${f.currency}`)) continue;
    if (roughMove(f)) continue;
    if (f.kind === 'move' && out.some((g) => g.kind === 'move' && g.pct === f.pct && listings(g.symbol).includes(f.symbol))) continue;
    const key = figureKey(f);
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(f);
      continue;
    }
    const prev = out[i] as Figure;
    if (prev.kind === 'quantity' && f.kind === 'quantity') {
      out[i] = { ...prev, per: prev.per ?? f.per, ...(prev.basis || f.basis ? { basis: 'LCE' as const } : {}) };
    }
  }
  return out;
}

/** The company a supply story is about: the last one named before the action in its sentence, else the first. */
function subjectOf(mentions: readonly Mention[], actionAt: number, doc: Doc): Mention | undefined {
  if (actionAt < 0) return undefined;
  const sentence = doc.tokens[actionAt]?.sentence;
  const inSentence = mentions.filter((m) => doc.tokens[m.from]?.sentence === sentence);
  const before = inSentence.filter((m) => m.to <= actionAt);
  return before[before.length - 1] ?? inSentence[0];
}

/** How the story names a company: its shortest written name ("CATL"), else the symbol. */
function displayName(mentions: readonly Mention[], symbol: string): string {
  const names = mentions.filter((m) => m.symbol === symbol && m.kind === 'name').map((m) => m.surface);
  names.sort((a, b) => a.length - b.length);
  return names[0] ?? symbol;
}

export class LithiumWireMatcher implements Matcher {
  private readonly topics: CompiledTopic[];
  private readonly base: CompanyIndex;
  private readonly byArray = new WeakMap<Extra, CompanyIndex>();
  private readonly byContent = new Map<string, CompanyIndex>();
  private readonly listings = new Map<string, readonly string[]>();
  /** How many company dictionaries were compiled: one per distinct `extra` list, not one per item. */
  readonly stats = { indexBuilds: 1 };

  constructor(private readonly tickers: readonly TickerInfo[], topics: readonly TopicRule[]) {
    this.topics = topics.map((t) => new CompiledTopic(t));
    this.base = new CompanyIndex(tickers);
    for (const t of tickers) if (t.listings?.length) this.listings.set(t.symbol, t.listings);
  }

  private index(extra: Extra | undefined): CompanyIndex {
    if (!extra || extra.length === 0) return this.base;
    const hit = this.byArray.get(extra);
    if (hit) return hit;
    const key = extra.map((e) => `${e.symbol}\u0001${e.name}`).join('\u0002');
    let idx = this.byContent.get(key);
    if (!idx) {
      idx = new CompanyIndex(this.tickers, extra);
      this.stats.indexBuilds++;
      if (this.byContent.size >= 16) this.byContent.delete(this.byContent.keys().next().value as string);
      this.byContent.set(key, idx);
    }
    this.byArray.set(extra, idx);
    return idx;
  }

  match(item: Pick<NewsItem, 'title' | 'summary'> & Partial<NewsItem>, ctx?: MatchContext): MatchResult {
    const index = this.index(ctx?.extra);
    const rawTitle = item.title ?? '';
    const title = isShouting(rawTitle) ? calmHeadline(rawTitle, (w) => index.isCode(w)) : rawTitle;
    const summary = item.summary ?? '';
    const spanish = isSpanish(`${title} ${summary}`);
    const local = (s: string): string => normaliseNumbers(spanish ? swapSeparators(s) : s);
    const doc = buildDoc(local(title), local(summary));
    const mentions: Mention[] = withDefinedNames(doc, index.find(doc), (sym) => index.display.has(sym));
    const tickers: string[] = [];
    for (const m of mentions) if (!tickers.includes(m.symbol)) tickers.push(m.symbol);
    const main = mentions[0];
    const figures = dedupeFigures([
      ...percentFigures({ doc, mentions, main: main?.symbol, listings: (sym) => this.listings.get(sym) ?? [] }),
      ...quantityFigures(doc),
      ...moneyFigures(doc),
    ], (sym) => this.listings.get(sym) ?? []);
    const verdicts = this.topics.map((t) => t.evaluate(doc, mentions));
    const fired = verdicts.filter((v) => v.fired);
    const lithium = verdicts.find((v) => v.id === LITHIUM_SUPPLY);
    const why: string[] = [];
    if (lithium) why.push(lithium.why);
    for (const v of fired) if (v !== lithium) why.push(v.why);
    const subject = subjectOf(mentions, fired[0]?.actionAt ?? -1, doc) ?? main;
    if (fired.length && subject) why.push(`subject ${displayName(mentions, subject.symbol)}`);
    return {
      lithiumSupply: !!lithium?.fired,
      score: lithium?.score ?? 0,
      why,
      tickers,
      figures,
      topics: fired.map((v) => v.id),
    };
  }
}

export function createMatcher(opts: { tickers: readonly TickerInfo[]; topics: readonly TopicRule[] }): LithiumWireMatcher {
  return new LithiumWireMatcher(opts.tickers, opts.topics);
}
