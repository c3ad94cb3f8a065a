/**
 * /help is generated from the definitions the handlers use, so it cannot name an option that does not exist:
 * Discord's lines from the registered COMMANDS (the names flattenOptions and parseCommandOptions read), Slack's
 * from the text catalogue the parser quotes. Each line here is checked against those definitions.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { DISCORD_HELP, discordHelpEntries } from '../../src/adapters/discord/help.js';
import { slackPolicy } from '../../src/adapters/slack/command.js';
import { parseCommandOptions, parseCommandText } from '../../src/core/commands/parse.js';
import { TEXT_HELP } from '../../src/core/commands/catalogue.js';
import { handleHelp } from '../../src/core/commands/status.js';
import { makeCommandDeps } from '../discord/support.js';

type Opt = { name: string; type: number; options?: Opt[] };
const optionsOf = (command: string, sub?: string): Opt[] => {
  const c = COMMANDS.find((x) => x.name === command) as { options?: Opt[] } | undefined;
  const top = c?.options ?? [];
  return sub ? (top.find((o) => o.name === sub && o.type === 1)?.options ?? []) : top;
};

describe('Discord /help', () => {
  it('names only commands, subcommands and options that are registered, spelt as registered (drop_watchlist)', () => {
    const lines = DISCORD_HELP.lines;
    expect(lines.length).toBe(discordHelpEntries().length);
    for (const line of lines) {
      const usage = line.slice(0, line.indexOf(': '));
      const m = /^\/(\w+)(?: (\w+)(?=\s|$))?/.exec(usage);
      expect(m, line).not.toBeNull();
      const [, command, sub] = m!;
      expect(COMMANDS.map((c) => c.name), line).toContain(command);
      if (sub) expect(optionsOf(command!).map((o) => o.name), line).toContain(sub);
      const named = [...usage.matchAll(/(\w+):/g)].map((x) => x[1]!);
      for (const n of named) expect(optionsOf(command!, sub).map((o) => o.name), `${n} in "${line}"`).toContain(n);
      // What the line shows, typed with its first choices, is what the handler's parser takes.
      const values: Record<string, string> = sub ? { subcommand: sub } : {};
      for (const [, n, v] of usage.matchAll(/(\w+):([^\s\]|]+)/g)) values[n!] = v!.startsWith('<') ? (n === 'name' ? 'Quartzline Lithium' : n === 'at' ? '08:00' : n === 'tz' ? 'UTC' : n === 'quiet' ? '22:00-07:00' : n === 'url' ? 'https://example.com/rss.xml' : n === 'tags' ? 'lithium' : 'ALB') : v!;
      if ('name' in values) values.symbols = 'QZLI';
      if ('digest' in values) values.digest = 'daily';
      const sample: Record<string, string> = { percent: '5', min_move: '5', phrases: '"mine closure"', topics: 'supply', sources: 'reuters', role: '123456789012345678' };
      for (const k of Object.keys(values)) if (sample[k] && usage.includes(`${k}:<`)) values[k] = sample[k]!;
      // /mention: clear is an alternative to the other options, not one more of them.
      if ('clear' in values && Object.keys(values).length > 1) {
        expect(() => parseCommandOptions(command!, { clear: values.clear }), line).not.toThrow();
        delete values.clear;
      }
      expect(() => parseCommandOptions(command!, values), line).not.toThrow();
    }
    expect(lines.join('\n')).toContain('/unsubscribe [drop_watchlist:True]');
    expect(lines.join('\n')).not.toContain('drop-watchlist');
  });

  it('the reply a member gets: those lines and the rule the handler applies', () => {
    const deps = makeCommandDeps();
    const r = handleHelp({ ...deps, help: DISCORD_HELP });
    expect(r.lines).toEqual([...DISCORD_HELP.lines, DISCORD_HELP.policy]);
    expect(DISCORD_HELP.policy).toContain('/watchlist list, /filter show, /mention, /feed list, /ticker and /status are open to everyone');
  });

  it('/watchlist is registered without a default permission, so every member sees `list`; set operations are checked on receipt', () => {
    const wl = COMMANDS.find((c) => c.name === 'watchlist')!;
    expect(wl).not.toHaveProperty('default_member_permissions');
    for (const name of ['subscribe', 'unsubscribe']) expect(COMMANDS.find((c) => c.name === name)).toHaveProperty('default_member_permissions', '16');
  });
});

describe('Slack /help', () => {
  /** A usage line with its placeholders filled and one choice of each alternative taken. */
  function variants(usage: string): string[] {
    const filled = usage.replace(/<tickers…>|<symbol>/g, 'ALB').replace('<pct>', '5').replace('<words…>', 'supply').replace('<phrases…>', '"mine closure" suspen*').replace('<group>', 'S0LITHIUM').replace('<url>', 'https://example.com/rss.xml').replace('<tags…>', 'lithium asx').replace('<id|url>', 'example-com-1a2b3c');
    const opt = /\[([^\]]+)\]/.exec(filled);
    if (opt) return [...variants(filled.replace(opt[0], '')), ...variants(filled.replace(opt[0], opt[1]!))];
    const alt = /(\S+\|\S+)/.exec(filled);
    if (alt) return alt[1]!.split('|').flatMap((a) => variants(filled.replace(alt[1]!, a)));
    return [filled.replace(/\s+/g, ' ').trim()];
  }

  it('every word of every usage line is one the parser takes, for the verb the line is about', () => {
    for (const e of TEXT_HELP) {
      for (const text of variants(e.usage)) {
        if (text.includes('name:"Company"')) {
          expect(parseCommandText(text.replace('ALB', 'QZLI')), text).toMatchObject({ verb: e.verb, name: 'Company' });
          continue;
        }
        expect(parseCommandText(text), text).toMatchObject({ verb: e.verb });
      }
    }
    expect(parseCommandText('unsubscribe drop-watchlist')).toEqual({ verb: 'unsubscribe', dropWatchlist: true });
  });

  it('says who may change settings as slackCanManage decides it: anyone by default, SLACK_ADMINS when set', () => {
    expect(slackPolicy([])).toMatch(/^Anyone in this channel may change its settings/);
    expect(slackPolicy(['U01', 'U02'])).toMatch(/^Changing settings is limited to 2 admins \(SLACK_ADMINS\)/);
  });
});
