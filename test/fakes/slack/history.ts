/**
 * The fake's conversations.history and conversations.replies: what it stored, filtered by `oldest`, paged by an
 * offset cursor. As Slack: history holds a channel's top-level messages (a thread reply only when it was
 * broadcast), replies holds a thread's parent and its replies, oldest first.
 */
import type { PostedMessage } from './messages.js';

const flag = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

/** The ts of the thread a message replies in, when it is a reply. */
export const threadOf = (m: PostedMessage): string | undefined => (typeof m.body.thread_ts === 'string' ? m.body.thread_ts : undefined);
const isBroadcast = (m: PostedMessage) => flag(m.body.reply_broadcast);

function page(list: readonly PostedMessage[], body: Record<string, unknown>, botId: string): Record<string, unknown> {
  const oldest = Number(body.oldest ?? 0);
  const inclusive = flag(body.inclusive);
  // As Slack: message metadata comes back only when asked for.
  const withMeta = flag(body.include_all_metadata);
  const limit = Math.min(999, Math.max(1, Number(body.limit ?? 100) || 100));
  const start = Number(body.cursor ?? 0) || 0;
  const all = list.filter((m) => (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest));
  const out = all.slice(start, start + limit).map((m) => ({
    type: 'message', subtype: 'bot_message', ts: m.ts, text: m.text ?? '', bot_id: botId, blocks: m.blocks,
    ...(threadOf(m) ? { thread_ts: threadOf(m) } : {}),
    ...(withMeta && m.body.metadata !== undefined ? { metadata: m.body.metadata } : {}),
  }));
  const more = start + limit < all.length;
  return { ok: true, messages: out, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
}

export function conversationsHistory(messages: readonly PostedMessage[], body: Record<string, unknown>, botId: string): Record<string, unknown> {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const top = messages.filter((m) => m.channel === channel && (!threadOf(m) || isBroadcast(m))).reverse();
  return page(top, body, botId);
}

export function conversationsReplies(messages: readonly PostedMessage[], body: Record<string, unknown>, botId: string): Record<string, unknown> {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const ts = typeof body.ts === 'string' ? body.ts : '';
  const parent = messages.find((m) => m.channel === channel && m.ts === ts && !threadOf(m));
  if (!parent) return { ok: false, error: 'thread_not_found' };
  return page([parent, ...messages.filter((m) => m.channel === channel && threadOf(m) === ts)], body, botId);
}
