/**
 * Slash-command interactions in the fake Discord: what a test asks for (InteractSpec), the member permissions it
 * can give, the INTERACTION_CREATE payload built from it, and the callback the bot posts back.
 */
import type { FormPart } from '../multipart.js';
import { commandInteraction, userObject, type FakeChannel, type FakeGuild, type InteractionOption } from './payloads.js';
import type { FakeThread } from './thread-routes.js';

export interface InteractionCallback {
  interactionId: string;
  token: string;
  /** { type, data } as POSTed to /interactions/{id}/{token}/callback. */
  body: { type: number; data?: Record<string, unknown> };
  /** Files sent with it (multipart), e.g. the /ticker chart. */
  files?: FormPart[] | undefined;
}

export interface InteractSpec {
  name: string;
  options?: InteractionOption[];
  channelId?: string;
  userId?: string;
  /** Member permission bitfield as a decimal string; default: none beyond View Channel / Send Messages. */
  permissions?: string;
}

/** Manage Channels | View Channel | Send Messages: a moderator in the test guild. */
export const PERMS_MANAGER = ((1n << 4n) | (1n << 10n) | (1n << 11n)).toString();
/** View Channel | Send Messages: an ordinary member. */
export const PERMS_MEMBER = ((1n << 10n) | (1n << 11n)).toString();

/** The parts of the fake an interaction is built from. */
interface InteractionSource {
  readonly applicationId: string;
  readonly guild: FakeGuild;
  readonly threads: ReadonlyMap<string, FakeThread>;
  readonly defaultChannel: FakeChannel;
}

/** The payload of `spec` in the fake's guild: in a channel of it, in a thread, or in a channel it does not know. */
export function interactionFor(fake: InteractionSource, spec: InteractSpec): ReturnType<typeof commandInteraction> {
  const thread = spec.channelId ? fake.threads.get(spec.channelId) : undefined;
  const channel =
    fake.guild.channels.find((c) => c.id === spec.channelId) ??
    (thread ? { id: thread.id, name: thread.name, type: 11, parentId: thread.parentId } : undefined) ??
    (spec.channelId ? { id: spec.channelId, name: 'unnamed' } : fake.defaultChannel);
  const userId = spec.userId ?? '710000000000000001';
  return commandInteraction({
    applicationId: fake.applicationId,
    guildId: fake.guild.id,
    channel,
    user: userObject(userId, `user${userId.slice(-4)}`),
    permissions: spec.permissions ?? PERMS_MEMBER,
    commandName: spec.name,
    options: spec.options,
  });
}
