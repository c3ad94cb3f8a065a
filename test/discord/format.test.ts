/** AlertView/Reply → Discord payloads: escaping, mention neutralising, limits counted in UTF-16, figure fields. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertEmbed, alertMessage, fitEmbed, replyMessage, splitFigure } from '../../src/adapters/discord/format.js';
import { escapeText, neutralizeMentions, truncate } from '../../src/adapters/discord/text.js';
import type { AlertView } from '../../src/core/alert-view.js';
import { validateMessageBody, hasLiveMentionSyntax } from '../fakes/discord/validate.js';

const view = (over: Partial<AlertView> = {}): AlertView => ({
  kind: 'supply',
  headline: 'Headline',
  url: 'https://example.com/a',
  source: 'Wire',
  time: '2026-11-20T08:00:00Z',
  why: 'supply: cut',
  figures: [],
  tickers: [],
  watched: [],
  summary: '',
  ...over,
});

const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('discord text safety', () => {
  it('neutralises every mention form with a zero-width space', () => {
    expect(neutralizeMentions('@everyone @here <@123> <@!123> <@&456> <#789> </cmd:1> <t:1:R>')).toBe(
      '@\u200beveryone @\u200bhere <\u200b@\u200b123> <\u200b@\u200b!123> <\u200b@\u200b&456> <\u200b#789> <\u200b/cmd:1> <\u200bt:1:R>',
    );
    expect(neutralizeMentions('a @ b, 5 < 6')).toBe('a @ b, 5 < 6');
  });

  it('escapes markdown, breaks masked links, and leaves tickers readable', () => {
    expect(escapeText('**bold** _it_ ~~s~~ ||sp|| `c` [link](http://x)')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|sp\\|\\| \\`c\\` [link]\u200b(http://x)',
    );
    expect(escapeText('# Head\n- item\n1. first\n> quote\n-# small')).toBe('\\# Head\n\\- item\n1\\. first\n\\> quote\n\\-# small');
    expect(escapeText('300750.SZ up 5%, PLS.AX')).toBe('300750.SZ up 5%, PLS.AX');
  });

  it('cuts by UTF-16 length with an ellipsis, never splitting a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc\u2026');
    const emoji = 'ab\u{1F600}cd'; // the emoji is two code units at index 2..3
    expect(truncate(emoji, 4)).toBe('ab\u2026');
    expect(truncate(emoji, 5)).toBe('ab\u{1F600}\u2026');
    expect(truncate('x', 0)).toBe('');
  });
});

describe('discord alert embed', () => {
  it('splits figure labels into field name and value', () => {
    expect(splitFigure('ALB +13.6%')).toEqual({ name: 'ALB', value: '+13.6%' });
    expect(splitFigure('300750.SZ \u22125%')).toEqual({ name: '300750.SZ', value: '\u22125%' });
    expect(splitFigure('Supply reduction 6,000 t/month')).toEqual({ name: 'Supply reduction', value: '6,000 t/month' });
    expect(splitFigure('Q3 output \u221214%')).toEqual({ name: 'Q3 output', value: '\u221214%' });
    expect(splitFigure('Revenue USD 469M')).toEqual({ name: 'Revenue', value: 'USD 469M' });
    expect(splitFigure('Something odd')).toEqual({ name: 'Key figure', value: 'Something odd' });
  });

  it('keeps at most 25 fields, tickers included', () => {
    const e = alertEmbed(view({ figures: Array.from({ length: 40 }, (_, i) => `F${i} +${i}%`), tickers: ['ALB'], watched: ['ALB'] }));
    expect(e.fields).toHaveLength(25);
    expect(e.fields?.at(-2)?.name).toBe('Tickers');
    expect(e.fields?.at(-1)?.name).toBe('On this channel\u2019s watchlist');
  });

  it('drops a URL that is not http(s) and a time that does not parse', () => {
    const e = alertEmbed(view({ url: 'javascript:alert(1)', time: 'yesterday' }));
    expect(e.url).toBeUndefined();
    expect(e.timestamp).toBeUndefined();
  });

  it('fits the 6,000-character total by shortening the description, then dropping trailing fields', () => {
    const fields = Array.from({ length: 10 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(1000) }));
    const e = fitEmbed({ title: 't'.repeat(256), description: 'd'.repeat(4096), fields });
    const total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(e.title).toHaveLength(256);
    expect(e.description).toBeUndefined();
    expect(e.fields).toHaveLength(5);
  });

  it('every payload built from arbitrary text is accepted by Discord\u2019s limits and can ping no one', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '@', '<', '>', '*', '_', '[', ']', '(', ')', '#', '\n', '\u{1F600}', 'everyone', '&1', '\\'), maxLength: 3000 });
    fc.assert(
      fc.property(text, text, text, fc.array(text, { maxLength: 30 }), (headline, why, summary, figures) => {
        const body = alertMessage(view({ headline, why, summary, source: headline, figures, tickers: figures.slice(0, 3) }));
        expect(validateMessageBody(body as unknown as Record<string, unknown>)).toEqual([]);
        expect(hasLiveMentionSyntax(body)).toBe(false);
        expect(body.allowed_mentions).toEqual({ parse: [] });
        const e = body.embeds[0]!;
        for (const s of [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]) {
          expect(hasLoneSurrogate(s)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('discord reply payload', () => {
  it('is ephemeral (flag 64) only when the reply says so, and never mentions', () => {
    const base = { status: 'ok' as const, title: 'T', lines: ['a'], fields: [], links: [] };
    expect(replyMessage({ ...base, ephemeral: true })).toEqual({
      embeds: [{ title: 'T', description: 'a', color: 0x1f8b4c }],
      allowed_mentions: { parse: [] },
      flags: 64,
    });
    expect(replyMessage({ ...base, ephemeral: false })).toEqual({
      embeds: [{ title: 'T', description: 'a', color: 0x1f8b4c }],
      allowed_mentions: { parse: [] },
    });
  });

  it('escapes user text, renders links as masked links with escaped labels, and drops unsafe URLs', () => {
    const r = replyMessage({
      status: 'refused',
      ephemeral: true,
      title: '@everyone **x**',
      lines: ['<@&1> said [hi](http://evil)'],
      fields: [{ label: 'Top', value: 'a long value that is definitely longer than forty characters' }],
      links: [
        { label: 'Story [1]', url: 'https://example.com/s_(x)' },
        { label: 'Bad', url: 'javascript:alert(1)' },
      ],
    });
    expect(r.embeds[0]).toEqual({
      title: '@\u200beveryone \\*\\*x\\*\\*',
      description: '<\u200b@\u200b&1> said [hi]\u200b(http://evil)\n\u2022 [Story 1](https://example.com/s_%28x%29)\n\u2022 Bad',
      fields: [{ name: 'Top', value: 'a long value that is definitely longer than forty characters', inline: false }],
      color: 0xc0392b,
    });
  });
});
