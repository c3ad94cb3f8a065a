#!/usr/bin/env node
/**
 * The `lithium-wire` command: parses argv and calls one of app/. Every subcommand takes --config DIR
 * (default ./config, or CONFIG_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config/load.js';
import { describeError, UserError } from './core/errors.js';
import { createLogger } from './app/logger.js';
import { EnvError } from './config/env.js';

const USAGE = `usage: lithium-wire <command> [--config DIR] | lithium-wire <command> --help | lithium-wire --version

commands:
  start [--role ROLE]      run the bot: poll feeds on their schedules, deliver alerts, answer slash commands
                           ROLE: all (default) | poller | delivery | gateway (scale-out: docs/scale-out.md)
  poll --once              poll every feed once, deliver, exit
  demo                     offline tour on the bundled sample feeds (temporary store)
  match [--stories] [--max-line-bytes N]   JSON Lines in (news items) → JSON Lines out (matcher verdicts);
                           --stories adds "story" and "relatedTo" (story grouping); lines over N bytes (1 MiB) are errors
  register-commands [--guild ID]   register Discord slash commands; prints the invite URL
  outbox [list | retry|drop ID…|--channel PLATFORM:ID|--all [--state pending|dead|any]]
                           pending deliveries (and why each waits) and dead letters; --all alone = dead letters
  feeds [list | import FILE.opml | export [FILE] | remove ID | pause ID | resume ID]
                           every feed with its health; OPML import/export; stored (chat-added) feeds; pauses
`;

/** The options every command takes, aligned with the command's own (`width`: where their descriptions start). */
const common = (width = 17): string =>
  `${'  --config DIR'.padEnd(width)}the config directory (default ./config, or CONFIG_DIR)\n${'  --help, -h'.padEnd(width)}this help\n`;
const COMMON = common();
/** `lithium-wire <command> --help`: what that command does and the options it takes. */
const HELP: Record<string, string> = {
  start: `usage: lithium-wire start [--role ROLE] [--config DIR]

Runs the bot: polls feeds on their schedules, delivers alerts, answers slash commands, serves /healthz and
/metrics on HOST:PORT. Stops cleanly on SIGTERM/SIGINT.

  --role ROLE    all (default): everything in one process
                 poller: poll feeds and queue deliveries only
                 delivery: drain the outbox, answer Slack and Discord HTTP commands
                 gateway: hold the Discord gateway while elected leader
                 (several processes share one store: docs/scale-out.md, docs/store.md)
${COMMON}`,
  poll: `usage: lithium-wire poll --once [--config DIR]

Polls every enabled feed once (the bundled samples when offline), delivers what matched, prints a summary
(delivered / pending / dead), exits 0; non-zero only when the run could not happen.

  --once         required: one pass, then exit
${COMMON}`,
  demo: `usage: lithium-wire demo [--config DIR]

Offline tour: serves config/samples/ on a loopback server, polls it once into a temporary store, prints the alerts.
${COMMON}`,
  match: `usage: lithium-wire match [--stories] [--max-line-bytes N] [--config DIR] < items.jsonl > verdicts.jsonl

Reads news items as JSON Lines (id, title, summary, source, published, link) and writes one verdict a line, in
input order: id, lithiumSupply, score, why, tickers, figures; a bad line gets {"id", "error"}.

  --stories           also place every item through the story grouping: adds "story" and "relatedTo"
  --max-line-bytes N  lines longer than N bytes (default 1048576) are answered with an error, never read whole
${common(22)}`,
  'register-commands': `usage: lithium-wire register-commands [--guild ID] [--config DIR]

Registers the Discord slash commands (/subscribe /unsubscribe /watchlist /ticker /filter /mention /status /feed
/help /threads) for DISCORD_APPLICATION_ID with DISCORD_TOKEN, and prints the invite URL.

  --guild ID     register in one server only (shows at once; global commands can take an hour)
${COMMON}`,
  outbox: `usage: lithium-wire outbox [list | retry|drop ID…|--channel PLATFORM:ID|--all [--state pending|dead|any]] [--config DIR]

Shows and manages the delivery queue in the store (safe while \`start\` runs on the same store).

  list                  pending entries (and why each waits) and dead letters
  retry ID…             send these entries again now (an id is alertId|platform:channel: quote it in the shell)
  drop ID…              remove these entries
  --channel PLATFORM:ID instead of ids: that channel's entries, pending and dead (e.g. --channel discord:123)
  --all                 instead of ids: every dead letter
  --state STATE         pending, dead or any: narrows the selection (--all --state any: pending entries too)
${common(24)}`,
};

HELP.feeds = `usage: lithium-wire feeds [list | import FILE.opml | export [FILE] | remove ID | pause ID | resume ID] [--config DIR]

The feeds polled: config/feeds.yaml's (read-only here: edit the file) and the stored ones, added from chat
(/feed add) or imported. Safe while \`start\` runs on the same store: it reads the stored feeds at every tick.

  list             every feed: id, URL, tags, where it comes from, and its health (last poll, items, last error)
  import FILE      adds the feeds of an OPML file (folders and category become tags); feeds already in
                   config/feeds.yaml or stored are skipped; a malformed file is refused and nothing is saved
  export [FILE]    writes config/feeds.yaml's and the stored feeds as OPML 2.0 (to stdout without FILE)
  remove ID        stops polling a stored feed (by id or URL)
  pause ID         stops polling any feed (by id or URL), config/feeds.yaml ones too: the pause is stored, the
                   file left as it is; it stays listed as paused
  resume ID        polls a paused feed again
${common(19)}`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function loadEnvFile(): void {
  // Node 20.12+ reads .env itself; the process environment wins over the file.
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      once: { type: 'boolean' },
      guild: { type: 'string' },
      all: { type: 'boolean' },
      channel: { type: 'string' },
      state: { type: 'string' },
      role: { type: 'string' },
      stories: { type: 'boolean' },
      'max-line-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`lithium-wire ${version()}\n`);
    return 0;
  }
  if (!command || values.help) {
    const help = command ? HELP[command] : undefined;
    if (command && !help) throw new UserError('BAD_ARGS', `unknown command "${command}"\n\n${USAGE}`);
    process.stdout.write(help ?? USAGE);
    return values.help ? 0 : 2;
  }
  loadEnvFile();
  // An empty CONFIG_DIR= (as in .env.example) means the default.
  const dir = values.config ?? (process.env.CONFIG_DIR?.trim() || './config');
  const config: Config = loadConfig({ dir, env: process.env });
  const out = (l: string) => process.stdout.write(l + '\n');

  switch (command) {
    case 'start': {
      const { startCommand } = await import('./app/start.js');
      const { parseRole } = await import('./app/roles.js');
      await startCommand(config, { role: parseRole(values.role) });
      return 0;
    }
    case 'poll': {
      if (!values.once) throw new UserError('BAD_ARGS', '`poll` needs --once (use `start` to poll on a schedule)');
      const { pollOnceCommand } = await import('./app/poll-once.js');
      return pollOnceCommand(config, out);
    }
    case 'demo': {
      const { demoCommand } = await import('./app/demo.js');
      await demoCommand(config, { out });
      return 0;
    }
    case 'match': {
      const { runMatchCli, parseMaxLineBytes } = await import('./app/match-cli.js');
      const r = await runMatchCli({ input: process.stdin, output: process.stdout, tickers: config.tickers, topics: config.topics,
        stories: values.stories === true, maxLineBytes: parseMaxLineBytes(values['max-line-bytes']) });
      process.stderr.write(`matched ${r.items} items, ${r.errors} bad lines\n`);
      return 0;
    }
    case 'register-commands': {
      const { registerCommandsCommand } = await import('./app/register.js');
      return registerCommandsCommand(config, { guildId: values.guild, out });
    }
    case 'outbox': {
      const { openStores } = await import('./store/open.js');
      const { outboxCommand } = await import('./app/outbox-cli.js');
      const stores = await openStores(config.env.STORE_URL, { redisPrefix: config.env.REDIS_PREFIX });
      try {
        const flags = [
          ...(values.all ? ['--all'] : []),
          ...(values.channel ? ['--channel', values.channel] : []),
          ...(values.state ? ['--state', values.state] : []),
        ];
        return await outboxCommand(stores, [...rest, ...flags], out, new Date());
      } finally {
        await stores.close();
      }
    }
    case 'feeds': {
      const { openStores } = await import('./store/open.js');
      const { feedsCommand } = await import('./app/feeds-cli.js');
      const stores = await openStores(config.env.STORE_URL, { redisPrefix: config.env.REDIS_PREFIX });
      try {
        return await feedsCommand(config, stores, rest, out);
      } finally {
        await stores.close();
      }
    }
    default:
      throw new UserError('BAD_ARGS', `unknown command "${command}"\n\n${USAGE}`);
  }
}

// `lithium-wire match < in | head`: a reader that stops reading ends the command, quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS');
    if (e instanceof ConfigError) process.stderr.write(`lithium-wire: invalid configuration\n${e.message}\n`);
    else if (e instanceof EnvError) process.stderr.write(`lithium-wire: invalid environment\n${e.message}\n`);
    else if (e instanceof UserError) process.stderr.write(`lithium-wire: ${e.message}\n`);
    else if (usage) process.stderr.write(`lithium-wire: ${e.message}\n\n${USAGE}`);
    else createLogger().error('lithium-wire failed', { error: describeError(e) });
    // 2: the command line, the config or the environment is wrong (fix and rerun); 1: the run itself failed.
    process.exitCode = e instanceof ConfigError || e instanceof EnvError || e instanceof UserError || usage ? 2 : 1;
  },
);
