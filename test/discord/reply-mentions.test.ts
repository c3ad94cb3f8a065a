/**
 * Command replies naming a role: the span the core marked becomes `<@&ID>` (shown as the role's name, never a
 * ping in an embed); everything else stays escaped, and a wrong kind or id, or a span that would not fit, stays plain.
 */
import { describe, expect, it } from 'vitest';
import { replyMessage } from '../../src/adapters/discord/format.js';
import { safeWithMentions } from '../../src/adapters/discord/reply-mentions.js';
import type { Reply, ReplyMentionRef } from '../../src/core/commands/types.js';

const ROLE = '830000000000000042';
const ref: ReplyMentionRef = { text: `role id ${ROLE}`, mention: { kind: 'role', id: ROLE } };

describe('discord replies: the marked role as <@&ID>', () => {
  it('renders the marked span and escapes the rest', () => {
    expect(safeWithMentions(`Mention: role id ${ROLE}, on *every* alert`, [ref], 200)).toBe(`Mention: <@&${ROLE}>, on \\*every\\* alert`);
    // Text around the span that looks like a mention stays inert (a zero-width space after "<" and "@").
    const hostile = safeWithMentions(`<@&123456789012345678> @everyone role id ${ROLE}`, [ref], 200);
    expect(hostile.match(/<@&\d+>|@everyone/g)).toEqual([`<@&${ROLE}>`]);
  });

  it('leaves the plain words for a user group, a malformed id, or a span cut by the limit', () => {
    const group: ReplyMentionRef = { text: 'user group S0614TZR7', mention: { kind: 'usergroup', id: 'S0614TZR7' } };
    expect(safeWithMentions('Mention: user group S0614TZR7', [group], 200)).toBe('Mention: user group S0614TZR7');
    const bad: ReplyMentionRef = { text: 'role id 12><@&1', mention: { kind: 'role', id: '12><@&1' } };
    expect(safeWithMentions('Mention: role id 12><@&1', [bad], 200)).not.toContain('<@&1');
    const long = `${'x'.repeat(30)} role id ${ROLE}`;
    expect(safeWithMentions(long, [ref], 40)).not.toContain('<@&');
    expect(safeWithMentions(`no role here`, [ref], 200)).toBe('no role here');
  });

  it('a /status reply shows the role in its field and lines, and allows no mention', () => {
    const r: Reply = {
      status: 'ok', ephemeral: true, title: 'Status of this channel', lines: [],
      fields: [{ label: 'Mention', value: `role id ${ROLE}, on supply stories` }, { label: 'Alerts', value: 'all' }],
      links: [], mentions: [ref],
    };
    const m = replyMessage(r);
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.embeds[0]!.fields?.[0]?.value).toBe(`<@&${ROLE}>, on supply stories`);
    expect(replyMessage({ ...r, mentions: undefined }).embeds[0]!.fields?.[0]?.value).toBe(`role id ${ROLE}, on supply stories`);
  });
});
