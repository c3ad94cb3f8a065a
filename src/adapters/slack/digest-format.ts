/**
 * A digest as Block Kit: a heading section, then a section per story (headline link, outlet, reports, key
 * figures), at most 40 stories so the message stays inside Slack's 50 blocks; feed text escaped, nothing pings.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { DigestView } from '../../core/digest-view.js';
import type { Block, SlackMessage } from './format.js';
import { FALLBACK_TEXT_MAX, SLACK_LIMITS as L, mrkdwnDate, mrkdwnLink, mrkdwnText, oneLine, plainText } from './mrkdwn.js';

const MAX_STORIES = 40;

const mrkdwn = (text: string): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text: text || ' ', verbatim: true });

function entryBlock(e: DigestView['entries'][number]): SlackTypes.SectionBlock {
  const meta = [e.source ? mrkdwnText(oneLine(e.source), 200) : '', e.reports > 1 ? `${e.reports} reports` : '', e.tickers.length ? mrkdwnText(e.tickers.join(', '), 200) : '']
    .filter((x) => x)
    .join(' \u00b7 ');
  const figures = e.figures.length ? mrkdwnText(e.figures.join(', '), 1000) : '';
  const text = [mrkdwnLink(oneLine(e.headline) || '(untitled)', e.url, 500, '*'), meta, figures].filter((x) => x).join('\n');
  return { type: 'section', text: mrkdwn(text.slice(0, L.sectionText)) };
}

export function digestMessage(v: DigestView): SlackMessage {
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(`*${mrkdwnText(v.title, 200)}*\n${mrkdwnDate(v.from)} \u2013 ${mrkdwnDate(v.to)}`) }];
  blocks.push(...v.entries.slice(0, MAX_STORIES).map(entryBlock));
  if (v.entries.length > MAX_STORIES) {
    blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: `${v.entries.length - MAX_STORIES} more stories not shown`, emoji: false }] });
  }
  const text = mrkdwnText(plainText([v.title, ...v.entries.slice(0, 5).map((e) => oneLine(e.headline))].join(' \u2014 '), FALLBACK_TEXT_MAX), FALLBACK_TEXT_MAX);
  return { text, blocks };
}
