/**
 * Threads on Discord (issue 17.3). In a text channel a story's first alert is an ordinary message; its first later
 * report starts a thread from that message (the thread's id is the message's id) and every later report is a
 * message in that thread. In a forum channel (type 15) nothing can be posted but posts: each story is a forum post
 * of its own (its id, the thread's, is also its starter message's) and later reports are replies in it.
 * Replies carry the same nonce with enforce_nonce as every send, so a retried reply is not posted twice; a forum
 * post has no nonce, so a retry after a lost answer looks for the post among the guild's active threads first.
 */
import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, type APIMessage, type APIThreadChannel, type REST } from 'discord.js';
import { alertView } from '../../core/alert-view.js';
import type { WireError } from '../../core/errors.js';
import type { Logger, SentMessage } from '../../core/ports.js';
import { replyDelivery, threadName, type ThreadReply, type ThreadReplyOptions } from '../../core/threads.js';
import type { Delivery } from '../../core/types.js';
import { alertMessage } from './format.js';

/** How long a thread stays active without messages, in minutes (a day: a story rarely runs longer between reports). */
const AUTO_ARCHIVE_MINUTES = 1440;
/** Clock skew allowed between us and Discord when a forum post is looked for after a lost answer. */
const FIND_SKEW_MS = 60_000;

export interface DiscordThreadsOptions {
  rest: REST;
  logger: Logger;
  /** The adapter's own send (an ordinary message) and its error mapping (token restore, error kinds). */
  send(delivery: Delivery): Promise<SentMessage>;
  fail(e: unknown, channelId: string): WireError;
  nonce(delivery: Delivery): string;
}

const codeOf = (e: unknown): number | undefined => (e instanceof DiscordAPIError && typeof e.code === 'number' ? e.code : undefined);

export function createDiscordThreads(opts: DiscordThreadsOptions) {
  const { rest, logger } = opts;
  // A channel's type and guild hardly ever change: asked once per channel per process, and only with threads on.
  const channels = new Map<string, { type: number; guildId?: string | undefined }>();

  async function channelInfo(channelId: string): Promise<{ type: number; guildId?: string | undefined }> {
    const known = channels.get(channelId);
    if (known) return known;
    try {
      const c = (await rest.get(Routes.channel(channelId))) as { type: number; guild_id?: string };
      const info = { type: c.type, guildId: c.guild_id };
      channels.set(channelId, info);
      return info;
    } catch (e) {
      throw opts.fail(e, channelId);
    }
  }

  const isForum = async (channelId: string) => (await channelInfo(channelId)).type === ChannelType.GuildForum;

  /** A forum post made by an attempt whose answer was lost: same parent and name, created since the attempt. */
  async function findForumPost(delivery: Delivery, since: Date): Promise<SentMessage | undefined> {
    const forum = delivery.channel.id;
    const guildId = (await channelInfo(forum)).guildId ?? delivery.channel.workspace;
    if (!guildId) return undefined;
    try {
      const { threads } = (await rest.get(Routes.guildActiveThreads(guildId))) as { threads: APIThreadChannel[] };
      const name = threadName(delivery);
      const hit = threads.find((t) => {
        const created = Date.parse(t.thread_metadata?.create_timestamp ?? '');
        return t.parent_id === forum && t.name === name && Number.isFinite(created) && created >= since.getTime() - FIND_SKEW_MS;
      });
      if (hit) logger.info('discord forum post was already made; not posting it again', { channel: forum, thread: hit.id });
      return hit ? { messageId: hit.id } : undefined;
    } catch (e) {
      throw opts.fail(e, forum);
    }
  }

  /** A story's first report: an ordinary message, or in a forum channel a post of its own. */
  async function sendThreaded(delivery: Delivery, earlierAttempt?: Date): Promise<SentMessage> {
    const forum = delivery.channel.id;
    if (!(await isForum(forum))) return opts.send(delivery);
    if (earlierAttempt) {
      const found = await findForumPost(delivery, earlierAttempt);
      if (found) return found;
    }
    try {
      const body = { name: threadName(delivery), auto_archive_duration: AUTO_ARCHIVE_MINUTES, message: alertMessage(alertView(delivery)) };
      const thread = (await rest.post(Routes.threads(forum), { body })) as APIThreadChannel;
      return { messageId: thread.id };
    } catch (e) {
      throw opts.fail(e, forum);
    }
  }

  /** Starts the thread on a text channel's story message; false when that message is gone. */
  async function startThread(delivery: Delivery, root: string): Promise<boolean> {
    try {
      await rest.post(Routes.threads(delivery.channel.id, root), { body: { name: threadName(delivery), auto_archive_duration: AUTO_ARCHIVE_MINUTES } });
      return true;
    } catch (e) {
      // Started meanwhile (another instance, or an attempt whose answer was lost): post into it.
      if (codeOf(e) === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return true;
      if (codeOf(e) === RESTJSONErrorCodes.UnknownMessage) return false;
      throw opts.fail(e, delivery.channel.id);
    }
  }

  /** Broadcast: the story's first message also shows the story as it stands (as with threads off). */
  async function editRoot(delivery: Delivery, root: string): Promise<void> {
    // A forum post's starter message lives in the post (the thread) itself.
    const where = (await isForum(delivery.channel.id)) ? root : delivery.channel.id;
    try {
      await rest.patch(Routes.channelMessage(where, root), { body: alertMessage(alertView(delivery)) });
    } catch (e) {
      // The reply is posted; an edit lost (the first message deleted) must not make the retry post it again.
      if (codeOf(e) === RESTJSONErrorCodes.UnknownMessage) return;
      throw opts.fail(e, delivery.channel.id);
    }
  }

  async function reply(delivery: Delivery, root: string, ro: ThreadReplyOptions): Promise<ThreadReply> {
    const body = { ...alertMessage(alertView(replyDelivery(delivery))), nonce: opts.nonce(delivery), enforce_nonce: true };
    const post = async () => (await rest.post(Routes.channelMessages(root), { body })) as APIMessage;
    let msg: APIMessage;
    try {
      msg = await post();
    } catch (e) {
      // No thread has that id: not started yet (the story's first later report), or deleted with its post.
      if (codeOf(e) !== RESTJSONErrorCodes.UnknownChannel) throw opts.fail(e, root);
      if ((await isForum(delivery.channel.id)) || !(await startThread(delivery, root))) {
        const fresh = await sendThreaded(delivery);
        return { messageId: fresh.messageId, newRoot: fresh.messageId };
      }
      try {
        msg = await post();
      } catch (e2) {
        throw opts.fail(e2, root);
      }
    }
    if (ro.broadcast) await editRoot(delivery, root);
    return { messageId: msg.id };
  }

  return { reply, sendThreaded };
}
