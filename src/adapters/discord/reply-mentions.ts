/**
 * A command reply that names a role (/mention, /status) shows it as `<@&ID>`: Discord renders that as the role's
 * name, and inside an embed it never notifies anyone (replies also send allowed_mentions `{ parse: [] }`). The rest
 * of the text is escaped as usual, so only the span the core marked (ReplyMentionRef) can become a mention.
 */
import type { ReplyMentionRef } from '../../core/commands/types.js';
import { escapeText, safe } from './text.js';

const SNOWFLAKE = /^\d{17,20}$/;

/** `text` escaped and cut to `max`, its span naming a role rendered `<@&ID>`; the plain words if it would not fit. */
export function safeWithMentions(text: string, refs: readonly ReplyMentionRef[] | undefined, max: number): string {
  const ref = refs?.find((r) => r.mention.kind === 'role' && SNOWFLAKE.test(r.mention.id) && r.text !== '' && text.includes(r.text));
  if (!ref) return safe(text, max);
  const rendered = text.split(ref.text).map(escapeText).join(`<@&${ref.mention.id}>`);
  // A cut could leave half a mention ("<@&8300…"): keep the plain words instead.
  return rendered.length <= max ? rendered : safe(text, max);
}
