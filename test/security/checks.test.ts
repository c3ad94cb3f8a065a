/**
 * The end-to-end checks must be able to fail: each one is shown a message that breaks it, as a platform would
 * receive it if an escaping step were missing.
 */
import { describe, expect, it } from 'vitest';
import { checkDelivered } from './checks.js';
import { DISCORD_CHANNEL, SLACK_CHANNEL, type Rig } from './rig.js';

const EMBED = { title: 'Albemarle halts lithium mine output', description: 'x', footer: { text: 'lithium-wire · Lithium supply' } };

function rigWith(o: { discord?: Record<string, unknown>; slack?: Record<string, unknown>; console?: string }): Rig {
  const discord = o.discord ? [{ body: o.discord }] : [];
  const slack = o.slack ? [{ body: o.slack, text: o.slack.text, blocks: o.slack.blocks }] : [];
  return {
    discord: { channelMessages: (c: string) => (c === DISCORD_CHANNEL ? discord : []) },
    slack: { postsTo: (c: string) => (c === SLACK_CHANNEL ? slack : []) },
    consoleOut: o.console !== undefined ? [o.console] : [],
  } as unknown as Rig;
}

const safeDiscord = { embeds: [EMBED], allowed_mentions: { parse: [] } };
const safeSlack = { text: 'Albemarle', link_names: false, blocks: [{ type: 'section', text: { type: 'plain_text', text: 'Albemarle' } }] };

describe('checkDelivered', () => {
  it('passes safe posts on every output', () => {
    expect(() => checkDelivered(rigWith({ discord: safeDiscord, slack: safeSlack, console: 'Albemarle halts lithium mine output' }))).not.toThrow();
  });

  it.each([
    ['a Discord post that can ping', { discord: { content: '@everyone', embeds: [EMBED] } }],
    ['a live role mention in a Discord embed', { discord: { ...safeDiscord, embeds: [{ ...EMBED, description: 'hi <@&123>' }] } }],
    ['a live masked link in a Discord embed', { discord: { ...safeDiscord, embeds: [{ ...EMBED, description: '[x](http://evil.example)' }] } }],
    ['a bidi override in a Discord embed', { discord: { ...safeDiscord, embeds: [{ ...EMBED, title: 'a\u202eb' }] } }],
    ['<!channel> in Slack mrkdwn', { slack: { ...safeSlack, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<!channel>' } }] } }],
    ['a live Slack link from feed text', { slack: { ...safeSlack, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '<http://evil.example|x>' }] }] } }],
    ['an unescaped mention in Slack fallback text', { slack: { ...safeSlack, text: 'hi <@U024BE7LH>' } }],
    ['an ANSI escape on the console', { console: 'a \u001b[31mred\u001b[0m b' }],
    ['a CSI (0x9b) on the console', { console: 'a \u009b2J' }],
  ] as const)('fails on %s', (_what, o) => {
    expect(() => checkDelivered(rigWith(o))).toThrow();
  });
});
