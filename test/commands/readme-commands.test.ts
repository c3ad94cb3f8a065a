/**
 * The README's "Chat commands" table names every registered Discord command and every Slack verb, each with an
 * example, so a command added by a later change is documented where a new user looks for it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { TEXT_HELP } from '../../src/core/commands/catalogue.js';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## Chat commands'), readme.indexOf('\n## ', readme.indexOf('## Chat commands') + 1));
const rows = new Map([...section.matchAll(/^\| (\w+) \| `([^`]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1]!, { discord: m[2]!, slack: m[3]! }]));

it('has one row per command, with a Discord and a Slack example of it', () => {
  expect(section.length).toBeGreaterThan(100);
  const slackVerbs = new Set([...TEXT_HELP.map((e) => e.verb), 'help']);
  expect([...rows.keys()].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  expect([...rows.keys()].sort()).toEqual([...slackVerbs].sort());
  for (const [name, row] of rows) {
    expect(row.discord, name).toMatch(new RegExp(`^/${name}\\b`));
    expect(row.slack, name).toMatch(new RegExp(`^/lithium ${name}\\b`));
  }
});
