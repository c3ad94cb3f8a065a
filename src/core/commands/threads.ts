/**
 * `threads on [broadcast] | off` (Discord: /threads mode:on|off [broadcast:True]): whether a story's later reports
 * are replies in a thread under its first alert, or edits of that alert in place (the default). Changing it needs
 * the Manage permission, like every setting.
 */
import { UserError } from '../errors.js';
import type { Subscription, ThreadSettings } from '../types.js';
import { reply, spellOf } from './describe.js';
import type { CommandContext, CommandDeps, CommandRequest, Reply } from './types.js';

export const THREADS_USAGE = 'threads on [broadcast] or threads off';

const flag = (v: string | undefined): boolean | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const w = v.trim().toLowerCase();
  if (['true', 'yes', 'broadcast', 'on'].includes(w)) return true;
  if (['false', 'no', 'off'].includes(w)) return false;
  throw new UserError('BAD_OPTION', `Usage: ${THREADS_USAGE}`);
};

function request(mode: string | undefined, broadcast: boolean | undefined): CommandRequest {
  const m = (mode ?? '').trim().toLowerCase();
  if (m !== 'on' && m !== 'off') throw new UserError('BAD_OPTION', `Say on or off. Usage: ${THREADS_USAGE}`);
  if (m === 'off' && broadcast) throw new UserError('BAD_OPTION', `Broadcast goes with threads on only. Usage: ${THREADS_USAGE}`);
  return { verb: 'threads', mode: m, broadcast: m === 'on' && broadcast === true };
}

/** The text form's words after `threads`: `on`, `on broadcast`, `off`. */
export function threadsFromWords(words: readonly string[]): CommandRequest {
  if (words.length > 2 || (words[1] !== undefined && words[1].toLowerCase() !== 'broadcast')) {
    throw new UserError('BAD_OPTION', `Usage: ${THREADS_USAGE}`);
  }
  return request(words[0], words[1] !== undefined);
}

/** The option form: {mode: on|off, broadcast: "true"|"false"}. */
export function threadsFromOptions(opts: Record<string, string | undefined>): CommandRequest {
  return request(opts.mode, flag(opts.broadcast));
}

/** The /status value: how later reports of a story reach this channel. */
export function describeThreads(t: ThreadSettings | undefined): string {
  if (t?.mode !== 'on') return 'edited into the story\u2019s first alert (threads off)';
  return t.broadcast ? 'replies in a thread under the story\u2019s first alert, also shown in the channel' : 'replies in a thread under the story\u2019s first alert';
}

export async function handleThreads(
  req: Extract<CommandRequest, { verb: 'threads' }>,
  existing: Subscription | undefined,
  _ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const spell = spellOf(deps);
  if (!existing?.want) {
    return reply('refused', 'Not subscribed', [`This channel gets no alerts, so there is nothing to thread. Run ${spell('subscribe')} first.`]);
  }
  const threads: ThreadSettings | undefined = req.mode === 'on' ? { mode: 'on', ...(req.broadcast ? { broadcast: true } : {}) } : undefined;
  const same = JSON.stringify(existing.threads?.mode === 'on' ? existing.threads : null) === JSON.stringify(threads ?? null);
  const { threads: _old, ...rest } = existing;
  await deps.subscriptions.put({ ...rest, ...(threads ? { threads } : {}), origin: 'command', updatedAt: deps.clock.now().toISOString() });
  const lines = [`Later reports of a story: ${describeThreads(threads)}.`];
  if (threads) lines.push('Each story\u2019s first alert is posted as before; in a forum channel each story is a post of its own. Digests are not threaded.');
  return reply('ok', same ? 'Threads unchanged' : threads ? 'Threads on' : 'Threads off', lines);
}
