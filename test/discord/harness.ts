/**
 * The Discord ChatHarness: the fake Discord, the real discord.js client logged in to it (gateway mode) for
 * commands, and the REST adapter for posts. Commands travel as INTERACTION_CREATE and come back through the
 * interaction callback, exactly as in production.
 */
import { createHash } from 'node:crypto';
import type { APIEmbed } from 'discord.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/adapters/discord/gateway.js';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import type { ChatHarness } from '../contract/chat-adapter.contract.js';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { couldPing } from '../fakes/discord/validate.js';
import { discordOptionsFor, hasActiveMarkup, makeCommandDeps, visibleText, type TestDeps } from './support.js';

export interface DiscordHarness extends ChatHarness {
  fake: FakeDiscord;
  gateway: DiscordGateway;
  deps: TestDeps;
}

/** Discord user ids are snowflakes; other platforms' ids ("U0MEMBER1") map to a stable numeric one. */
function snowflakeFor(userId: string | undefined): string | undefined {
  if (userId === undefined || /^\d{17,20}$/.test(userId)) return userId;
  return (BigInt('0x' + createHash('sha256').update(userId).digest('hex').slice(0, 14)) + 100000000000000000n).toString();
}

export async function makeDiscordHarness(): Promise<DiscordHarness> {
  const fake = await FakeDiscord.start();
  const deps = makeCommandDeps();
  const gateway = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger });
  const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger: deps.logger, timeoutMs: 5_000 });
  const [main, spare] = fake.guild.channels;
  return {
    platform: 'discord',
    adapter,
    channel: main!.id,
    spareChannel: spare!.id,
    workspace: fake.guild.id,
    limits: { postText: 6_000 },
    fake,
    gateway,
    deps,
    async command(text, opts) {
      const { name, options } = discordOptionsFor(text);
      const cb = await fake.interact({
        name,
        options,
        channelId: opts.channel,
        userId: snowflakeFor(opts.userId),
        permissions: opts.canManage ? PERMS_MANAGER : PERMS_MEMBER,
      });
      const data = cb.body.data ?? {};
      const embeds = (data.embeds ?? []) as APIEmbed[];
      const content = typeof data.content === 'string' ? data.content : '';
      return {
        ephemeral: ((Number(data.flags ?? 0)) & 64) === 64,
        text: [content, visibleText(embeds)].filter(Boolean).join('\n'),
      };
    },
    async posted(channel) {
      return fake.channelMessages(channel).map((m) => {
        const embeds = (m.body.embeds ?? []) as APIEmbed[];
        return { text: visibleText(embeds), canPing: couldPing(m.body), activeMarkup: hasActiveMarkup(embeds), raw: m.body };
      });
    },
    refuse(channel) {
      fake.refuseChannel(channel, 'missing-access');
    },
    async close() {
      await gateway.stop();
      await fake.close();
    },
  };
}
