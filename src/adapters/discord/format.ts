/**
 * Neutral views → Discord payloads: an alert becomes one embed; a command Reply becomes an interaction response.
 * Feed and user text is escaped and cut here (text.ts); nothing this module builds can ping anyone.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { AlertView } from '../../core/alert-view.js';
import type { Reply } from '../../core/commands/types.js';
import type { ReplyImage } from '../../core/ticker-chart.js';
import type { AlertKind } from '../../core/types.js';
import { safeWithMentions } from './reply-mentions.js';
import { LIMITS, plainText, safe, safeUrl, truncate } from './text.js';

/** Never parse mentions: not from content, not from user/role ids. */
export const NO_MENTIONS = { parse: [] as never[] } as const;

/** Discord's EPHEMERAL message flag. */
export const EPHEMERAL = 64;

export const KIND_COLOURS: Record<AlertKind, number> = {
  supply: 0x1f8b4c, // green: a lithium supply story
  watchlist: 0xe67e22, // orange: a company on this channel's watchlist
  topic: 0x3498db, // blue: another configured topic
};

const KIND_LABELS: Record<AlertKind, string> = {
  supply: 'Lithium supply',
  watchlist: 'Watchlist',
  topic: 'Topic',
};

export const STATUS_COLOURS: Record<Reply['status'], number> = {
  ok: 0x1f8b4c,
  refused: 0xc0392b,
  error: 0x7f8c8d,
};

/** allowed_mentions of an alert: nothing parsed from text; at most the one role the channel's admin set. */
export type AlertMentions = typeof NO_MENTIONS | { parse: never[]; roles: string[] };

/** The body of POST /channels/{id}/messages for an alert (without the nonce, which the adapter adds). */
export interface AlertMessage {
  /** Only ever the admin's role mention ("<@&id>"): feed text stays in the embed, which never pings. */
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: AlertMentions;
}

/** The `data` of an interaction response (type 4), also the options passed to discord.js interaction.reply. */
export interface ReplyMessage {
  embeds: APIEmbed[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
}

/**
 * "ALB +13.6%" → { name: "ALB", value: "+13.6%" }; "Supply reduction 6,000 t/month" → "Supply reduction" /
 * "6,000 t/month". The value starts at the first signed number, digit, or currency code followed by a number.
 */
export function splitFigure(label: string): { name: string; value: string } {
  const m = /^(.*?\S)\s+((?:[+\u2212-]|[A-Z]{3}\s+)?\d[\s\S]*)$/.exec(label.trim());
  return m ? { name: m[1]!, value: m[2]! } : { name: 'Key figure', value: label.trim() || '\u2014' };
}

/** Discord refuses empty or whitespace-only field text; a zero-width space stands in. */
function nonBlank(s: string): string {
  return s.trim() ? s : '\u200b';
}

function field(name: string, value: string, inline: boolean, mentions?: Reply['mentions']): APIEmbedField {
  return { name: nonBlank(safe(name, LIMITS.fieldName)), value: nonBlank(safeWithMentions(value, mentions, LIMITS.fieldValue)), inline };
}

function embedLength(e: APIEmbed): number {
  let n = (e.title ?? '').length + (e.description ?? '').length;
  n += (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Cuts an embed to Discord's 6,000-character total: description first, then trailing fields, then the title. */
export function fitEmbed(e: APIEmbed, max: number = LIMITS.embedTotal): APIEmbed {
  const out: APIEmbed = { ...e, fields: e.fields ? [...e.fields] : undefined };
  let over = embedLength(out) - max;
  if (over > 0 && out.description) {
    out.description = truncate(out.description, Math.max(0, out.description.length - over));
    if (!out.description) delete out.description;
    over = embedLength(out) - max;
  }
  while (over > 0 && out.fields?.length) {
    out.fields.pop();
    over = embedLength(out) - max;
  }
  if (over > 0 && out.title) out.title = truncate(out.title, Math.max(1, out.title.length - over));
  if (out.fields?.length === 0) delete out.fields;
  return out;
}

/** The description: the why line first (never cut away), then as much of the summary as fits. */
function alertDescription(v: AlertView): string | undefined {
  const why = v.why ? `**Why:** ${safe(v.why, 1024)}` : '';
  const room = LIMITS.description - why.length - 2;
  const summary = v.summary && room > 16 ? safe(v.summary, Math.min(room, 600)) : '';
  const text = [why, summary].filter((t) => t.trim()).join('\n\n');
  return text || undefined;
}

/** "[Reuters](url) · [Mining Weekly](url)": whole entries only, so a cut never leaves half a masked link. */
function linkList(items: readonly { label: string; url?: string | undefined }[], max: number): string {
  let out = '';
  for (const [i, it] of items.entries()) {
    const part = it.url ? link(it.label, it.url) : safe(it.label, 200);
    const next = out ? `${out} \u00b7 ${part}` : part;
    if (next.length > max - 20) return out ? `${out} \u00b7 +${items.length - i} more` : safe(it.label, 200);
    out = next;
  }
  return out;
}

/** Story lines: the other outlets (an edited alert) and the story a new development follows. */
function storyFields(v: AlertView): APIEmbedField[] {
  const out: APIEmbedField[] = [];
  if (v.alsoReportedBy?.length) {
    const value = linkList(v.alsoReportedBy.map((a) => ({ label: a.source, url: a.url })), LIMITS.fieldValue);
    out.push({ name: 'Also reported by', value: nonBlank(value), inline: false });
  }
  if (v.relatedTo) {
    const value = linkList([{ label: v.relatedTo.headline, url: v.relatedTo.url }], LIMITS.fieldValue);
    out.push({ name: 'Follows an earlier story', value: nonBlank(value), inline: false });
  }
  return out;
}

export function alertEmbed(v: AlertView): APIEmbed {
  const story = storyFields(v);
  const extra = (v.tickers.length ? 1 : 0) + (v.watched.length ? 1 : 0) + story.length;
  const figures = v.figures.slice(0, LIMITS.fields - extra).map((label) => {
    const { name, value } = splitFigure(label);
    return field(name, value, true);
  });
  const fields = [...figures];
  if (v.tickers.length) fields.push(field('Tickers', v.tickers.join(', '), false));
  if (v.watched.length) fields.push(field('On this channel\u2019s watchlist', v.watched.join(', '), false));
  fields.push(...story);
  const url = safeUrl(v.url);
  const time = Number.isNaN(Date.parse(v.time)) ? undefined : new Date(v.time).toISOString();
  const title = safe(v.headline, LIMITS.title);
  const author = v.source ? truncate(plainText(v.source), LIMITS.author) : '';
  const description = alertDescription(v);
  const embed: APIEmbed = {
    title: title.trim() ? title : '(untitled)',
    ...(url ? { url } : {}),
    ...(author.trim() ? { author: { name: author } } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(fields.length ? { fields } : {}),
    color: KIND_COLOURS[v.kind],
    footer: { text: `lithium-wire \u00b7 ${KIND_LABELS[v.kind]}` },
    ...(time ? { timestamp: time } : {}),
  };
  return fitEmbed(embed);
}

const SNOWFLAKE = /^\d{17,20}$/;

export function alertMessage(v: AlertView): AlertMessage {
  const role = v.mention?.kind === 'role' && SNOWFLAKE.test(v.mention.id) ? v.mention.id : undefined;
  if (!role) return { embeds: [alertEmbed(v)], allowed_mentions: NO_MENTIONS };
  // The role is named in `roles`, so Discord pings it and nothing else, whatever else the message held.
  return { content: `<@&${role}>`, embeds: [alertEmbed(v)], allowed_mentions: { parse: [], roles: [role] } };
}

/** A masked link from our own label and a vetted URL; the label is escaped and cannot carry brackets. */
function link(label: string, url: string): string {
  const u = safeUrl(url);
  const text = safe(label.replace(/[[\]]/g, ''), 200) || 'link';
  // A bare ")" in the URL would end the masked link early; percent-encoded it means the same address.
  return u ? `[${text}](${u.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : text;
}

export function replyEmbed(r: Reply): APIEmbed {
  const lines = r.lines.map((l) => safeWithMentions(l, r.mentions, LIMITS.description));
  const links = r.links.map((l) => `\u2022 ${link(l.label, l.url)}`);
  let description = '';
  for (const part of [...lines, ...links]) {
    const next = description ? `${description}\n${part}` : part;
    if (next.length > LIMITS.description) break; // whole lines only: a cut masked link would show raw markup
    description = next;
  }
  const embed: APIEmbed = {
    title: nonBlank(safe(r.title, LIMITS.title)),
    ...(description ? { description } : {}),
    // Short values sit side by side; a long one gets its own row so it does not wrap into a narrow column.
    ...(r.fields.length ? { fields: r.fields.slice(0, LIMITS.fields).map((f) => field(f.label, f.value, f.value.length <= 40, r.mentions)) } : {}),
    color: STATUS_COLOURS[r.status],
  };
  return fitEmbed(embed);
}

/**
 * The message with its first embed showing an attached image (`attachment://ticker-ALB.png`): the file travels in
 * the same multipart request, under that name, with the alt text as its description.
 */
export function withImage(m: ReplyMessage, image: Pick<ReplyImage, 'filename'>): ReplyMessage {
  const [first, ...rest] = m.embeds;
  if (!first) return m;
  return { ...m, embeds: [{ ...first, image: { url: `attachment://${image.filename}` } }, ...rest] };
}

/** The attachment for discord.js (`files` of reply/editReply) or the REST client; Discord caps alt text at 1,024. */
export function imageFile(image: ReplyImage): { attachment: Buffer; name: string; description: string } {
  return { attachment: Buffer.from(image.png), name: image.filename, description: truncate(image.alt, 1024) };
}

/** The interaction response data for a Reply: ephemeral flag 64 when asked, never any mentions. */
export function replyMessage(r: Reply): ReplyMessage {
  return {
    embeds: [replyEmbed(r)],
    allowed_mentions: NO_MENTIONS,
    ...(r.ephemeral ? { flags: EPHEMERAL } : {}),
  };
}
