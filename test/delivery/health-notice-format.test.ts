/**
 * A health notice rendered by each adapter, with a hostile feed name and error (both can come from the network):
 * what a reader sees names the feed, host, since, error and next attempt; nothing pings and no markup is live.
 */
import { describe, expect, it } from 'vitest';
import { noticeMessage as discordNotice } from '../../src/adapters/discord/notice-format.js';
import { noticeMessage as slackNotice } from '../../src/adapters/slack/notice-format.js';
import { formatNoticeText } from '../../src/adapters/console/format.js';
import type { FeedHealthNotice } from '../../src/core/types.js';
import { hasLiveMentionSyntax, validateMessageBody } from '../fakes/discord/validate.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { visibleBlocks } from '../fakes/slack/visible-text.js';
import { hasActiveMarkup as discordMarkup, visibleText } from '../discord/support.js';
import { hasActiveMarkup as slackMarkup } from '../slack/harness.js';

const HOSTILE = '@everyone <!channel> <@&123456789012345678> <@U024BE7LH> **bold** `code` [x](https://evil.example) <https://evil.example|click>';
const failing: FeedHealthNotice = {
  state: 'failing', feedId: 'wire', name: `Wire ${HOSTILE}`, host: 'feeds.example', failingSince: '2026-03-01T12:00:00.000Z',
  failures: 5, lastError: { code: 'PARSE', message: `unexpected text ${HOSTILE}` }, nextAttemptAt: '2026-03-01T13:00:00.000Z',
};
const recovered: FeedHealthNotice = { ...failing, state: 'recovered', failures: 0, lastError: undefined, nextAttemptAt: undefined, recoveredAt: '2026-03-01T14:00:00.000Z' };

describe('health notice formats', () => {
  it('Discord: one embed naming feed, host, since, error and next attempt; parses no mentions, no live markup', () => {
    const msg = discordNotice(failing);
    expect(validateMessageBody({ ...msg })).toEqual([]);
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(hasLiveMentionSyntax(msg)).toBe(false);
    expect(discordMarkup(msg.embeds)).toBe(false);
    const text = visibleText(msg.embeds);
    for (const s of ['Feed failing', 'wire', 'feeds.example', 'PARSE: unexpected text', '@everyone', 'Failed polls in a row 5', `<t:${Date.parse(failing.nextAttemptAt!) / 1000}:f>`, `<t:${Date.parse(failing.failingSince) / 1000}:f>`]) {
      expect(text).toContain(s);
    }
    const back = discordNotice(recovered);
    expect(back.embeds[0]!.title).toContain('Feed working again');
    expect(visibleText(back.embeds)).toContain(`<t:${Date.parse(recovered.recoveredAt!) / 1000}:f>`);
    expect(back.embeds[0]!.color).not.toBe(msg.embeds[0]!.color);
  });

  it('Slack: blocks within limits naming the same, escaped: no ping, no link, no formatting from feed text', () => {
    for (const n of [failing, recovered]) {
      const msg = slackNotice(n);
      expect(blockProblems(msg.blocks)).toEqual([]);
      expect(messageCanPing(msg)).toBe(false);
      expect(slackMarkup(msg as unknown as Record<string, unknown>)).toBe(false);
      expect(JSON.stringify(msg)).not.toMatch(/<!channel>|<@U024BE7LH>|<https:\/\/evil/);
    }
    const visible = visibleBlocks(slackNotice(failing).blocks);
    for (const s of ['Feed failing', 'feeds.example', 'PARSE: unexpected text @everyone <!channel>', 'Failed polls in a row: 5', 'next attempt not before']) expect(visible).toContain(s);
    expect(JSON.stringify(slackNotice(failing).blocks)).toContain(`<!date^${Date.parse(failing.nextAttemptAt!) / 1000}^`);
    expect(visibleBlocks(slackNotice(recovered).blocks)).toContain('Feed working again');
  });

  it('console: the same facts as plain lines, control characters from the feed dropped', () => {
    const text = formatNoticeText({ ...failing, name: 'Wire \u001b[2J\u001b[31mred', lastError: { code: 'PARSE', message: 'bad \u001b]0;title\u0007 xml' } });
    expect(text.includes("\u001b") || text.includes("\u0007")).toBe(false);
    for (const s of ['FEED FAILING', 'Feed failing: Wire', 'feeds.example', 'Failing since 2026-03-01T12:00:00.000Z (5 failed polls in a row)', 'Last error: PARSE: bad', 'Next attempt not before 2026-03-01T13:00:00.000Z']) {
      expect(text).toContain(s);
    }
    expect(formatNoticeText(recovered)).toContain('Working again since 2026-03-01T14:00:00.000Z');
  });
});
