/**
 * A coarse event type read from the headline, summary and the matcher's `why`: what happened, not to whom.
 * Two reports of one event share a type; a halt and a restart at the same mine are two events.
 */
import { cleanText, fold } from '../match/text.js';
import { PATTERNS_I18N } from './event-words-i18n.js';

export type EventType =
  | 'halt' // suspension, idling, care and maintenance, force majeure, export stop
  | 'cut' // curtailment, lower run rates
  | 'restart' // resumption after a halt, permit restored
  | 'start' // first production, first shipment, commissioning
  | 'expansion' // build, expand, invest in capacity
  | 'permit' // approvals, decrees, court rulings on projects
  | 'policy' // bans, quotas, tariffs, nationalisation, export licences
  | 'deal' // mergers, takeovers, stakes, offtakes, funding rounds
  | 'earnings' // quarterly results, guidance
  | 'management' // executives and boards
  | 'rating' // analyst ratings and price targets
  | 'index' // joins or leaves a stock index
  | 'legal' // lawsuits, arbitration
  | 'forecast' // supply/demand outlooks, surplus/deficit calls
  | 'incident' // fires, leaks, floods, recalls
  | 'price' // a commodity price move is the headline
  | 'market' // price levels and index moves with no company act behind them
  | 'research'; // lab results, pilots, prototypes

// Patterns run on folded text. Order does not matter; every pattern that fires counts.
const PATTERNS: ReadonlyArray<readonly [EventType, RegExp]> = [
  ['halt', /\b(suspen(d|ds|ded|ding|sion|sions)|halt(s|ed|ing)?|idl(e|es|ed|ing)|mothball\w*|care (and|&) maintenance|shut(s|ting|down|downs)?|stop(s|ped|ping)? (all |its )?(production|mining|output|exports?|operations?)|(take|takes|taking|took|knock\w*|go|goes|went)\b[\w\s]{0,40}\boffline|paus(e|es|ed|ing)|force majeure|blockade|stop(s|ped|ping)? (digging|work|mining)|wind(s|ing)? down|wound down|ceas(e|es|ed|ing) (mining|production|operations?|output)|clos(e|es|ed|ing) (the |its )?(mine|pit|concentrator|plant|operation)|closure|rectification|suspension of (mining|production|output))\b/],
  ['cut', /\b(cut(s|ting)? (output|production|operating rates|supply)|curtail\w*|reduc\w* (output|production|supply)|lower(s|ed|ing)? (their |its )?(load|output|production)|output cuts?)\b/],
  ['restart', /\b(restart\w*|resum(e|es|ed|ing|ption)|reopen\w*|reinstat\w*|restor(e|es|ed|ing)|back into production|out of care and maintenance)\b/],
  ['start', /\b(maiden (shipment|cargo|production|spodumene|concentrate)|first (load|ship|parcel|shipment|production|concentrate|output|cargo|batch|products?|carbonate|hydroxide|spodumene|lithium)|begins? production|began production|start(s|ed|ing)? (production|output|producing|trial)|trial (production|output)|commission(s|ed|ing)\b|on stream|comes online|poured|produced (its )?first|is live|(has )?produced battery-grade)\b/],
  ['expansion', /\b(expan(d|ds|ded|ding|sion)|build(s|ing)? (a|an|its)|to build|construction of|final investment decision|phase two|second phase|lift (output|capacity)|breaks? ground|capacity to reach|new (plant|line|refinery))\b/],
  ['permit', /\b(permit(s|ted)?|licen[cs]e(s|d)?|decree|approv(al|es|ed) (the|a|an)? ?\w* ?(mine|project|plant)|judge|court ruling|environmental approval)\b/],
  ['policy', /\b(export ban|ban(s|ned)? (on )?exports?|bans?\b|quotas?|tariffs?|nationali[sz]\w*|export (restrictions?|curbs?|controls?|licen[cs]es?)|restrict exports|(suspend\w*|halt\w*|freez\w*|stop\w*|prohibit\w*) ([\w-]+ ){0,4}exports?|exports? (suspension|freeze|halt)|export permits?|prohibit\w*|strategic mineral|royalty (regime|rate|increase)|mining law)\b/],
  ['deal', /\b(merger|merge|acqui(re|res|red|sition)|takeover|bid|tie-up|stake|offtake|all-stock|deal valued|series [a-d]|raises? us?\$|ipo|invest(s|ed)? us?\$[\d.,]+ (million|billion) in)\b/],
  ['earnings', /\b(quarter(ly)? (profit|loss|results|earnings|revenue)|(first|second|third|fourth)-quarter|q[1-4]\b|net (income|loss|profit)|revenue|earnings|guidance|annual results)\b/],
  ['management', /\b(chief executive|ceo|cfo|chair(man|woman)?|resign\w*|appoint\w*|board(room)?|directors?)\b/],
  ['rating', /\b(initiat\w* (coverage|at)|upgrad\w*|downgrad\w*|price target|rating|overweight|underweight|outperform|underperform)\b/],
  ['index', /\b((join(s|ing)?|added to|enter(s|ing)?|remov(e|ed|al) from|drop(s|ped)? from|leaves?) (the )?(s&p|ftse|msci|asx|index|csi|hang seng)|index (inclusion|rebalance)|quarterly rebalance)\b/],
  ['legal', /\b(class action|lawsuit|arbitration|litigation|sue[sd]?)\b/],
  ['forecast', /\b(forecast\w*|outlook|surplus|deficit|expects? the market)\b/],
  ['incident', /\b(fire|blaze|leak|explosion|accident|flood(s|ing)?|recall(s|ed|ing)?)\b/],
  ['price', /\b(prices?|futures|spot)( \w+)? (jump|jumps|jumped|rise|rises|rose|fall|falls|fell|slump\w*|surge\w*|soar\w*|climb\w*|drop\w*|tumbl\w*|rall\w*|slid|slides|firm\w*|hit|hits)\b/],
  ['market', /\b(futures|spot|index|indices|s&p|hang seng|stoxx|nasdaq composite|dow jones|etf|yields?)\b/],
  ['research', /\b(researchers?|study|prototype|pilot (plant|line|circuit)|laboratory|lab)\b/],
];

/** Pairs that cannot be the same event: a mine is either being stopped or being (re)started. */
const OPPOSITE: ReadonlyArray<readonly [EventType, EventType]> = [
  ['halt', 'restart'],
  ['halt', 'start'],
  ['cut', 'restart'],
  ['cut', 'start'],
  ['cut', 'expansion'],
];

/** Pairs that are different words for one act: a restart is reported as "first concentrate", a cut as a halt. */
const KIN: ReadonlyArray<readonly [EventType, EventType]> = [
  ['start', 'restart'],
  ['halt', 'cut'],
  ['expansion', 'permit'],
  ['price', 'market'],
  // A flood or a fire that stops a mine is reported as the incident or as the halt.
  ['halt', 'incident'],
];

export interface EventTypes {
  /** Types named in the headline (or, when it names none, the strongest in the body). */
  primary: EventType[];
  /** Every type the text mentions. */
  all: EventType[];
}

function fired(text: string): EventType[] {
  const out = PATTERNS.filter(([, re]) => re.test(text)).map(([t]) => t);
  for (const [t, re] of PATTERNS_I18N) if (!out.includes(t) && re.test(text)) out.push(t);
  return out;
}

export function eventTypes(title: string, summary: string, why: readonly string[] = []): EventTypes {
  const head = fold(cleanText(title));
  const body = fold(cleanText(summary));
  const titleTypes = fired(head);
  const bodyTypes = fired(body);
  // The matcher writes its cues as "start/output": read the slash as a space.
  const whyTypes = fired(fold(why.join('. ').replace(/\//g, ' ')));
  const all = [...new Set([...titleTypes, ...bodyTypes, ...whyTypes])];
  // 'market' is background in most company stories; it is the event only when nothing else is.
  const specific = (ts: EventType[]): EventType[] => (ts.some((t) => t !== 'market') ? ts.filter((t) => t !== 'market') : ts);
  let primary = specific(titleTypes);
  if (primary.length === 0) primary = specific([...new Set([...bodyTypes, ...whyTypes])]).slice(0, 2);
  return { primary, all };
}

export function areOpposite(a: readonly EventType[], b: readonly EventType[]): boolean {
  return OPPOSITE.some(([x, y]) => (a.includes(x) && b.includes(y) && !a.includes(y) && !b.includes(x)) ||
    (a.includes(y) && b.includes(x) && !a.includes(x) && !b.includes(y)));
}

const kin = (x: EventType, y: EventType): boolean => KIN.some(([p, q]) => (p === x && q === y) || (p === y && q === x));

/**
 * How far the headline acts agree: 1 the same, 0.5 kin (start/restart), 0.25 unknown (a side names no act),
 * 0 one side's act only mentioned in the other's body, -0.5 different acts, -1 opposite acts (halt/restart).
 */
export type TypeAgreement = 1 | 0.5 | 0.25 | 0 | -0.5 | -1;

export function typeAgreement(a: EventTypes, b: EventTypes): TypeAgreement {
  if (areOpposite(a.primary, b.primary)) return -1;
  if (a.primary.length === 0 || b.primary.length === 0) return 0.25;
  if (a.primary.some((t) => b.primary.includes(t))) return 1;
  if (a.primary.some((t) => b.primary.some((u) => kin(t, u)))) return 0.5;
  if (a.primary.some((t) => b.all.includes(t)) || b.primary.some((t) => a.all.includes(t))) return 0;
  return -0.5;
}
