/**
 * A feed health notice as one Discord embed: red while the feed fails, green when it works again. The feed's
 * name and error can come from the network: escaped like feed text, and allowed_mentions parses nothing.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { FeedHealthNotice } from '../../core/types.js';
import { noticeTitle } from '../../core/feed-health.js';
import { fitEmbed, NO_MENTIONS, type AlertMessage } from './format.js';
import { LIMITS, safe } from './text.js';

const FAILING_COLOUR = 0xc0392b;
const RECOVERED_COLOUR = 0x1f8b4c;

/** `<t:…:f> (<t:…:R>)`: shown in each reader's own zone; a bad date is shown as text. */
function when(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return safe(iso ?? '?', 100);
  const unix = Math.floor(ms / 1000);
  return `<t:${unix}:f> (<t:${unix}:R>)`;
}

export function noticeEmbed(n: FeedHealthNotice): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: 'Feed', value: safe(`${n.name} (${n.feedId})`, 300) || '\u200b', inline: true },
    { name: 'Host', value: safe(n.host, 300) || '\u200b', inline: true },
    { name: n.state === 'failing' ? 'Failing since' : 'Was failing since', value: when(n.failingSince), inline: false },
  ];
  if (n.state === 'failing') {
    fields.push({ name: 'Failed polls in a row', value: String(n.failures), inline: true });
    if (n.lastError) fields.push({ name: 'Last error', value: safe(`${n.lastError.code}: ${n.lastError.message}`, LIMITS.fieldValue), inline: false });
    fields.push({
      name: 'What happens next',
      value: n.nextAttemptAt ? `Backing off: next attempt not before ${when(n.nextAttemptAt)}. One more notice when it works again.` : 'Retried on the next poll. One more notice when it works again.',
      inline: false,
    });
  } else {
    fields.push({ name: 'Working again since', value: when(n.recoveredAt), inline: false });
  }
  return fitEmbed({
    title: safe(noticeTitle(n), LIMITS.title),
    fields,
    color: n.state === 'failing' ? FAILING_COLOUR : RECOVERED_COLOUR,
    footer: { text: 'lithium-wire \u00b7 feed health' },
  });
}

export function noticeMessage(n: FeedHealthNotice): AlertMessage {
  return { embeds: [noticeEmbed(n)], allowed_mentions: NO_MENTIONS };
}
