/** The fake's conversations.history: what it stored, newest first, filtered by `oldest`, paged by an offset cursor. */
import type { PostedMessage } from './fake-slack.js';

const flag = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

export function conversationsHistory(messages: readonly PostedMessage[], body: Record<string, unknown>, botId: string): Record<string, unknown> {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const oldest = Number(body.oldest ?? 0);
  const inclusive = flag(body.inclusive);
  // As Slack: message metadata comes back only when asked for.
  const withMeta = flag(body.include_all_metadata);
  const limit = Math.min(999, Math.max(1, Number(body.limit ?? 100) || 100));
  const start = Number(body.cursor ?? 0) || 0;
  const all = messages
    .filter((m) => m.channel === channel && (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest))
    .reverse();
  const page = all.slice(start, start + limit).map((m) => ({
    type: 'message', subtype: 'bot_message', ts: m.ts, text: m.text ?? '', bot_id: botId, blocks: m.blocks,
    ...(withMeta && m.body.metadata !== undefined ? { metadata: m.body.metadata } : {}),
  }));
  const more = start + limit < all.length;
  return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
}
