/**
 * How one outbox entry reaches its channel once the deliverer has decided to send it: a story's later report edits
 * the story's message in place (the default), or, with the subscription's threads on, is posted as a reply in a
 * thread under it; anything else is posted, after the "check after" look for an earlier attempt's post. Also
 * records which message a story is in each channel, so later reports find it.
 */
import { describeError } from '../core/errors.js';
import type { ChatAdapter, Logger, OutboxEntry, SentMessage, StoryStore } from '../core/ports.js';
import { canThread, threadsOn, type ThreadingAdapter } from '../core/threads.js';
import type { Subscription } from '../core/types.js';

export interface StorySenderOptions {
  stories?: StoryStore | undefined;
  logger: Logger;
}

/** What a send did: the message posted (or edited), and the story's message to remember, if that changed. */
export interface SendOutcome {
  sent: SentMessage;
  /** The story's first message in the channel (its thread's root), to record; absent: leave the record as it is. */
  root?: string | undefined;
}

export function createStorySender(opts: StorySenderOptions) {
  const { stories, logger } = opts;

  /** Threads apply: the subscription asks for them and the adapter can reply in a thread. */
  function threaded(entry: OutboxEntry, adapter: ChatAdapter, sub: Subscription | undefined): adapter is ThreadingAdapter {
    return threadsOn(sub, entry.delivery) && canThread(adapter) && stories !== undefined;
  }

  /**
   * Whether the attempt must be written down before the send ("record before"), so a lost answer is looked for
   * instead of posted twice: adapters without a nonce (alreadySent), and threaded sends (a Discord forum post has
   * no nonce, and its check-after needs the attempt's time).
   */
  function recordsAttempt(entry: OutboxEntry, adapter: ChatAdapter, sub: Subscription | undefined): boolean {
    return adapter.alreadySent !== undefined || threaded(entry, adapter, sub);
  }

  async function checkAfter(entry: OutboxEntry, adapter: ChatAdapter, attempted: string | undefined, root?: string): Promise<SentMessage | undefined> {
    if (!attempted || !adapter.alreadySent) return undefined;
    const since = new Date(attempted);
    const found = root && canThread(adapter) ? await adapter.alreadySent?.(entry.delivery, since, root) : await adapter.alreadySent(entry.delivery, since);
    if (found) logger.info('delivery was already posted; marked sent without resending', { id: entry.id, messageId: found.messageId });
    return found;
  }

  /** Threads on: a later report of a story with a known message is a reply under it; a first report opens the story. */
  async function sendThreaded(entry: OutboxEntry, adapter: ThreadingAdapter, sub: Subscription | undefined, attempted: string | undefined): Promise<SendOutcome> {
    const d = entry.delivery;
    const story = d.story;
    const root = story?.isUpdate && stories ? await stories.messageFor(story.id, d.channel) : undefined;
    if (root) {
      const found = await checkAfter(entry, adapter, attempted, root);
      if (found) return { sent: found };
      const r = await adapter.reply(d, root, { broadcast: sub?.threads?.broadcast === true });
      return { sent: { messageId: r.messageId }, ...(r.newRoot ? { root: r.newRoot } : {}) };
    }
    if (adapter.sendThreaded) {
      const sent = await adapter.sendThreaded(d, attempted ? new Date(attempted) : undefined);
      return { sent, root: sent.messageId };
    }
    const found = await checkAfter(entry, adapter, attempted);
    const sent = found ?? (await adapter.send(d));
    return { sent, root: sent.messageId };
  }

  /** Sends one entry the way its story and subscription ask for. */
  async function send(entry: OutboxEntry, adapter: ChatAdapter, sub: Subscription | undefined, attempted: string | undefined): Promise<SendOutcome> {
    if (threaded(entry, adapter, sub)) return sendThreaded(entry, adapter, sub, attempted);
    const story = entry.delivery.story;
    // An edit is idempotent, so it needs no check-after; without a known message the update is posted instead.
    if (story?.isUpdate && adapter.update && stories) {
      const messageId = await stories.messageFor(story.id, entry.delivery.channel);
      // A message deleted meanwhile is posted afresh by update(): the id it returns is the story's message now.
      if (messageId) {
        const sent = await adapter.update(entry.delivery, messageId);
        return { sent, root: sent.messageId };
      }
    }
    // No await before the send unless there is something to look for: a send keeps its place in the pacing.
    const found = attempted && adapter.alreadySent ? await checkAfter(entry, adapter, attempted) : undefined;
    const sent = found ?? (await adapter.send(entry.delivery));
    return { sent, root: sent.messageId };
  }

  /** Records the story's message in the channel, so later reports of the story edit it (or reply under it). */
  async function remember(entry: OutboxEntry, root: string | undefined): Promise<void> {
    const story = entry.delivery.story;
    if (!story || !stories || root === undefined) return;
    try {
      await stories.setMessage(story.id, entry.delivery.channel, root);
    } catch (e) {
      // The send is done and recorded: a lost note costs a new post for the next report, never a resend.
      logger.warn('could not record a story message', { id: entry.id, error: describeError(e) });
    }
  }

  return { send, remember, recordsAttempt };
}

export type StorySender = ReturnType<typeof createStorySender>;
