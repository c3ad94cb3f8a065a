/** `register-commands`: registers the Discord slash commands (guild for development, global otherwise). */
import type { Config } from '../config/load.js';
import { UserError } from '../core/errors.js';
import { inviteUrl, registerCommands } from '../adapters/discord/index.js';

export async function registerCommandsCommand(config: Config, opts: { guildId?: string | undefined; out: (l: string) => void }): Promise<number> {
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: apiUrl } = config.env;
  if (!token || !applicationId) {
    throw new UserError('DISCORD_NOT_CONFIGURED', 'set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env first (see .env.example)');
  }
  const r = await registerCommands({ token, applicationId, apiUrl, guildId: opts.guildId });
  opts.out(
    r.scope === 'guild'
      ? `registered ${r.count} commands in guild ${opts.guildId ?? ''} (available at once)`
      : `registered ${r.count} global commands (Discord may take up to an hour to show them everywhere)`,
  );
  opts.out(`invite the bot with: ${inviteUrl(applicationId)}`);
  return 0;
}
