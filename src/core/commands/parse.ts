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
import { filterFromOptions, filterRequest, mentionFromOptions, mentionRequest } from './filter-parse.js';
import { feedRequest } from './feed.js';
import { threadsFromOptions, threadsFromWords } from './threads.js';
import { checkText, echo, MAX_COMMAND_CHARS, tokenize } from './text-input.js';

// Kept importable from here, where they were first defined.
export { commandOptionsOf } from './options-of.js';
export { MAX_COMMAND_CHARS, tokenize };

export const MAX_SYMBOLS = 20;
export const MAX_NAME_CHARS = 80;
const MAX_TOKEN_CHARS = 40;

// One word, or a quoted company name of several words ("pilbara minerals").
const SYMBOL_TOKEN = /^[\p{L}\p{M}\p{N}$.&'\u2019:-]+(?: [\p{L}\p{M}\p{N}$.&'\u2019:-]+)*$/u;
const NAME_TEXT = /^[\p{L}\p{M}\p{N} .,&'\u2019()+\-/]+$/u;

const USAGE = {
  subscribe: textUsage('subscribe'),
  unsubscribe: textUsage('unsubscribe'),
  watchlist: textUsage('watchlist'),
} as const;

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
