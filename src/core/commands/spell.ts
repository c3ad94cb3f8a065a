/**
 * Spellers for CommandDeps.spell. The core writes hints in the neutral text form ("subscribe watchlist",
 * "watchlist add ALB"); a platform with typed options shows them as its users type them.
 */
import { tokenize } from './parse.js';

/** Slack-style: one command whose text is the neutral form ("/lithium watchlist add ALB"). */
export function spellAsText(command: string): (text: string) => string {
  return (text) => `${command} ${text}`;
}

/**
 * Discord-style: the verb is the command, the rest are named options, and only options the text names are shown
 * ("subscribe watchlist" → "/subscribe what:watchlist"; "watchlist add" → "/watchlist add").
 */
export function spellAsOptions(text: string): string {
  // tokenize keeps a quoted name whole: 'name:"Company Name"' → 'name:Company Name', as Discord shows it.
  const [verb = '', ...args] = tokenize(text);
  switch (verb) {
    case 'subscribe':
      return args[0] ? `/subscribe what:${args[0]}` : '/subscribe';
    case 'unsubscribe':
      return args[0] === 'drop-watchlist' ? '/unsubscribe drop_watchlist:True' : '/unsubscribe';
    case 'watchlist': {
      const [action = 'list', ...more] = args;
      const names = more.filter((a) => a.startsWith('name:'));
      const symbols = more.filter((a) => !a.startsWith('name:'));
      return [`/watchlist ${action}`, symbols.length ? `symbols:${symbols.join(' ')}` : '', ...names].filter(Boolean).join(' ');
    }
    case 'ticker':
      return args.length ? `/ticker symbol:${args.join(' ')}` : '/ticker';
    default:
      return `/${[verb, ...args].join(' ')}`;
  }
}
