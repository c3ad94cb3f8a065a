/** The option form of a request, the inverse of parsing it: what a Discord client would send (test harnesses). */
import type { CommandRequest } from './types.js';
import { filterOptionsOf } from './filter-parse.js';

/** The inverse of parseCommandOptions: what a Discord client would send for a request (used by test harnesses). */
export function commandOptionsOf(req: CommandRequest): { verb: CommandRequest['verb']; options: Record<string, string> } {
  switch (req.verb) {
    case 'subscribe': {
      const d = req.digest;
      const digest = d ? { digest: d.mode, ...(d.at ? { at: d.at } : {}), ...(d.tz ? { tz: d.tz } : {}), ...(d.quiet ? { quiet: `${d.quiet.from}-${d.quiet.to}` } : {}) } : {};
      return { verb: req.verb, options: { what: req.want, ...digest } };
    }
    case 'unsubscribe':
      return { verb: req.verb, options: req.dropWatchlist ? { drop_watchlist: 'true' } : {} };
    case 'watchlist':
      if (req.action === 'list') return { verb: req.verb, options: { subcommand: 'list' } };
      return {
        verb: req.verb,
        options: { subcommand: req.action, symbols: req.symbols.map((t) => (t.includes(' ') ? `"${t}"` : t)).join(' '), ...(req.name !== undefined ? { name: req.name } : {}) },
      };
    case 'ticker':
      return { verb: req.verb, options: { symbol: req.symbol } };
    case 'filter':
      return { verb: req.verb, options: filterOptionsOf(req) };
    case 'mention':
      if (req.action === 'clear') return { verb: req.verb, options: { clear: 'true' } };
      if (req.action === 'show') return { verb: req.verb, options: {} };
      return {
        verb: req.verb,
        options: {
          role: req.handle !== undefined ? `@${req.handle}` : req.mention.id,
          ...(req.mention.onlySupply ? { only: 'supply' } : {}),
          ...(req.mention.minMovePct !== undefined ? { min_move: String(req.mention.minMovePct) } : {}),
        },
      };
    case 'feed':
      if (req.action === 'add') return { verb: req.verb, options: { subcommand: 'add', url: req.url, ...(req.tags.length ? { tags: req.tags.join(' ') } : {}) } };
      if (req.action === 'remove' || req.action === 'pause' || req.action === 'resume') return { verb: req.verb, options: { subcommand: req.action, feed: req.target } };
      return { verb: req.verb, options: { subcommand: 'list' } };
    case 'threads':
      return { verb: req.verb, options: { mode: req.mode, ...(req.broadcast ? { broadcast: 'true' } : {}) } };
    default:
      return { verb: req.verb, options: {} };
  }
}
