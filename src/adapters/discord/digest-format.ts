/**
 * A digest as one Discord embed: a field per story (headline, outlet with link, reports, key figures), inside
 * Discord's limits (25 fields, 256/1024 per field, 6,000 in all), never pinging anyone.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { DigestView } from '../../core/digest-view.js';
import { fitEmbed, NO_MENTIONS, type AlertMessage } from './format.js';
import { LIMITS, safe, safeUrl } from './text.js';

const DIGEST_COLOUR = 0x8e44ad;

function entryField(e: DigestView['entries'][number]): APIEmbedField {
  const url = safeUrl(e.url);
  const source = safe((e.source ?? 'source').replace(/[[\]]/g, ''), 100) || 'source';
  const parts = [url ? `[${source}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : source];
  if (e.reports > 1) parts.push(`${e.reports} reports`);
  if (e.tickers.length) parts.push(safe(e.tickers.join(', '), 200));
  let value = parts.join(' \u00b7 ');
  const figures = e.figures.map((f) => safe(f, 150)).join(', ');
  if (figures && value.length + figures.length + 1 <= LIMITS.fieldValue) value = `${value}\n${figures}`;
  return { name: safe(e.headline, LIMITS.fieldName).trim() || '(untitled)', value: value.trim() || '\u200b', inline: false };
}

export function digestEmbed(v: DigestView): APIEmbed {
  const max = LIMITS.fields;
  const fields = v.entries.slice(0, v.entries.length > max ? max - 1 : max).map(entryField);
  if (v.entries.length > max) fields.push({ name: 'More', value: `${v.entries.length - (max - 1)} more stories not shown`, inline: false });
  const from = Date.parse(v.from);
  const to = Date.parse(v.to);
  const span = Number.isNaN(from) || Number.isNaN(to) ? undefined : `<t:${Math.floor(from / 1000)}:f> \u2013 <t:${Math.floor(to / 1000)}:f>`;
  return fitEmbed({
    title: safe(v.title, LIMITS.title),
    ...(span ? { description: span } : {}),
    fields,
    color: DIGEST_COLOUR,
    footer: { text: 'lithium-wire \u00b7 digest' },
    ...(Number.isNaN(to) ? {} : { timestamp: new Date(to).toISOString() }),
  });
}

export function digestMessage(v: DigestView): AlertMessage {
  return { embeds: [digestEmbed(v)], allowed_mentions: NO_MENTIONS };
}
