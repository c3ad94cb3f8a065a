/**
 * A feed health notice as Block Kit: a heading, then the feed, since when, the last error and what happens next.
 * The feed's name and error can come from the network: escaped as mrkdwn (no `<!channel>`, no links), verbatim.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { FeedHealthNotice } from '../../core/types.js';
import { noticeTitle } from '../../core/feed-health.js';
import type { SlackMessage } from './format.js';
import { FALLBACK_TEXT_MAX, SLACK_LIMITS as L, mrkdwnDate, mrkdwnText, oneLine, plainText } from './mrkdwn.js';

const mrkdwn = (text: string): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text: text || ' ', verbatim: true });

export function noticeMessage(n: FeedHealthNotice): SlackMessage {
  const icon = n.state === 'failing' ? '\u26a0\ufe0f' : '\u2705';
  const heading = `*${icon} ${mrkdwnText(oneLine(noticeTitle(n)), 300)}*`;
  const lines = [
    `Feed: ${mrkdwnText(oneLine(`${n.name} (${n.feedId})`), 300)} \u00b7 host ${mrkdwnText(oneLine(n.host), 200)}`,
    `${n.state === 'failing' ? 'Failing since' : 'Was failing since'} ${mrkdwnDate(n.failingSince)}`,
  ];
  if (n.state === 'failing') {
    lines.push(`Failed polls in a row: ${n.failures}`);
    if (n.lastError) lines.push(`Last error: ${mrkdwnText(oneLine(`${n.lastError.code}: ${n.lastError.message}`), 500)}`);
    lines.push(n.nextAttemptAt ? `Backing off: next attempt not before ${mrkdwnDate(n.nextAttemptAt)}. One more notice when it works again.` : 'Retried on the next poll. One more notice when it works again.');
  } else {
    lines.push(`Working again since ${n.recoveredAt ? mrkdwnDate(n.recoveredAt) : '?'}`);
  }
  const text = mrkdwnText(plainText(oneLine(noticeTitle(n)), FALLBACK_TEXT_MAX), FALLBACK_TEXT_MAX);
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(heading) },
      { type: 'section', text: mrkdwn(lines.join('\n').slice(0, L.sectionText)) },
    ],
  };
}
