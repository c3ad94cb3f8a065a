/**
 * Alerts and command replies as Block Kit. Input is the neutral view (plain text); every piece of feed text goes
 * either into a plain_text object (shown verbatim by Slack, never parsed for mentions or formatting) or, where a
 * link or a date needs mrkdwn, through mrkdwnText() (escaped and neutralised). Every object is cut to its limit.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { AlertView } from '../../core/alert-view.js';
import type { Reply } from '../../core/commands/types.js';
import type { AlertKind } from '../../core/types.js';
import {
  FALLBACK_TEXT_MAX,
  SLACK_LIMITS as L,
  mrkdwnDate,
  mrkdwnLink,
  mrkdwnText,
  oneLine,
  plainText,
} from './mrkdwn.js';

export type Block = SlackTypes.KnownBlock;
type ContextElement = SlackTypes.ContextBlockElement;
type TextObject = SlackTypes.PlainTextElement | SlackTypes.MrkdwnElement;

/** What chat.postMessage needs besides the channel. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A reply to a slash command, as posted to its response_url. */
export interface SlackResponse extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  replace_original: false;
}

/**
 * Our own caps, well inside Slack's: an alert is read at a glance, the link carries the rest. Together they keep
 * one alert under ~5,000 visible characters whatever the feed sends.
 */
const CAP = { headline: 500, source: 200, kind: 300, why: 1000, figure: 150, tickers: 500, summary: 600 } as const;

const KIND_LABEL: Record<AlertKind, string> = {
  supply: 'Lithium supply',
  watchlist: 'Watchlist',
  topic: 'Topic',
};

function plain(text: string, max: number): SlackTypes.PlainTextElement {
  return { type: 'plain_text', text: plainText(text, max) || ' ', emoji: false };
}

function mrkdwn(text: string): SlackTypes.MrkdwnElement {
  // verbatim: Slack must not turn bare URLs or names in our text into links or mentions.
  return { type: 'mrkdwn', text: text || ' ', verbatim: true };
}

function section(text: TextObject): SlackTypes.SectionBlock {
  return { type: 'section', text };
}

function context(elements: ContextElement[]): SlackTypes.ContextBlock {
  return { type: 'context', elements: elements.slice(0, L.contextElements) };
}

/** Labels as section fields, at most 10 per section. */
function fieldSections(fields: TextObject[]): SlackTypes.SectionBlock[] {
  const out: SlackTypes.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += L.fieldsPerSection) {
    out.push({ type: 'section', fields: fields.slice(i, i + L.fieldsPerSection) });
  }
  return out;
}

/** Never more than Slack's 50 blocks; the last one says what was left out. */
function capBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= L.blocks) return blocks;
  const kept = blocks.slice(0, L.blocks - 1);
  kept.push(context([plain(`${blocks.length - kept.length} more parts not shown`, 100)]));
  return kept;
}

function kindLine(v: AlertView): string {
  if (v.kind === 'watchlist' && v.watched.length) return `${KIND_LABEL.watchlist}: ${v.watched.join(', ')}`;
  return KIND_LABEL[v.kind];
}

/** The notification line: headline, source and figures, escaped (it is mrkdwn by default). */
function alertFallback(v: AlertView): string {
  const parts = [plainText(oneLine(v.headline) || '(untitled)', CAP.headline)];
  if (v.source) parts.push(oneLine(v.source));
  if (v.figures.length) parts.push(v.figures.slice(0, 6).join(', '));
  return mrkdwnText(parts.join(' — '), FALLBACK_TEXT_MAX);
}

/** An alert as a Slack message: headline link, source/time/kind, why, figures as fields, tickers, summary. */
export function alertMessage(v: AlertView): SlackMessage {
  const blocks: Block[] = [];
  blocks.push(section(mrkdwn(mrkdwnLink(oneLine(v.headline) || '(untitled)', v.url, CAP.headline, '*'))));

  const meta: ContextElement[] = [];
  if (v.source && oneLine(v.source)) meta.push(plain(oneLine(v.source), CAP.source));
  meta.push(mrkdwn(mrkdwnDate(v.time)));
  meta.push(plain(kindLine(v), CAP.kind));
  blocks.push(context(meta));

  if (oneLine(v.why)) blocks.push(section(plain(`Why: ${oneLine(v.why)}`, CAP.why)));

  // One section of at most 10 fields; more figures are counted, not shown.
  const figures = v.figures.map(oneLine).filter((f) => f);
  blocks.push(...fieldSections(figures.slice(0, L.fieldsPerSection).map((f) => plain(f, CAP.figure))));
  if (figures.length > L.fieldsPerSection) {
    blocks.push(context([plain(`+${figures.length - L.fieldsPerSection} more figures`, 100)]));
  }

  if (v.tickers.length) {
    const watched = new Set(v.watched);
    const list = v.tickers.map((t) => (watched.has(t) ? `${t} (watched)` : t)).join(', ');
    blocks.push(context([plain(`Tickers: ${list}`, CAP.tickers)]));
  }

  if (oneLine(v.summary)) blocks.push(section(plain(oneLine(v.summary), CAP.summary)));
  blocks.push(...storyBlocks(v));

  const group = v.mention?.kind === 'usergroup' && USERGROUP_ID.test(v.mention.id) ? `<!subteam^${v.mention.id}>` : undefined;
  if (!group) return { text: alertFallback(v), blocks: capBlocks(blocks) };
  // The admin's user group, built here from a vetted id: the only live mention an alert can carry.
  return { text: `${group} ${alertFallback(v)}`, blocks: capBlocks([section(mrkdwn(group)), ...blocks]) };
}

/** A Slack user group id ("S0614TZR7"): upper-case letters and digits after an S. */
const USERGROUP_ID = /^S[A-Z0-9]{2,20}$/;

/** "Also reported by: <url|Reuters> · <url|Mining Weekly>", whole links only, inside one section's 3,000. */
function storyBlocks(v: AlertView): Block[] {
  const out: Block[] = [];
  const also = v.alsoReportedBy ?? [];
  if (also.length) {
    let text = '*Also reported by:*';
    for (const [i, a] of also.entries()) {
      const part = mrkdwnLink(oneLine(a.source) || 'another outlet', a.url, CAP.source);
      const next = `${text}${i ? ' \u00b7' : ''} ${part}`;
      if (next.length > L.sectionText - 40) {
        text = `${text} \u00b7 +${also.length - i} more`;
        break;
      }
      text = next;
    }
    out.push(section(mrkdwn(text)));
  }
  if (v.relatedTo) {
    out.push(context([mrkdwn(`Follows an earlier story: ${mrkdwnLink(oneLine(v.relatedTo.headline) || 'earlier story', v.relatedTo.url, CAP.headline)}`)]));
  }
  return out;
}

/** Lines packed into as few plain_text sections as fit 3000 characters each. */
function lineSections(lines: readonly string[]): SlackTypes.SectionBlock[] {
  const out: SlackTypes.SectionBlock[] = [];
  let cur = '';
  const flush = () => {
    if (cur.trim()) out.push(section(plain(cur, L.sectionText)));
    cur = '';
  };
  for (const raw of lines) {
    const line = plainText(raw, L.sectionText);
    if (cur && cur.length + 1 + line.length > L.sectionText) flush();
    cur = cur ? `${cur}\n${line}` : line;
  }
  flush();
  return out;
}

const STATUS_MARK: Record<Reply['status'], string> = { ok: '', refused: ':no_entry: ', error: ':warning: ' };

/** A neutral command reply as a response_url payload. Settings replies and refusals stay ephemeral. */
export function replyMessage(r: Reply): SlackResponse {
  const blocks: Block[] = [];
  const title = oneLine(r.title);
  if (title) blocks.push(section(mrkdwn(`${STATUS_MARK[r.status]}*${mrkdwnText(title, 200)}*`)));
  blocks.push(...lineSections(r.lines));
  const fields = r.fields
    .filter((f) => oneLine(f.label) || f.value.trim())
    .map((f) => {
      const value = mrkdwnText(f.value, L.fieldText - 210);
      return mrkdwn(oneLine(f.label) ? `*${mrkdwnText(oneLine(f.label), 200)}*\n${value}` : value);
    });
  blocks.push(...fieldSections(fields));
  if (r.links.length) {
    const links = r.links.map((l) => mrkdwn(mrkdwnLink(l.label, l.url, 300)));
    for (let i = 0; i < links.length; i += L.contextElements) blocks.push(context(links.slice(i, i + L.contextElements)));
  }
  const fallback = [title, ...r.lines, ...r.fields.map((f) => `${f.label}: ${f.value}`)].filter((s) => s.trim()).join('\n');
  return {
    response_type: r.ephemeral ? 'ephemeral' : 'in_channel',
    replace_original: false,
    text: mrkdwnText(fallback || 'Done.', FALLBACK_TEXT_MAX),
    blocks: capBlocks(blocks.length ? blocks : [section(plain('Done.', 10))]),
  };
}
