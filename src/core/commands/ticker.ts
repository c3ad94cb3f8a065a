/** /ticker: a ticker's latest move. Placeholder until the quotes work lands. */
import type { CommandContext, CommandDeps, Reply } from './types.js';

export async function handleTicker(
  req: { verb: 'ticker'; symbol: string },
  _ctx: CommandContext,
  _deps: CommandDeps,
): Promise<Reply> {
  return { status: 'error', ephemeral: true, title: req.symbol, lines: ['not implemented yet'], fields: [], links: [] };
}
