/** Shared test wiring: run a typed command in a channel against in-memory deps. */
import { handleCommandText } from '../../src/core/commands/handlers.js';
import type { CommandContext, Reply } from '../../src/core/commands/types.js';
import type { ChannelRef } from '../../src/core/types.js';
import type { TestDeps } from '../contract/reference-harness.js';

export { makeTestDeps } from '../contract/reference-harness.js';

export const CHANNEL: ChannelRef = { platform: 'slack', id: 'C0LITHIUM', workspace: 'T0TEAM' };

export function ctxFor(opts: { canManage?: boolean; channel?: ChannelRef } = {}): CommandContext {
  const canManage = opts.canManage ?? true;
  return { channel: opts.channel ?? CHANNEL, user: { id: canManage ? 'U0ADMIN' : 'U0MEMBER' }, canManage };
}

export function run(deps: TestDeps, text: string, opts: { canManage?: boolean; channel?: ChannelRef } = {}): Promise<Reply> {
  return handleCommandText(text, ctxFor(opts), deps);
}

export function ok(title: string, lines: string[], extra: Partial<Reply> = {}): Reply {
  return { status: 'ok', ephemeral: true, title, lines, fields: [], links: [], ...extra };
}

export function refused(title: string, lines: string[]): Reply {
  return { status: 'refused', ephemeral: true, title, lines, fields: [], links: [] };
}
