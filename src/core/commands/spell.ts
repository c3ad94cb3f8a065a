/**
 * Spellers for CommandDeps.spell. The core writes hints in the neutral text form ("subscribe watchlist",
 * "watchlist add ALB"); a platform with typed options shows them as its users type them.
 */
import { tokenize } from './text-input.js';

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
    case 'subscribe': {
      // "subscribe all digest daily 08:00 Europe/London quiet 22:00-07:00" → what:all digest:daily at:08:00 tz:… quiet:…
      const [what, ...rest] = args;
      const opts = what ? [`what:${what}`] : [];
      const d = rest.indexOf('digest');
      if (d >= 0) {
        const [mode, ...more] = rest.slice(d + 1);
        if (mode) opts.push(`digest:${mode}`);
        for (const [i, a] of more.entries()) {
          if (a === 'quiet' && more[i + 1]) opts.push(`quiet:${more[i + 1]}`);
          else if (/^\d{1,2}:\d{2}$/.test(a) && more[i - 1] !== 'quiet') opts.push(`at:${a}`);
          else if (a.includes('/') || a === 'UTC') opts.push(`tz:${a}`);
        }
      }
      return ['/subscribe', ...opts].join(' ');
    }
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
    case 'feed': {
      const [action = 'list', target, ...tags] = args;
      if (action === 'add') return ['/feed add', target ? `url:${target}` : '', tags.length ? `tags:${tags.join(' ')}` : ''].filter(Boolean).join(' ');
      if (action === 'remove' || action === 'pause' || action === 'resume') return target ? `/feed ${action} feed:${target}` : `/feed ${action}`;
      return `/feed ${action}`;
    }
    default:
      return `/${[verb, ...args].join(' ')}`;
  }
}
