/** `register-commands`: placeholder until the Discord adapter lands. */
import type { Config } from '../config/load.js';
import { UserError } from '../core/errors.js';

export async function registerCommandsCommand(config: Config, _opts: { guildId?: string | undefined; out: (l: string) => void }): Promise<number> {
  if (!config.env.DISCORD_TOKEN || !config.env.DISCORD_APPLICATION_ID) {
    throw new UserError('DISCORD_NOT_CONFIGURED', 'set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env first (see .env.example)');
  }
  throw new UserError('NOT_READY', 'Discord command registration is not available yet');
}
