/**
 * Threads and forum posts in the fake Discord, as Discord documents them:
 * - POST /channels/{channel}/messages/{message}/threads starts a public thread from a message; the thread's id is
 *   the message's id; a second start on the same message is 400 160004; a forum channel has no such messages.
 * - POST /channels/{forum}/threads in a forum channel (type 15) creates a post: a thread with a starter message
 *   whose id equals the thread's; there is no nonce for it.
 * - GET /channels/{id} answers a channel or a thread; GET /guilds/{guild}/threads/active lists the threads.
 * A thread is a channel: messages are posted into it and edited in it by its id (rest-routes.ts).
 */
import type { FakeDiscord } from './fake-discord.js';
import type { RecordedRequest } from './faults.js';
import { channelObject, messageObject, snowflake } from './payloads.js';
import { isEmptyMessage, validateMessageBody } from './validate.js';
import type { Reply } from './rest-routes.js';

export const GUILD_TEXT = 0;
export const PUBLIC_THREAD = 11;
export const GUILD_FORUM = 15;

export interface FakeThread {
  id: string;
  parentId: string;
  name: string;
  /** True for a forum post (its starter message is in the thread, with the thread's id). */
  forumPost: boolean;
  createdAt: string;
  autoArchiveMinutes: number;
}

const json = (status: number, body?: unknown): Reply => ({ kind: 'json', status, body });
const apiError = (status: number, code: number, message: string): Reply => json(status, { message, code });
const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function threadObject(fake: FakeDiscord, t: FakeThread): Record<string, unknown> {
  return {
    id: t.id,
    type: PUBLIC_THREAD,
    guild_id: fake.guild.id,
    parent_id: t.parentId,
    owner_id: fake.bot.id,
    name: t.name,
    last_message_id: null,
    message_count: (fake.messages.get(t.id) ?? []).length,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
    total_message_sent: (fake.messages.get(t.id) ?? []).length,
    thread_metadata: { archived: false, auto_archive_duration: t.autoArchiveMinutes, archive_timestamp: t.createdAt, locked: false, create_timestamp: t.createdAt },
  };
}

/** A thread's name and archive duration as Discord checks them; an error reply or the values. */
function threadFields(body: Record<string, unknown>): Reply | { name: string; autoArchiveMinutes: number } {
  const name = typeof body.name === 'string' ? body.name : '';
  if (name.length < 1 || name.length > 100) {
    return json(400, { message: 'Invalid Form Body', code: 50035, errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } } });
  }
  const auto = body.auto_archive_duration ?? 4320;
  if (![60, 1440, 4320, 10080].includes(Number(auto))) return apiError(400, 50035, 'Invalid Form Body');
  return { name, autoArchiveMinutes: Number(auto) };
}

function refusalOf(fake: FakeDiscord, channelId: string): Reply | undefined {
  const kind = fake.refused.get(channelId);
  if (!kind) return undefined;
  const r = { 'missing-access': [403, 50001, 'Missing Access'], 'missing-permissions': [403, 50013, 'Missing Permissions'], 'unknown-channel': [404, 10003, 'Unknown Channel'] }[kind];
  return apiError(r[0] as number, r[1] as number, r[2] as string);
}

function startFromMessage(fake: FakeDiscord, channelId: string, messageId: string, req: RecordedRequest): Reply {
  const refused = refusalOf(fake, channelId);
  if (refused) return refused;
  const channel = fake.guild.channels.find((c) => c.id === channelId);
  if (!channel) return apiError(404, 10003, 'Unknown Channel');
  if ((channel.type ?? GUILD_TEXT) === GUILD_FORUM) return apiError(400, 50024, 'Cannot execute action on this channel type');
  if (!(fake.messages.get(channelId) ?? []).some((m) => m.id === messageId)) return apiError(404, 10008, 'Unknown Message');
  if (fake.threads.has(messageId)) return apiError(400, 160004, 'A thread has already been created for this message');
  const fields = threadFields(asObject(req.body));
  if ('kind' in fields) return fields;
  const t: FakeThread = { id: messageId, parentId: channelId, forumPost: false, createdAt: new Date().toISOString(), ...fields };
  fake.threads.set(t.id, t);
  return json(201, threadObject(fake, t));
}

function createForumPost(fake: FakeDiscord, forumId: string, req: RecordedRequest, commitOnly: boolean): Reply {
  const refused = refusalOf(fake, forumId);
  if (refused) return refused;
  const forum = fake.guild.channels.find((c) => c.id === forumId);
  if (!forum) return apiError(404, 10003, 'Unknown Channel');
  // A thread without a starter message in a text channel is not something the bot does: only forums take posts here.
  if ((forum.type ?? GUILD_TEXT) !== GUILD_FORUM) return apiError(400, 50024, 'Cannot execute action on this channel type');
  const body = asObject(req.body);
  const fields = threadFields(body);
  if ('kind' in fields) return fields;
  const message = asObject(body.message);
  if ('nonce' in message || 'enforce_nonce' in message) return apiError(400, 50035, 'Invalid Form Body: message.nonce is not a forum post field');
  const errors = validateMessageBody(message);
  if (errors.length) return apiError(400, 50035, `Invalid Form Body: ${errors.map((e) => e.path).join(', ')}`);
  if (isEmptyMessage(message)) return apiError(400, 50006, 'Cannot send an empty message');
  const id = snowflake();
  const t: FakeThread = { id, parentId: forumId, forumPost: true, createdAt: new Date().toISOString(), ...fields };
  fake.threads.set(id, t);
  fake.messages.set(id, [{ id, channelId: id, body: message, at: Date.now() }]);
  if (commitOnly) return { kind: 'hang' };
  return json(201, { ...threadObject(fake, t), message: messageObject(id, id, fake.bot, message) });
}

/** The thread routes; undefined when the request is not one of them. */
export function routeThreads(fake: FakeDiscord, req: RecordedRequest, commitOnly: boolean): Reply | undefined {
  const { method, path } = req;
  let m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
  if (m && method === 'POST') return startFromMessage(fake, m[1]!, m[2]!, req);
  m = /^\/channels\/(\d+)\/threads$/.exec(path);
  if (m && method === 'POST') return createForumPost(fake, m[1]!, req, commitOnly);
  m = /^\/channels\/(\d+)$/.exec(path);
  if (m && method === 'GET') {
    const refused = refusalOf(fake, m[1]!);
    if (refused) return refused;
    const thread = fake.threads.get(m[1]!);
    if (thread) return json(200, threadObject(fake, thread));
    const c = fake.guild.channels.find((x) => x.id === m![1]);
    return c ? json(200, channelObject(fake.guild.id, c)) : apiError(404, 10003, 'Unknown Channel');
  }
  m = /^\/guilds\/(\d+)\/threads\/active$/.exec(path);
  if (m && method === 'GET') {
    if (m[1] !== fake.guild.id) return apiError(404, 10004, 'Unknown Guild');
    return json(200, { threads: [...fake.threads.values()].map((t) => threadObject(fake, t)), members: [] });
  }
  return undefined;
}
