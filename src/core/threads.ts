/**
 * Threads (issue 17.3): with a subscription's `threads` on, a story's first alert is posted as today and its later
 * reports go into a thread under it, instead of editing it in place. This is the port a chat adapter implements to
 * take part, and the neutral helpers both platforms share. Nothing here names a platform.
 */
import type { ChatAdapter, SentMessage } from './ports.js';
import type { Delivery, Subscription } from './types.js';

/** What a reply did: the posted reply, and the story's new root when the old one was gone and the report was posted afresh. */
export interface ThreadReply extends SentMessage {
  /** Set when the report became the story's first message again (its old root was deleted). */
  newRoot?: string | undefined;
}

export interface ThreadReplyOptions {
  /** The subscription's `broadcast`: the reply is also shown in the channel, as each platform can. */
  broadcast: boolean;
}

/** A ChatAdapter that can post a story's later reports into the story's thread. */
export interface ThreadingAdapter extends ChatAdapter {
  /**
   * Posts a later report of a story as a reply under `root` (the story's first message, as send() returned it).
   * Idempotent where the platform allows it (a nonce); otherwise the deliverer's check-after covers it through
   * alreadySent(delivery, since, root).
   */
  reply(delivery: Delivery, root: string, opts: ThreadReplyOptions): Promise<ThreadReply>;
  /**
   * Posts a story's first report where threads are on, when the channel needs something other than send() (a
   * Discord forum channel takes a new post per story). `earlierAttempt`: an attempt of this delivery whose answer
   * was lost, so a post it made is found instead of made twice. Absent: the deliverer uses send().
   */
  sendThreaded?(delivery: Delivery, earlierAttempt?: Date): Promise<SentMessage>;
  /** As ChatAdapter.alreadySent, looking among the replies under `root` when one is given. */
  alreadySent?(delivery: Delivery, since: Date, root?: string): Promise<SentMessage | undefined>;
}

export function canThread(adapter: ChatAdapter): adapter is ThreadingAdapter {
  return typeof (adapter as Partial<ThreadingAdapter>).reply === 'function';
}

/** Whether the subscription asks for threads (digests and health notices never go into threads: they are not a story's report). */
export function threadsOn(sub: Subscription | undefined, delivery: Delivery): boolean {
  return sub?.threads?.mode === 'on' && !delivery.digest && !delivery.notice;
}

/**
 * A later report as its own alert, for the reply: its own headline, outlet, link and figures. The story's first
 * message is what keeps the story's summary (edited there on Discord with broadcast).
 */
export function replyDelivery(d: Delivery): Delivery {
  if (!d.story) return d;
  return { ...d, story: { id: d.story.id, isUpdate: true, alsoReportedBy: [] } };
}

export const THREAD_NAME_MAX = 100;

/** A thread's (or forum post's) name: the story's first headline on one line, cut to the platforms' 100 characters. */
export function threadName(d: Delivery): string {
  const title = (d.story?.lead ?? d.alert).item.title.replace(/\s+/g, ' ').trim() || 'Lithium story';
  return title.length <= THREAD_NAME_MAX ? title : `${title.slice(0, THREAD_NAME_MAX - 1).trimEnd()}\u2026`;
}
