/**
 * The fake Slack's message store: chat.postMessage / chat.postEphemeral add a message, chat.update edits one, each
 * checked first as Slack checks it (channel, refusal, text or blocks, the text and block limits).
 */
import { blockProblems, LIMITS } from './block-limits.js';

/** A message the fake holds, as chat.postMessage stored it. */
export interface PostedMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown;
  body: Record<string, unknown>;
}

export type RefusalCode = 'not_in_channel' | 'channel_not_found' | 'is_archived';

type Answer = Record<string, unknown>;

function checkMessage(body: Answer, refusals: ReadonlyMap<string, RefusalCode>): Answer | undefined {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const refusal = refusals.get(channel);
  if (refusal) return { ok: false, error: refusal };
  const hasText = typeof body.text === 'string' && body.text.length > 0;
  if (!hasText && body.blocks === undefined) return { ok: false, error: 'no_text' };
  if (typeof body.text === 'string' && body.text.length > LIMITS.text) return { ok: false, error: 'msg_too_long' };
  if (body.blocks !== undefined) {
    const problems = blockProblems(body.blocks);
    if (problems.length) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
  }
  return undefined;
}

/** chat.postMessage: `nextTs` is asked only for an accepted post, so refused posts use up no ts. */
export function postMessage(
  messages: PostedMessage[],
  body: Answer,
  opts: { nextTs: () => string; botId: string; refusals: ReadonlyMap<string, RefusalCode> },
): Answer {
  const bad = checkMessage(body, opts.refusals);
  if (bad) return bad;
  const channel = body.channel as string;
  const ts = opts.nextTs();
  const text = typeof body.text === 'string' ? body.text : undefined;
  messages.push({ channel, ts, text, blocks: body.blocks, body });
  return { ok: true, channel, ts, message: { type: 'message', subtype: 'bot_message', text: text ?? '', ts, bot_id: opts.botId, blocks: body.blocks } };
}

/** chat.update of a message the fake holds (by channel and ts). */
export function updateMessage(messages: PostedMessage[], body: Answer, refusals: ReadonlyMap<string, RefusalCode>): Answer {
  const bad = checkMessage(body, refusals);
  if (bad) return bad;
  const msg = messages.find((m) => m.channel === body.channel && m.ts === body.ts);
  if (!msg) return { ok: false, error: 'message_not_found' };
  msg.text = typeof body.text === 'string' ? body.text : msg.text;
  if (body.blocks !== undefined) msg.blocks = body.blocks;
  return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text ?? '' };
}
