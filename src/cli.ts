#!/usr/bin/env node
/**
 * The `lithium-wire` command: parses argv and calls one of app/. Every subcommand takes --config DIR
 * (default ./config, or CONFIG_DIR).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config/load.js';
import { describeError, UserError } from './core/errors.js';
import { createLogger } from './app/logger.js';

const USAGE = `usage: lithium-wire <command> [--config DIR]

commands:
  start [--role ROLE]      run the bot: poll feeds on their schedules, deliver alerts, answer slash commands
                           ROLE: all (default) | poller | delivery | gateway (scale-out: docs/scale-out.md)
  poll --once              poll every feed once, deliver, exit
  demo                     offline tour on the bundled sample feeds (temporary store)
  match                    JSON Lines in (news items) → JSON Lines out (matcher verdicts)
  register-commands [--guild ID]   register Discord slash commands; prints the invite URL
  outbox [list | retry|drop ID…|--channel PLATFORM:ID|--all [--state pending|dead|any]]
                           pending deliveries (and why each waits) and dead letters; --all alone = dead letters
`;

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  loadEnvFile();
  const dir = values.config ?? process.env.CONFIG_DIR ?? './config';
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
      const { runMatchCli } = await import('./app/match-cli.js');
      const r = await runMatchCli({ input: process.stdin, output: process.stdout, tickers: config.tickers, topics: config.topics });
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
    default:
      throw new UserError('BAD_ARGS', `unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError) process.stderr.write(`lithium-wire: invalid configuration\n${e.message}\n`);
    else if (e instanceof UserError) process.stderr.write(`lithium-wire: ${e.message}\n`);
    else if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) process.stderr.write(`lithium-wire: ${e.message}\n\n${USAGE}`);
    else createLogger().error('lithium-wire failed', { error: describeError(e) });
    process.exitCode = e instanceof ConfigError || e instanceof UserError ? 2 : 1;
  },
);
