/**
 * The admin's mention as each platform writes it: Discord content "<@&id>" with allowed_mentions naming only that
 * role; Slack one `<!subteam^ID>` in text and blocks. An id of the wrong shape or kind renders no mention at all,
 * and an alert without one keeps "parse nothing".
 */
import { describe, expect, it } from 'vitest';
import { alertMessage as discordMessage } from '../../src/adapters/discord/format.js';
import { alertMessage as slackMessage } from '../../src/adapters/slack/format.js';
import type { AlertView } from '../../src/core/alert-view.js';
import { couldPing } from '../fakes/discord/validate.js';
import { messageCanPing, textObjects } from '../fakes/slack/block-limits.js';

const view = (mention?: AlertView['mention']): AlertView => ({
  kind: 'supply',
  headline: '@everyone <@&999999999999999999> <!channel> Albemarle halts a lithium mine',
  time: '2026-12-07T00:00:00Z',
  why: 'supply: halt; filter: move \u2265 5%',
  figures: ['ALB +12%'],
  tickers: ['ALB'],
  watched: [],
  summary: '<!here> @here',
  ...(mention ? { mention } : {}),
});

const slackTokens = (m: { text: string; blocks: unknown }) =>
  textObjects(m).filter((t) => t.type === 'mrkdwn').flatMap((t) => t.text.match(/<[!@#][^>]*>/g) ?? []).filter((t) => !t.startsWith('<!date^'));

describe('mention rendering', () => {
  it('discord: the role alone in content and allowed_mentions; nothing else', () => {
    const m = discordMessage(view({ kind: 'role', id: '830000000000000042' }));
    expect(m.content).toBe('<@&830000000000000042>');
    expect(m.allowed_mentions).toEqual({ parse: [], roles: ['830000000000000042'] });
    expect(JSON.stringify(m.embeds)).not.toMatch(/<@&\d|@everyone|@here/);
    for (const bad of [{ kind: 'role' as const, id: 'S0614TZR7' }, { kind: 'usergroup' as const, id: '830000000000000042' }, { kind: 'role' as const, id: '123' }]) {
      const plain = discordMessage(view(bad));
      expect(plain).not.toHaveProperty('content');
      expect(plain.allowed_mentions).toEqual({ parse: [] });
      expect(couldPing(plain as unknown as Record<string, unknown>)).toBe(false);
    }
  });

  it('slack: one <!subteam^ID> in text and one block; nothing for a wrong id or kind', () => {
    const m = slackMessage(view({ kind: 'usergroup', id: 'S0614TZR7' }));
    expect(m.text.startsWith('<!subteam^S0614TZR7> ')).toBe(true);
    expect(slackTokens(m)).toEqual(['<!subteam^S0614TZR7>', '<!subteam^S0614TZR7>']);
    for (const bad of [{ kind: 'usergroup' as const, id: 'S06|x><!channel' }, { kind: 'role' as const, id: 'S0614TZR7' }]) {
      const plain = slackMessage(view(bad));
      expect(slackTokens(plain)).toEqual([]);
      expect(messageCanPing(plain)).toBe(false);
    }
    expect(messageCanPing(slackMessage(view()))).toBe(false);
  });
});
