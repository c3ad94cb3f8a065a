/**
 * Turns what a user typed into a CommandRequest, or refuses it with a UserError saying what to type instead.
 * Two entry points: the textual form (Slack `/lithium <text>`, tests) and the option form (Discord options).
 * Nothing is resolved against the universe here; that is the handlers' job, so parsing needs no dependencies.
 */
import { UserError } from '../errors.js';
import { WANTS, type Want } from '../types.js';
import type { CommandRequest } from './types.js';
import { digestFromOptions, splitSubscribeWords } from '../digest-command.js';
import { DROP_WATCHLIST, textUsage } from './catalogue.js';
import { filterFromOptions, filterOptionsOf, filterRequest, mentionFromOptions, mentionRequest } from './filter-parse.js';
import { feedRequest } from './feed.js';
import { threadsFromOptions, threadsFromWords } from './threads.js';

export const MAX_COMMAND_CHARS = 500;
export const MAX_SYMBOLS = 20;
export const MAX_NAME_CHARS = 80;
const MAX_TOKEN_CHARS = 40;

/**
 * C0/C1 controls (tab and newlines count as spaces), soft hyphen, zero-width and bidi controls: invisible text that
 * could disguise a symbol or reorder what other users see.
 */
function hasForbidden(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xad || c === 0xfeff) return true;
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069)) return true;
    if (c === 0x061c || c === 0x180e || (c >= 0xe0000 && c <= 0xe007f)) return true;
  }
  return false;
}

// One word, or a quoted company name of several words ("pilbara minerals").
const SYMBOL_TOKEN = /^[\p{L}\p{M}\p{N}$.&'\u2019:-]+(?: [\p{L}\p{M}\p{N}$.&'\u2019:-]+)*$/u;
const NAME_TEXT = /^[\p{L}\p{M}\p{N} .,&'\u2019()+\-/]+$/u;
const QUOTES: Record<string, string> = { '"': '"', '\u201C': '\u201D', '\u201E': '\u201D', "'": "'", '\u2018': '\u2019' };

const USAGE = {
  subscribe: textUsage('subscribe'),
  unsubscribe: textUsage('unsubscribe'),
  watchlist: textUsage('watchlist'),
} as const;

/** Length and alphabet checks shared by both forms; returns the text NFKC-normalised (full-width ＡＬＢ → ALB). */
function checkText(text: string): string {
  if (text.length > MAX_COMMAND_CHARS) {
    throw new UserError('COMMAND_TOO_LONG', `That command is too long: keep it under ${MAX_COMMAND_CHARS} characters.`);
  }
  if (hasForbidden(text)) {
    throw new UserError('COMMAND_BAD_CHARACTERS', 'That command contains control or invisible characters. Please type it again as plain text.');
  }
  return text.normalize('NFKC').replace(/[\t\r\n]/g, ' ');
}

/**
 * Splits on spaces and commas; quotes ("…", '…', “…”) keep spaces and commas inside one token. A quote opens only
 * at the start of a token or after `:`/`=`, so an apostrophe in O'Neil stays a letter.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let started = false;
  let close: string | undefined;
  for (const ch of text) {
    if (close !== undefined) {
      if (ch === close) close = undefined;
      else cur += ch;
      continue;
    }
    const opener = QUOTES[ch];
    if (opener !== undefined && (cur === '' || /[:=]$/.test(cur))) {
      close = opener;
      started = true;
      continue;
    }
    if (ch === ' ' || ch === ',') {
      if (started) tokens.push(cur);
      cur = '';
      started = false;
      continue;
    }
    cur += ch;
    started = true;
  }
  if (close !== undefined) throw new UserError('UNBALANCED_QUOTES', 'A quote is opened but never closed.');
  if (started) tokens.push(cur);
  return tokens.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t !== '');
}

/** A word safe to repeat back to the user (they typed it; adapters escape it anyway). */
function echo(word: string): string {
  return /^[\p{L}\p{N}$.-]{1,30}$/u.test(word) ? `"${word}"` : 'that';
}

function checkSymbols(tokens: readonly string[], action: string): string[] {
  if (tokens.length === 0) {
    throw new UserError('MISSING_SYMBOL', `Name at least one ticker or company, e.g. watchlist ${action} ALB.`);
  }
  if (tokens.length > MAX_SYMBOLS) {
    throw new UserError('TOO_MANY_SYMBOLS', `At most ${MAX_SYMBOLS} tickers per command; you gave ${tokens.length}.`);
  }
  for (const t of tokens) {
    if (t.length > MAX_TOKEN_CHARS || !SYMBOL_TOKEN.test(t)) {
      throw new UserError('BAD_SYMBOL', `${echo(t) === 'that' ? 'One of those' : echo(t)} does not look like a ticker or company name.`);
    }
  }
  return [...tokens];
}

function checkName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) throw new UserError('BAD_NAME', 'The company name is empty.');
  if (name.length > MAX_NAME_CHARS) {
    throw new UserError('BAD_NAME', `The company name is too long: keep it under ${MAX_NAME_CHARS} characters.`);
  }
  if (!NAME_TEXT.test(name) || !/\p{L}/u.test(name)) {
    throw new UserError('BAD_NAME', 'A company name may hold letters, digits, spaces and . , & \' ( ) + - / only.');
  }
  return name;
}

function parseWant(raw: string | undefined): Want {
  if (raw === undefined || raw.trim() === '') return 'lithium-supply';
  const w = raw.trim().toLowerCase().replace(/_/g, '-');
  const want = WANTS.find((x) => x === w);
  if (!want) throw new UserError('BAD_WANT', `Subscribe to one of: lithium-supply (the default), watchlist, all. Usage: ${USAGE.subscribe}`);
  return want;
}

function parseDrop(raw: string | undefined): boolean {
  if (raw === undefined || raw.trim() === '') return false;
  const v = raw.trim().toLowerCase().replace(/^--/, '').replace(/_/g, '-');
  if ([DROP_WATCHLIST, 'true', 'yes'].includes(v)) return true;
  if (['keep-watchlist', 'false', 'no'].includes(v)) return false;
  throw new UserError('BAD_OPTION', `Usage: ${USAGE.unsubscribe} (the watchlist is kept unless you say ${DROP_WATCHLIST}).`);
}

function watchlistRequest(action: string | undefined, symbols: string[], name: string | undefined): CommandRequest {
  const a = (action ?? 'list').trim().toLowerCase();
  if (a === 'list' || a === 'show') {
    if (symbols.length > 0 || name !== undefined) throw new UserError('BAD_OPTION', '"watchlist list" takes no tickers.');
    return { verb: 'watchlist', action: 'list' };
  }
  const act = a === 'add' ? 'add' : a === 'remove' || a === 'rm' || a === 'delete' ? 'remove' : undefined;
  if (!act) throw new UserError('BAD_OPTION', `Usage: ${USAGE.watchlist}`);
  const checked = checkSymbols(symbols, act);
  if (name === undefined) return { verb: 'watchlist', action: act, symbols: checked };
  if (act !== 'add') throw new UserError('BAD_OPTION', 'A company name goes with "watchlist add" only.');
  if (checked.length !== 1) {
    throw new UserError('NAME_NEEDS_ONE_SYMBOL', 'Give exactly one ticker with a company name, e.g. watchlist add QZLI name:"Quartzline Lithium".');
  }
  return { verb: 'watchlist', action: 'add', symbols: checked, name: checkName(name) };
}

function tickerRequest(raw: string | undefined): CommandRequest {
  const text = (raw ?? '').trim();
  // "ticker pilbara minerals" is one company; a comma means two lookups, which is one too many.
  if (text.includes(',')) throw new UserError('TOO_MANY_SYMBOLS', 'Look up one ticker at a time.');
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new UserError('MISSING_SYMBOL', 'Name a ticker or company, e.g. ticker ALB.');
  if (tokens.length > 4) throw new UserError('TOO_MANY_SYMBOLS', 'Look up one ticker at a time.');
  return { verb: 'ticker', symbol: checkSymbols(tokens, 'add').join(' ') };
}

function unknownVerb(word: string): UserError {
  const what = echo(word) === 'that' ? 'Unknown command.' : `Unknown command ${echo(word)}.`;
  return new UserError('UNKNOWN_COMMAND', `${what} Commands: subscribe, unsubscribe, watchlist, filter, mention, threads, ticker, status, feed, help.`);
}

/** The textual form: `subscribe all`, `watchlist add ALB, $SQM`, `ticker PLS.AX`. Empty text asks for help. */
export function parseCommandText(text: string): CommandRequest {
  const clean = checkText(text).trim();
  if (clean === '') return { verb: 'help' };
  const space = clean.search(/\s/);
  const head = (space < 0 ? clean : clean.slice(0, space)).replace(/^\//, '').toLowerCase();
  const rest = space < 0 ? '' : clean.slice(space + 1).trim();
  switch (head) {
    case 'help':
      return { verb: 'help' };
    case 'status':
      return { verb: 'status' };
    case 'subscribe': {
      const args = tokenize(rest);
      if (args.length <= 1) return { verb: 'subscribe', want: parseWant(args[0]) };
      // More words: the digest settings (digest-command.ts).
      const { want, digest } = splitSubscribeWords(args, (w) => WANTS.some((x) => x === w.replace(/_/g, '-')));
      return { verb: 'subscribe', want: parseWant(want), ...(digest ? { digest } : {}) };
    }
    case 'unsubscribe': {
      const args = tokenize(rest);
      if (args.length > 1) throw new UserError('BAD_OPTION', `Usage: ${USAGE.unsubscribe}`);
      return { verb: 'unsubscribe', dropWatchlist: parseDrop(args[0]) };
    }
    case 'watchlist': {
      const [action, ...args] = tokenize(rest);
      let name: string | undefined;
      const symbols: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const tok = args[i] ?? '';
        const m = /^name[:=](.*)$/is.exec(tok);
        if (!m) {
          symbols.push(tok);
          continue;
        }
        if (name !== undefined) throw new UserError('BAD_NAME', 'Give one company name only.');
        // `name: "Quartzline Lithium"` (a space after the colon) puts the value in the next token.
        name = m[1] !== '' ? m[1] : args[++i];
        if (name === undefined) throw new UserError('BAD_NAME', 'name: needs a company name, e.g. name:"Quartzline Lithium".');
      }
      return watchlistRequest(action, symbols, name);
    }
    case 'ticker':
      return tickerRequest(rest);
    case 'filter': {
      const [action, ...args] = tokenize(rest);
      return filterRequest(action, args);
    }
    case 'mention':
      return mentionRequest(tokenize(rest));
    case 'feed': {
      // The URL is one space-separated word (a URL may hold commas); tags follow.
      const [action, target, ...more] = rest.split(/\s+/).filter(Boolean);
      return feedRequest(action, target, tokenize(more.join(' ')));
    }
    case 'threads':
      return threadsFromWords(tokenize(rest));
    default:
      throw unknownVerb(head);
  }
}

/**
 * The option form, for platforms with typed options (Discord). Option names: subscribe {what}, unsubscribe
 * {drop_watchlist: "true"|"false"}, watchlist {subcommand: add|remove|list, symbols, name}, ticker {symbol},
 * feed {subcommand: add|remove|pause|resume|list, url, tags, feed}.
 */
export function parseCommandOptions(verb: string, options: Record<string, string | undefined>): CommandRequest {
  const opts: Record<string, string | undefined> = {};
  let total = verb.length;
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) continue;
    total += v.length;
    opts[k] = checkText(v);
  }
  if (total > MAX_COMMAND_CHARS) checkText('x'.repeat(total));
  const v = checkText(verb).trim().replace(/^\//, '').toLowerCase();
  switch (v) {
    case 'help':
      return { verb: 'help' };
    case 'status':
      return { verb: 'status' };
    case 'subscribe': {
      const digest = digestFromOptions({ digest: opts.digest, at: opts.at, tz: opts.tz, quiet: opts.quiet });
      return { verb: 'subscribe', want: parseWant(opts.what), ...(digest ? { digest } : {}) };
    }
    case 'unsubscribe':
      return { verb: 'unsubscribe', dropWatchlist: parseDrop(opts.drop_watchlist) };
    case 'watchlist':
      return watchlistRequest(opts.subcommand ?? opts.action, tokenize(opts.symbols ?? ''), opts.name);
    case 'ticker':
      return tickerRequest(opts.symbol);
    case 'filter':
      return filterFromOptions(opts, tokenize);
    case 'mention':
      return mentionFromOptions(opts);
    case 'feed':
      return feedRequest(opts.subcommand ?? opts.action, opts.url ?? opts.feed, tokenize(opts.tags ?? ''));
    case 'threads':
      return threadsFromOptions(opts);
    default:
      throw unknownVerb(v);
  }
}

/** The inverse of parseCommandOptions: what a Discord client would send for a request (used by test harnesses). */
export function commandOptionsOf(req: CommandRequest): { verb: CommandRequest['verb']; options: Record<string, string> } {
  switch (req.verb) {
    case 'subscribe': {
      const d = req.digest;
      const digest = d ? { digest: d.mode, ...(d.at ? { at: d.at } : {}), ...(d.tz ? { tz: d.tz } : {}), ...(d.quiet ? { quiet: `${d.quiet.from}-${d.quiet.to}` } : {}) } : {};
      return { verb: req.verb, options: { what: req.want, ...digest } };
    }
    case 'unsubscribe':
      return { verb: req.verb, options: req.dropWatchlist ? { drop_watchlist: 'true' } : {} };
    case 'watchlist':
      if (req.action === 'list') return { verb: req.verb, options: { subcommand: 'list' } };
      return {
        verb: req.verb,
        options: { subcommand: req.action, symbols: req.symbols.map((t) => (t.includes(' ') ? `"${t}"` : t)).join(' '), ...(req.name !== undefined ? { name: req.name } : {}) },
      };
    case 'ticker':
      return { verb: req.verb, options: { symbol: req.symbol } };
    case 'filter':
      return { verb: req.verb, options: filterOptionsOf(req) };
    case 'mention':
      if (req.action === 'clear') return { verb: req.verb, options: { clear: 'true' } };
      if (req.action === 'show') return { verb: req.verb, options: {} };
      return {
        verb: req.verb,
        options: {
          role: req.mention.id,
          ...(req.mention.onlySupply ? { only: 'supply' } : {}),
          ...(req.mention.minMovePct !== undefined ? { min_move: String(req.mention.minMovePct) } : {}),
        },
      };
    case 'feed':
      if (req.action === 'add') return { verb: req.verb, options: { subcommand: 'add', url: req.url, ...(req.tags.length ? { tags: req.tags.join(' ') } : {}) } };
      if (req.action === 'remove' || req.action === 'pause' || req.action === 'resume') return { verb: req.verb, options: { subcommand: req.action, feed: req.target } };
      return { verb: req.verb, options: { subcommand: 'list' } };
    case 'threads':
      return { verb: req.verb, options: { mode: req.mode, ...(req.broadcast ? { broadcast: 'true' } : {}) } };
    default:
      return { verb: req.verb, options: {} };
  }
}
