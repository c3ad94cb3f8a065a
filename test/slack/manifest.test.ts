/** The app manifest a user pastes must match what the app listens for, with only the scopes it uses. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_ENDPOINT } from '../../src/adapters/slack/app.js';
import { DEFAULT_COMMAND } from '../../src/adapters/slack/command.js';
import { TEXT_HELP } from '../../src/core/commands/catalogue.js';

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: { bot_user: { display_name: string }; slash_commands: { command: string; url: string; description: string; usage_hint: string }[] };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: { socket_mode_enabled: boolean };
}

describe('slack/manifest.yaml', () => {
  const m = parse(readFileSync('slack/manifest.yaml', 'utf8')) as Manifest;

  it('declares /lithium at the endpoint the HTTP receiver serves, and Socket Mode on', () => {
    expect(m.features.slash_commands).toHaveLength(1);
    const cmd = m.features.slash_commands[0]!;
    expect(cmd.command).toBe(DEFAULT_COMMAND);
    expect(new URL(cmd.url).pathname).toBe(DEFAULT_ENDPOINT);
    expect(m.settings.socket_mode_enabled).toBe(true);
  });

  it('its usage hint names every verb of /lithium', () => {
    const hint = m.features.slash_commands[0]!.usage_hint;
    for (const verb of new Set([...TEXT_HELP.map((e) => e.verb), 'help'])) expect(hint, verb).toMatch(new RegExp(`(^|\\| )${verb}\\b`));
    expect(hint.length).toBeLessThanOrEqual(1000);
  });

  it('asks for exactly the bot scopes the code uses, and no user scopes', () => {
    expect(m.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'channels:history', 'groups:history', 'files:write', 'usergroups:read']);
    expect(m.oauth_config.scopes.user).toBeUndefined();
  });

  it('stays within Slack’s manifest field limits', () => {
    expect(m.display_information.name.length).toBeLessThanOrEqual(35);
    expect(m.display_information.description.length).toBeLessThanOrEqual(140);
    expect(m.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(m.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(m.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});
