/** Block Kit rendering: exact output for the CATL alert, escaping, cutting, and a property test over hostile text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertMessage, replyMessage } from '../../src/adapters/slack/format.js';
import { mrkdwnDate, mrkdwnLink, mrkdwnText, plainText, safeUrl } from '../../src/adapters/slack/mrkdwn.js';
import { alertView, type AlertView } from '../../src/core/alert-view.js';
import type { Reply } from '../../src/core/commands/types.js';
import { CATL_FIGURE_LABELS, CATL_LINK, CATL_TITLE, catlDelivery } from '../contract/fixtures.js';
import { blockProblems, messageCanPing, textObjects } from '../fakes/slack/block-limits.js';
import { visibleBlocks } from '../fakes/slack/visible-text.js';
import { hasActiveMarkup } from './harness.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const chan = { platform: 'slack', id: 'C0ALERTS' };

describe('alertMessage', () => {
  it('renders the CATL story: headline link, source/time/kind, why, figures as fields, tickers, summary', () => {
    const m = alertMessage(alertView(catlDelivery(chan, { watched: ['ALB'] })));
    expect(m.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `*<${CATL_LINK}|${CATL_TITLE}>*`, verbatim: true } });
    expect(m.blocks[1]).toEqual({
      type: 'context',
      elements: [
        { type: 'plain_text', text: 'Reuters-style wire', emoji: false },
        { type: 'mrkdwn', text: '<!date^1726087320^{date_short_pretty} {time}|2024-09-11 20:42 UTC>', verbatim: true },
        { type: 'plain_text', text: 'Watchlist: ALB', emoji: false },
      ],
    });
    expect(m.blocks[2]).toEqual({ type: 'section', text: { type: 'plain_text', text: 'Why: supply: suspend + lithium mine; subject CATL', emoji: false } });
    expect(m.blocks[3]).toEqual({ type: 'section', fields: CATL_FIGURE_LABELS.map((text) => ({ type: 'plain_text', text, emoji: false })) });
    expect(CATL_FIGURE_LABELS).toEqual(['ALB +13.6%', 'SQM +10%', 'Supply −6,000 t/month', 'Output \u221214%']);
    expect(m.blocks[4]).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: 'Tickers: 300750.SZ, ALB (watched), SQM, ALTM', emoji: false }] });
    expect(m.blocks).toHaveLength(6);
    expect(m.text).toBe(`${CATL_TITLE} — Reuters-style wire — ALB +13.6%, SQM +10%, Supply \u22126,000 t/month, Output \u221214%`);
    expect(blockProblems(m.blocks)).toEqual([]);
  });

  it('a supply story without source, why, figures or link still renders valid blocks', () => {
    const v: AlertView = { kind: 'supply', headline: '  ', time: 'not a date', why: '', figures: [], tickers: [], watched: [], summary: '' };
    const m = alertMessage(v);
    expect(blockProblems(m.blocks)).toEqual([]);
    expect(m.blocks[0]).toMatchObject({ text: { text: '*(untitled)*' } });
    expect(m.blocks[1]).toMatchObject({ elements: [{ text: 'not a date' }, { text: 'Lithium supply' }] });
  });

  it('more than 10 figures: one section of 10 fields and a count of the rest', () => {
    const figures = Array.from({ length: 13 }, (_, i) => `F${i} +${i}%`);
    const m = alertMessage({ kind: 'supply', headline: 'h', time: '2026-01-01T00:00:00Z', why: 'w', figures, tickers: [], watched: [], summary: '' });
    const fieldBlocks = m.blocks.filter((b) => b.type === 'section' && 'fields' in b && b.fields);
    expect(fieldBlocks).toHaveLength(1);
    expect(visibleBlocks(m.blocks)).toContain('+3 more figures');
    expect(blockProblems(m.blocks)).toEqual([]);
  });
});

describe('mrkdwn safety', () => {
  it('escapes & < > and swaps formatting characters for lookalikes', () => {
    expect(mrkdwnText('S&P <!channel> <@U024BE7LH> *bold* _it_ ~s~ `c`', 200)).toBe(
      'S&amp;P &lt;!channel&gt; &lt;@U024BE7LH&gt; \u2217bold\u2217 \u02CDit\u02CD \u223Cs\u223C \u02CBc\u02CB',
    );
    expect(mrkdwnText('*kept*', 20, { neutralise: false })).toBe('*kept*');
  });

  it('cuts between whole escape sequences and code points, ending in …', () => {
    expect(mrkdwnText('&&&&&&&&&&', 12)).toBe('&amp;&amp;…');
    expect(mrkdwnText('<<<', 15)).toBe('&lt;&lt;&lt;');
    expect(mrkdwnText('<<<<', 15)).toBe('&lt;&lt;&lt;…');
    const cut = plainText('\u{1F600}'.repeat(10), 5);
    expect(cut).toBe('\u{1F600}\u{1F600}…');
    expect(mrkdwnText('a\u{1F600}'.repeat(10), 8)).toBe('a\u{1F600}a\u{1F600}a…');
  });

  it('links only http(s), with | > < & made harmless in the target; labels escaped', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('mailto:a@b.c')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://x.example/a|b>c?x=1&y=<2>')).toBe('https://x.example/a%7Cb%3Ec?x=1&amp;y=%3C2%3E');
    expect(safeUrl(`https://x.example/${'a'.repeat(2000)}`)).toBeUndefined();
    expect(mrkdwnLink('a <b>', 'https://x.example/', 100, '*')).toBe('*<https://x.example/|a &lt;b&gt;>*');
    expect(mrkdwnLink('a <b>', 'javascript:x', 100)).toBe('a &lt;b&gt;');
  });

  it('dates render in the reader’s zone with a UTC fallback', () => {
    expect(mrkdwnDate('2024-09-11T20:42:00Z')).toBe('<!date^1726087320^{date_short_pretty} {time}|2024-09-11 20:42 UTC>');
    expect(mrkdwnDate('<!here>')).toBe('&lt;!here&gt;');
  });

  it('hostile text anywhere in an alert: blocks valid, nobody pinged, no live markup, no broken characters', () => {
    const nasty = fc.constantFrom('<!channel>', '<!here|here>', '<@U024BE7LH>', '<#C1|x>', '<!subteam^S1>', '<https://evil.example|x>', '&amp;', '&', '<', '>', '|', '*', '_', '~', '`', '\n', ' ', '\u{1F600}', 'é', '\u0000');
    const text = fc.array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 400 }).map((a) => a.join(''));
    const view = fc.record({
      kind: fc.constantFrom<AlertView['kind']>('supply', 'watchlist', 'topic'),
      headline: text,
      url: fc.option(fc.oneof(fc.webUrl(), text), { nil: undefined }),
      source: fc.option(text, { nil: undefined }),
      time: fc.oneof(fc.constant('2026-11-20T07:59:00Z'), text),
      why: text,
      figures: fc.array(text, { maxLength: 14 }),
      tickers: fc.array(text, { maxLength: 5 }),
      watched: fc.array(text, { maxLength: 2 }),
      summary: text,
    });
    fc.assert(
      fc.property(view, (v) => {
        const m = alertMessage(v);
        const body = { text: m.text, blocks: m.blocks };
        expect(blockProblems(m.blocks)).toEqual([]);
        expect(messageCanPing(body)).toBe(false);
        expect(hasActiveMarkup(body)).toBe(false);
        expect(m.text.length).toBeLessThanOrEqual(3000);
        expect(visibleBlocks(m.blocks).length).toBeLessThanOrEqual(6000);
        for (const t of textObjects(body)) expect(LONE_SURROGATE.test(t.text)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('the checkers used above do catch live markup and mentions', () => {
    expect(messageCanPing({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi <!channel>' } }] })).toBe(true);
    expect(messageCanPing({ text: '<@U1>' })).toBe(true);
    expect(messageCanPing({ text: '<#C1|general>' })).toBe(true);
    expect(messageCanPing({ text: '<!date^1^{date}|x> &lt;!here&gt;' })).toBe(false);
    expect(messageCanPing({ text: '@here', link_names: true })).toBe(true);
    expect(messageCanPing({ blocks: [{ type: 'section', text: { type: 'plain_text', text: '<!channel>' } }] })).toBe(false);
    expect(hasActiveMarkup({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*<https://a.b|t>* *bold*' } }] })).toBe(true);
    expect(hasActiveMarkup({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*<https://a.b|t>*' } }] })).toBe(false);
    expect(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])).toHaveLength(1);
  });
});

describe('replyMessage', () => {
  const base: Reply = { status: 'ok', ephemeral: true, title: 'Subscribed', lines: ['Alerts: all'], fields: [], links: [] };

  it('ephemeral replies stay ephemeral; lookups can be in_channel; refusals carry a mark', () => {
    expect(replyMessage(base)).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Subscribed\nAlerts: all' });
    expect(replyMessage({ ...base, ephemeral: false }).response_type).toBe('in_channel');
    expect(replyMessage({ ...base, status: 'refused', title: 'Not allowed' }).blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':no_entry: *Not allowed*', verbatim: true },
    });
  });

  it('long content is split to Slack’s limits: 3,000 per section, 10 fields per section, 50 blocks', () => {
    const r: Reply = {
      ...base,
      lines: Array.from({ length: 40 }, (_, i) => `${i} ${'x'.repeat(400)}`),
      fields: Array.from({ length: 25 }, (_, i) => ({ label: `L${i} <b>`, value: `v${i} & *x*` })),
      links: Array.from({ length: 600 }, (_, i) => ({ label: `story ${i}`, url: `https://wire.example/${i}` })),
    };
    const m = replyMessage(r);
    expect(blockProblems(m.blocks)).toEqual([]);
    expect(m.blocks).toHaveLength(50);
    const visible = visibleBlocks(m.blocks);
    expect(visible).toContain('L0 <b>\nv0 & \u2217x\u2217');
    expect(visible).toContain(`39 ${'x'.repeat(400)}`);
    expect(visible).toContain('more parts not shown');
    expect(m.text.length).toBeLessThanOrEqual(3000);
  });
});
