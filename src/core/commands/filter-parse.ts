/**
 * Parsing of `filter` and `mention`, in both forms (Slack text, Discord options). Values are checked for shape
 * and size here; tickers and topics are resolved by the handler, which knows the universe and the topics.
 * Phrases take the topic files' syntax only (whole words, a trailing `*`): nothing typed here becomes a regex.
 */
import { UserError } from '../errors.js';
import type { MentionSetting } from '../types.js';
import { FILTER_KINDS, type CommandRequest, type FilterKind, type MentionWhen } from './types.js';

/** Values per filter kind, and the length of one: a filter is a short list, not a dictionary. */
export const MAX_FILTER_VALUES = 10;
export const MAX_PHRASE_CHARS = 60;
export const MAX_MOVE_PCT = 1000;
/** A wildcard needs this many letters before `*`: "a*" would match half the language. */
const MIN_WILDCARD_STEM = 3;

const KIND_WORDS: Record<string, FilterKind> = {
  ticker: 'tickers', tickers: 'tickers', symbols: 'tickers',
  move: 'move', moves: 'move', 'min-move': 'move',
  topic: 'topics', topics: 'topics',
  source: 'sources', sources: 'sources', feed: 'sources', feeds: 'sources', tag: 'sources', tags: 'sources',
  include: 'include', includes: 'include',
  exclude: 'exclude', excludes: 'exclude',
};

export const FILTER_USAGE =
  'filter tickers ALB,SQM | filter move 5 | filter topics supply | filter sources reuters | filter include "mine closure" | filter exclude "price target" | filter clear [kind] | filter';
export const MENTION_USAGE = 'mention <@group or role> [supply] [move 5] | mention clear | mention';

function kindOf(word: string | undefined): FilterKind | undefined {
  return word === undefined ? undefined : KIND_WORDS[word.toLowerCase().replace(/_/g, '-')];
}

/** "5", "5%", "2.5": a positive percentage up to MAX_MOVE_PCT. */
export function parsePct(raw: string | undefined, what: string): number {
  const text = (raw ?? '').trim().replace(/%$/, '').replace(/^\+/, '');
  const n = /^\d{1,4}(?:\.\d{1,2})?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_MOVE_PCT) {
    throw new UserError('BAD_NUMBER', `${what} takes a percentage above 0 and at most ${MAX_MOVE_PCT}, e.g. 5 or 2.5.`);
  }
  return n;
}

function checkCount(values: readonly string[], kind: FilterKind): void {
  if (values.length === 0) throw new UserError('MISSING_VALUE', `Give at least one value: ${FILTER_USAGE.split(' | ').find((u) => u.includes(kind)) ?? FILTER_USAGE}.`);
  if (values.length > MAX_FILTER_VALUES) {
    throw new UserError('TOO_MANY_VALUES', `At most ${MAX_FILTER_VALUES} ${kind} per filter; you gave ${values.length}.`);
  }
}

const PHRASE_TEXT = /^[\p{L}\p{M}\p{N} .&'\u2019-]+\*?$/u;

/** One include/exclude phrase: words, an optional trailing `*` on the last one, nothing else. */
export function checkPhrase(raw: string): string {
  const p = raw.trim().replace(/\s+/g, ' ');
  if (p.length > MAX_PHRASE_CHARS) throw new UserError('PHRASE_TOO_LONG', `A phrase may be at most ${MAX_PHRASE_CHARS} characters.`);
  if (!PHRASE_TEXT.test(p) || !/[\p{L}\p{N}]/u.test(p)) {
    throw new UserError('BAD_PHRASE', 'A phrase is words (letters, digits, spaces, . & \' -), with an optional * at the end for any word it starts, e.g. "mine closure" or suspen*. Regular expressions are not supported.');
  }
  if (p.endsWith('*') && (/\s\S{0,2}\*$/.test(p) || /^\S{0,2}\*$/.test(p) || p.endsWith(' *'))) {
    throw new UserError('BAD_PHRASE', `A wildcard needs at least ${MIN_WILDCARD_STEM} letters before the *, e.g. suspen*.`);
  }
  return p;
}

const VALUE_TEXT = /^[\p{L}\p{M}\p{N}$.&'\u2019: -]+$/u;

function checkValue(raw: string, kind: FilterKind): string {
  const v = raw.trim().replace(/\s+/g, ' ');
  if (v.length > MAX_PHRASE_CHARS) throw new UserError('VALUE_TOO_LONG', `A ${kind} value may be at most ${MAX_PHRASE_CHARS} characters.`);
  if (!VALUE_TEXT.test(v) || !/[\p{L}\p{N}]/u.test(v)) throw new UserError('BAD_VALUE', `That does not look like one of ${kind}: use letters, digits and spaces.`);
  return v;
}

/** `filter …` from its words after the verb (already tokenised). */
export function filterRequest(action: string | undefined, values: readonly string[]): CommandRequest {
  const a = (action ?? 'show').toLowerCase();
  if (a === 'show' || a === 'list') {
    if (values.length) throw new UserError('BAD_OPTION', `"filter show" takes nothing more. Usage: ${FILTER_USAGE}`);
    return { verb: 'filter', action: 'show' };
  }
  if (a === 'clear' || a === 'reset' || a === 'off') {
    if (values.length > 1) throw new UserError('BAD_OPTION', `Clear one kind or all: filter clear [${FILTER_KINDS.join('|')}].`);
    if (values.length === 0 || values[0]?.toLowerCase() === 'all') return { verb: 'filter', action: 'clear' };
    const kind = kindOf(values[0]);
    if (!kind) throw new UserError('BAD_OPTION', `Clear one of: ${FILTER_KINDS.join(', ')} (or all).`);
    return { verb: 'filter', action: 'clear', kind };
  }
  const kind = kindOf(a);
  if (!kind) throw new UserError('BAD_OPTION', `Filter by one of: ${FILTER_KINDS.join(', ')}. Usage: ${FILTER_USAGE}`);
  if (kind === 'move') {
    if (values.length !== 1) throw new UserError('BAD_NUMBER', 'filter move takes one number: the smallest move, in percent, e.g. filter move 5.');
    return { verb: 'filter', action: 'set', kind, values: [String(parsePct(values[0], 'filter move'))] };
  }
  checkCount(values, kind);
  const checked = values.map((v) => (kind === 'include' || kind === 'exclude' ? checkPhrase(v) : checkValue(v, kind)));
  return { verb: 'filter', action: 'set', kind, values: [...new Set(checked)] };
}

/** The Discord option form: a subcommand per kind, plus clear and show. */
export function filterFromOptions(opts: Record<string, string | undefined>, split: (text: string) => string[]): CommandRequest {
  const sub = opts.subcommand ?? 'show';
  if (sub === 'clear') return filterRequest('clear', opts.kind ? [opts.kind] : []);
  if (sub === 'show') return filterRequest('show', []);
  const raw = opts.values ?? opts.symbols ?? opts.percent ?? opts.topics ?? opts.sources ?? opts.phrases ?? '';
  return filterRequest(sub, sub === 'move' ? [raw] : split(raw));
}

// <!subteam^S0614TZR7|lithium-desk> as Slack writes a user group (escaped or not), or the bare id.
const SUBTEAM = /^(?:<|&lt;)?!?subteam\^(S[A-Z0-9]{2,20})(?:\|@?([\p{L}\p{N}._-]{1,80}))?(?:>|&gt;)?$/u;
const ROLE = /^(?:<@&)?(\d{17,20})>?$/;
// "@lithium-desk" as Slack sends it with should_escape: false: a handle, looked up by the handler.
const HANDLE = /^@([\p{L}\p{N}._-]{1,80})$/u;
/** Slack's channel-wide mentions: never a group, and never something a setting may ping. */
const BROADCASTS = new Set(['here', 'channel', 'everyone']);

export type MentionTarget = Pick<MentionSetting, 'kind' | 'id' | 'label'> | { handle: string };

/** The mention target as typed: a Slack user group (syntax, id or @handle) or a Discord role, by its syntax. */
export function mentionTarget(raw: string): MentionTarget {
  const t = raw.trim();
  const g = SUBTEAM.exec(t) ?? (/^S[A-Z0-9]{2,20}$/.test(t) ? [t, t] : null);
  if (g?.[1]) return { kind: 'usergroup', id: g[1], ...(g[2] ? { label: g[2] } : {}) };
  const r = ROLE.exec(t);
  if (r?.[1]) return { kind: 'role', id: r[1] };
  const h = HANDLE.exec(t);
  if (h?.[1]) {
    if (BROADCASTS.has(h[1].toLowerCase())) throw new UserError('BAD_MENTION', `@${h[1].toLowerCase()} notifies the whole channel; a mention here names one user group, e.g. @lithium-desk.`);
    return { handle: h[1] };
  }
  throw new UserError('BAD_MENTION', 'Name a role (Discord: pick it in the role option) or a Slack user group as @handle, <!subteam^ID|name> or its ID (S…).');
}

/** `mention …` from its words after the verb. */
export function mentionRequest(words: readonly string[]): CommandRequest {
  const [first, ...rest] = words;
  const head = (first ?? 'show').toLowerCase();
  if (head === 'show' || head === 'list') return { verb: 'mention', action: 'show' };
  if (head === 'clear' || head === 'off' || head === 'none') {
    if (rest.length) throw new UserError('BAD_OPTION', '"mention clear" takes nothing more.');
    return { verb: 'mention', action: 'clear' };
  }
  const target = mentionTarget(first ?? '');
  const when: MentionWhen = {};
  for (let i = 0; i < rest.length; i++) {
    const w = (rest[i] ?? '').toLowerCase();
    const inline = /^(?:move|min[_-]?move)[:=](.*)$/.exec(w);
    if (w === 'supply' || w === 'only:supply' || w === 'only=supply') when.onlySupply = true;
    else if (w === 'only' && rest[i + 1]?.toLowerCase() === 'supply') {
      when.onlySupply = true;
      i++;
    }
    else if (inline) when.minMovePct = parsePct(inline[1], 'mention move');
    else if (w === 'move' || w === 'min-move' || w === 'min_move') when.minMovePct = parsePct(rest[++i], 'mention move');
    else throw new UserError('BAD_OPTION', `Usage: ${MENTION_USAGE}`);
  }
  if ('handle' in target) return { verb: 'mention', action: 'set', handle: target.handle, mention: when };
  return { verb: 'mention', action: 'set', mention: { ...target, ...when } };
}

/** The Discord option form: role (an id), only (supply|all), min_move (a number), clear (true). */
export function mentionFromOptions(opts: Record<string, string | undefined>): CommandRequest {
  if (opts.clear?.toLowerCase() === 'true') {
    if (opts.role !== undefined) throw new UserError('BAD_OPTION', 'Give a role to set, or clear:True to remove it, not both.');
    return { verb: 'mention', action: 'clear' };
  }
  if (opts.role === undefined) {
    if (opts.only !== undefined || opts.min_move !== undefined) throw new UserError('BAD_OPTION', 'Pick the role to mention (role option).');
    return { verb: 'mention', action: 'show' };
  }
  const words = [opts.role, ...(opts.only === 'supply' ? ['supply'] : []), ...(opts.min_move !== undefined ? ['move', opts.min_move] : [])];
  return mentionRequest(words);
}

const FILTER_OPTION: Record<string, string> = { tickers: 'symbols', move: 'percent', topics: 'topics', sources: 'sources', include: 'phrases', exclude: 'phrases' };

/** The Discord option form of a filter request (commandOptionsOf, for harnesses). */
export function filterOptionsOf(req: Extract<CommandRequest, { verb: 'filter' }>): Record<string, string> {
  if (req.action === 'show') return { subcommand: 'show' };
  if (req.action === 'clear') return { subcommand: 'clear', ...(req.kind ? { kind: req.kind } : {}) };
  const values = req.values.map((t) => (t.includes(' ') ? `"${t}"` : t)).join(' ');
  return { subcommand: req.kind, [FILTER_OPTION[req.kind] ?? 'values']: values };
}
