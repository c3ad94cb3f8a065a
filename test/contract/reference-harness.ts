/**
 * The in-memory reference platform: the command core behind a plain-text "chat" that treats @everyone, @here and
 * <@…>/<!…>/<#…> as live mentions. It proves the contract suite runs before any real adapter exists, and shows the
 * smallest adapter that passes it.
 */
import { fileURLToPath } from 'node:url';
import { loadTickers } from '../../src/config/load.js';
import { alertView } from '../../src/core/alert-view.js';
import { handleCommandText } from '../../src/core/commands/handlers.js';
import { replyText } from '../../src/core/commands/render.js';
import type { CommandDeps } from '../../src/core/commands/types.js';
import { PermanentDeliveryError } from '../../src/core/errors.js';
import type { ChatAdapter, Clock, Logger, SentMessage } from '../../src/core/ports.js';
import { Universe } from '../../src/core/symbols.js';
import type { Delivery } from '../../src/core/types.js';
import { MemoryAlertLog, MemoryFeedStates, MemorySubscriptions } from '../fakes/memory-stores.js';
import type { ChatHarness, PostedMessage } from './chat-adapter.contract.js';

const CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

export function shippedUniverse(): Universe {
  return new Universe(loadTickers(CONFIG_DIR));
}

export interface TestDeps extends CommandDeps {
  subscriptions: MemorySubscriptions;
  alerts: MemoryAlertLog;
  feedStates: MemoryFeedStates;
  logged: { level: string; msg: string; ctx?: Record<string, unknown> | undefined }[];
}

/** Command deps on in-memory stores, a fixed clock and a recording logger. */
export function makeTestDeps(opts: { now?: string; spell?: (t: string) => string; universe?: Universe } = {}): TestDeps {
  const logged: TestDeps['logged'] = [];
  const log = (level: string) => (msg: string, ctx?: Record<string, unknown>) => void logged.push({ level, msg, ctx });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const now = new Date(opts.now ?? '2026-11-26T12:00:00.000Z');
  const clock: Clock = { now: () => new Date(now) };
  return {
    subscriptions: new MemorySubscriptions(),
    alerts: new MemoryAlertLog(),
    feedStates: new MemoryFeedStates(),
    universe: opts.universe ?? shippedUniverse(),
    clock,
    logger,
    logged,
    ...(opts.spell ? { spell: opts.spell } : {}),
  };
}

const POST_LIMIT = 4000;
const HEADLINE_LIMIT = 256;
const LIVE_MENTION = /@(everyone|here)\b|<[@!#]/;

/** Breaks every would-be mention with a zero-width space: the reference platform's escaping. */
function defuse(text: string): string {
  return text.replace(/@/g, '@\u200b').replace(/</g, '<\u200b');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export class ReferenceAdapter implements ChatAdapter {
  readonly platform = 'reference';
  readonly posts = new Map<string, PostedMessage[]>();
  readonly refused = new Set<string>();
  private seq = 0;

  constructor(readonly known: ReadonlySet<string>) {}

  async send(d: Delivery): Promise<SentMessage> {
    const id = d.channel.id;
    if (!this.known.has(id)) throw new PermanentDeliveryError('UNKNOWN_CHANNEL', `unknown channel ${id}`);
    if (this.refused.has(id)) throw new PermanentDeliveryError('MISSING_ACCESS', `cannot post in ${id}`);
    const v = alertView(d);
    const text = cut(
      [
        cut(defuse(v.headline), HEADLINE_LIMIT),
        defuse([v.source, v.time].filter(Boolean).join(' · ')),
        defuse(v.why),
        ...v.figures.map(defuse),
        v.tickers.join(' '),
        cut(defuse(v.summary), 1000),
      ].join('\n'),
      POST_LIMIT,
    );
    const raw = { text, url: v.url };
    const list = this.posts.get(id) ?? [];
    list.push({ text, canPing: LIVE_MENTION.test(text), raw });
    this.posts.set(id, list);
    return { messageId: `ref-${++this.seq}` };
  }
}

export async function makeReferenceHarness(): Promise<ChatHarness> {
  const channel = 'C-REF-1';
  const spareChannel = 'C-REF-2';
  const adapter = new ReferenceAdapter(new Set([channel, spareChannel]));
  const deps = makeTestDeps({ spell: (t) => `/ref ${t}` });
  return {
    platform: adapter.platform,
    adapter,
    channel,
    spareChannel,
    limits: { postText: POST_LIMIT },
    async command(text, opts) {
      const r = await handleCommandText(
        text,
        {
          channel: { platform: adapter.platform, id: opts.channel ?? channel },
          user: { id: opts.userId ?? (opts.canManage ? 'U-ADMIN' : 'U-MEMBER') },
          canManage: opts.canManage,
        },
        deps,
      );
      return { ephemeral: r.ephemeral, text: replyText(r) };
    },
    async posted(ch) {
      return [...(adapter.posts.get(ch) ?? [])];
    },
    refuse(ch) {
      adapter.refused.add(ch);
    },
    async close() {},
  };
}
