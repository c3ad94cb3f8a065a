import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { commandOptionsOf, parseCommandOptions, parseCommandText, tokenize } from '../../src/core/commands/parse.js';

/** The UserError code a parse throws, or 'ok'. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof UserError) return e.code;
    throw e;
  }
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.message;
  }
  throw new Error('expected a UserError');
}

describe('parseCommandText', () => {
  it('reads each verb, and empty text as help', () => {
    expect(parseCommandText('')).toEqual({ verb: 'help' });
    expect(parseCommandText('   ')).toEqual({ verb: 'help' });
    expect(parseCommandText('HELP')).toEqual({ verb: 'help' });
    expect(parseCommandText('/status')).toEqual({ verb: 'status' });
    expect(parseCommandText('subscribe')).toEqual({ verb: 'subscribe', want: 'lithium-supply' });
    expect(parseCommandText('subscribe watchlist')).toEqual({ verb: 'subscribe', want: 'watchlist' });
    expect(parseCommandText('Subscribe ALL')).toEqual({ verb: 'subscribe', want: 'all' });
    expect(parseCommandText('subscribe lithium_supply')).toEqual({ verb: 'subscribe', want: 'lithium-supply' });
    expect(parseCommandText('unsubscribe')).toEqual({ verb: 'unsubscribe', dropWatchlist: false });
    expect(parseCommandText('unsubscribe --drop-watchlist')).toEqual({ verb: 'unsubscribe', dropWatchlist: true });
    expect(parseCommandText('unsubscribe drop-watchlist')).toEqual({ verb: 'unsubscribe', dropWatchlist: true });
    expect(parseCommandText('unsubscribe keep-watchlist')).toEqual({ verb: 'unsubscribe', dropWatchlist: false });
    expect(parseCommandText('watchlist')).toEqual({ verb: 'watchlist', action: 'list' });
    expect(parseCommandText('watchlist list')).toEqual({ verb: 'watchlist', action: 'list' });
    expect(parseCommandText('ticker PLS.AX')).toEqual({ verb: 'ticker', symbol: 'PLS.AX' });
    expect(parseCommandText('ticker pilbara minerals')).toEqual({ verb: 'ticker', symbol: 'pilbara minerals' });
  });

  it('splits symbols on spaces, commas, tabs and newlines, keeping every written form for the handler', () => {
    expect(parseCommandText('watchlist add ALB, $SQM,SQM.US  albemarle\tPLS.AX\n300750.SZ')).toEqual({
      verb: 'watchlist',
      action: 'add',
      symbols: ['ALB', '$SQM', 'SQM.US', 'albemarle', 'PLS.AX', '300750.SZ'],
    });
    expect(parseCommandText('watchlist remove "pilbara  minerals" ALB')).toEqual({
      verb: 'watchlist',
      action: 'remove',
      symbols: ['pilbara minerals', 'ALB'],
    });
  });

  it('reads a company name in straight or curly quotes, or a single word, after name:', () => {
    const want = { verb: 'watchlist', action: 'add', symbols: ['QZLI'], name: 'Quartzline Lithium' };
    expect(parseCommandText('watchlist add QZLI name:"Quartzline Lithium"')).toEqual(want);
    expect(parseCommandText('watchlist add QZLI name: \u201CQuartzline Lithium\u201D')).toEqual(want);
    expect(parseCommandText("watchlist add name:'Quartzline  Lithium' QZLI")).toEqual(want);
    expect(parseCommandText('watchlist add QZLI name:Quartzline')).toEqual({ ...want, name: 'Quartzline' });
  });

  it('normalises full-width text typed on CJK keyboards', () => {
    expect(parseCommandText('\uFF57\uFF41\uFF54\uFF43\uFF48\uFF4C\uFF49\uFF53\uFF54 \uFF41\uFF44\uFF44 \uFF21\uFF2C\uFF22')).toEqual({
      verb: 'watchlist',
      action: 'add',
      symbols: ['ALB'],
    });
  });

  it('refuses invalid input with a code and a message that says what to type', () => {
    const cases: [string, string][] = [
      ['frobnicate', 'UNKNOWN_COMMAND'],
      ['subscribe everything', 'BAD_WANT'],
      ['subscribe all watchlist', 'BAD_WANT'],
      ['unsubscribe please', 'BAD_OPTION'],
      ['watchlist add', 'MISSING_SYMBOL'],
      ['watchlist remove ,,,', 'MISSING_SYMBOL'],
      ['watchlist frob ALB', 'BAD_OPTION'],
      ['watchlist list ALB', 'BAD_OPTION'],
      ['watchlist add QZLI SQM name:"Two Symbols"', 'NAME_NEEDS_ONE_SYMBOL'],
      ['watchlist remove QZLI name:"Quartzline"', 'BAD_OPTION'],
      ['watchlist add QZLI name:"<@&123>"', 'BAD_NAME'],
      ['watchlist add QZLI name:"12345"', 'BAD_NAME'],
      [`watchlist add QZLI name:"${'Q'.repeat(81)}"`, 'BAD_NAME'],
      ['watchlist add QZLI name:"A" name:"B"', 'BAD_NAME'],
      ['watchlist add QZLI name:', 'BAD_NAME'],
      ['watchlist add QZLI name:"Quartzline', 'UNBALANCED_QUOTES'],
      ['watchlist add <@&123>', 'BAD_SYMBOL'],
      ['watchlist add **bold**', 'BAD_SYMBOL'],
      ['watchlist add [link](http://x)', 'BAD_SYMBOL'],
      [`watchlist add ${'A'.repeat(41)}`, 'BAD_SYMBOL'],
      ['ticker', 'MISSING_SYMBOL'],
      ['ticker ALB, SQM', 'TOO_MANY_SYMBOLS'],
      ['ticker a b c d e', 'TOO_MANY_SYMBOLS'],
      ['watchlist add AL\u0000B', 'COMMAND_BAD_CHARACTERS'],
      ['watchlist add ALB\u202E', 'COMMAND_BAD_CHARACTERS'],
      ['watchlist add A\u200BLB', 'COMMAND_BAD_CHARACTERS'],
      ['status\u0007', 'COMMAND_BAD_CHARACTERS'],
      ['ticker ALB\u061C', 'COMMAND_BAD_CHARACTERS'],
      ['ticker \u{E0041}LB', 'COMMAND_BAD_CHARACTERS'],
      [`watchlist add ${'ALB '.repeat(125)}`, 'COMMAND_TOO_LONG'],
    ];
    for (const [text, code] of cases) expect(codeOf(() => parseCommandText(text)), text.slice(0, 60)).toBe(code);
  });

  it('accepts exactly 20 symbols and 500 characters, refuses 21 and 501', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `S${i}`).join(' ');
    expect(parseCommandText(`watchlist add ${twenty}`)).toMatchObject({ symbols: expect.any(Array) });
    expect(messageOf(() => parseCommandText(`watchlist add ${twenty} S20`))).toBe('At most 20 tickers per command; you gave 21.');
    expect(parseCommandText(`status${' '.repeat(494)}`)).toEqual({ verb: 'status' });
    expect(messageOf(() => parseCommandText(`status${' '.repeat(495)}`))).toBe(
      'That command is too long: keep it under 500 characters.',
    );
  });

  it('repeats a harmless word back, and never repeats hostile text', () => {
    expect(messageOf(() => parseCommandText('frobnicate'))).toBe(
      'Unknown command "frobnicate". Commands: subscribe, unsubscribe, watchlist, filter, mention, threads, ticker, status, feed, help.',
    );
    expect(messageOf(() => parseCommandText('<!channel>'))).toBe(
      'Unknown command. Commands: subscribe, unsubscribe, watchlist, filter, mention, threads, ticker, status, feed, help.',
    );
    expect(messageOf(() => parseCommandText('watchlist add ALB <@&123>'))).toBe(
      'One of those does not look like a ticker or company name.',
    );
    expect(messageOf(() => parseCommandText('watchlist add ALB AL*B'))).toBe(
      'One of those does not look like a ticker or company name.',
    );
    expect(messageOf(() => parseCommandText('watchlist add ALB AL/B'))).toBe(
      'One of those does not look like a ticker or company name.',
    );
    expect(messageOf(() => parseCommandText('control \u0000'))).toBe(
      'That command contains control or invisible characters. Please type it again as plain text.',
    );
  });

  it('never fails with anything but a UserError, and what it accepts stays within bounds', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 700 }),
      fc
        .tuple(fc.constantFrom('watchlist add ', 'watchlist remove ', 'ticker ', 'subscribe ', 'unsubscribe '), fc.string({ unit: 'grapheme', maxLength: 600 }))
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(text, (t) => {
        let req;
        try {
          req = parseCommandText(t);
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
          return;
        }
        expect(t.length).toBeLessThanOrEqual(500);
        if (req.verb === 'watchlist' && req.action !== 'list') {
          expect(req.symbols.length).toBeGreaterThan(0);
          expect(req.symbols.length).toBeLessThanOrEqual(20);
          for (const s of req.symbols) expect(s).toMatch(/^[^<>@*_`~|[\]\s]([^<>@*_`~|[\]]{0,38}[^<>@*_`~|[\]\s])?$/u);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tokenize', () => {
  it('keeps apostrophes inside words and quotes only at a token start', () => {
    expect(tokenize("O'Neil Lithium, 'Rio Tinto'")).toEqual(["O'Neil", 'Lithium', 'Rio Tinto']);
  });
});

describe('parseCommandOptions', () => {
  it('reads the option form Discord sends', () => {
    expect(parseCommandOptions('subscribe', {})).toEqual({ verb: 'subscribe', want: 'lithium-supply' });
    expect(parseCommandOptions('subscribe', { what: 'all' })).toEqual({ verb: 'subscribe', want: 'all' });
    expect(parseCommandOptions('unsubscribe', { drop_watchlist: 'true' })).toEqual({ verb: 'unsubscribe', dropWatchlist: true });
    expect(parseCommandOptions('unsubscribe', { drop_watchlist: 'false' })).toEqual({ verb: 'unsubscribe', dropWatchlist: false });
    expect(parseCommandOptions('watchlist', { subcommand: 'add', symbols: 'ALB, $SQM', name: undefined })).toEqual({
      verb: 'watchlist',
      action: 'add',
      symbols: ['ALB', '$SQM'],
    });
    expect(parseCommandOptions('watchlist', { subcommand: 'add', symbols: 'QZLI', name: ' Quartzline  Lithium ' })).toEqual({
      verb: 'watchlist',
      action: 'add',
      symbols: ['QZLI'],
      name: 'Quartzline Lithium',
    });
    expect(parseCommandOptions('watchlist', { subcommand: 'list' })).toEqual({ verb: 'watchlist', action: 'list' });
    expect(parseCommandOptions('ticker', { symbol: '$alb' })).toEqual({ verb: 'ticker', symbol: '$alb' });
    expect(parseCommandOptions('status', {})).toEqual({ verb: 'status' });
  });

  it('applies the same refusals as the text form', () => {
    expect(codeOf(() => parseCommandOptions('subscribe', { what: 'everything' }))).toBe('BAD_WANT');
    expect(codeOf(() => parseCommandOptions('watchlist', { subcommand: 'add', symbols: 'x'.repeat(501) }))).toBe('COMMAND_TOO_LONG');
    expect(codeOf(() => parseCommandOptions('watchlist', { subcommand: 'add', symbols: 'A'.repeat(300), name: 'B'.repeat(250) }))).toBe(
      'COMMAND_TOO_LONG',
    );
    expect(codeOf(() => parseCommandOptions('watchlist', { subcommand: 'add', symbols: '@everyone' }))).toBe('BAD_SYMBOL');
    expect(codeOf(() => parseCommandOptions('watchlist', { subcommand: 'add', symbols: 'ALB SQM', name: 'X Corp' }))).toBe(
      'NAME_NEEDS_ONE_SYMBOL',
    );
    expect(codeOf(() => parseCommandOptions('ticker', { symbol: 'A\u200DB' }))).toBe('COMMAND_BAD_CHARACTERS');
    expect(codeOf(() => parseCommandOptions('unsubscribe', { drop_watchlist: 'maybe' }))).toBe('BAD_OPTION');
    expect(codeOf(() => parseCommandOptions('frobnicate', {}))).toBe('UNKNOWN_COMMAND');
  });

  it('round-trips with commandOptionsOf, which the Discord harness uses to translate neutral text', () => {
    for (const text of [
      'subscribe',
      'subscribe all',
      'unsubscribe',
      'unsubscribe drop-watchlist',
      'watchlist add ALB $SQM "pilbara minerals"',
      'watchlist add QZLI name:"Quartzline Lithium"',
      'watchlist remove ALB',
      'watchlist list',
      'ticker pilbara minerals',
      'status',
      'help',
    ]) {
      const req = parseCommandText(text);
      const { verb, options } = commandOptionsOf(req);
      expect(parseCommandOptions(verb, options), text).toEqual(req);
    }
  });
});
