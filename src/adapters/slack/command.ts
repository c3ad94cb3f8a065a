/**
 * The `/lithium` slash command: ack at once (Slack gives three seconds), run the text through the command core,
 * answer on the response_url with Block Kit. Exported as a plain function over Bolt's { command, ack, respond }
 * so tests can call it with recording fakes as well as through the running app.
 */
import type { AckFn, RespondArguments, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { handleCommandText } from '../../core/commands/handlers.js';
import type { CommandContext, CommandDeps, Reply } from '../../core/commands/types.js';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { ReplyImage } from '../../core/ticker-chart.js';
import { replyMessage, type SlackResponse } from './format.js';

export const DEFAULT_COMMAND = '/lithium';

export interface LithiumCommandDeps {
  commandDeps: CommandDeps;
  /** SLACK_ADMINS: user ids allowed to change settings. Empty or absent: anyone who can run the command. */
  admins?: readonly string[] | undefined;
  logger: Logger;
}

/**
 * Who may change a channel's settings. Slack tells an app nothing about channel roles in a slash command, so a
 * self-hosted install trusts everyone who can type in the channel unless SLACK_ADMINS names the managers.
 */
export function slackCanManage(userId: string, admins: readonly string[] | undefined): boolean {
  if (!admins || admins.length === 0) return true;
  return admins.includes(userId);
}

/** /help's permission sentence, saying what slackCanManage does with this SLACK_ADMINS. */
export function slackPolicy(admins: readonly string[] | undefined): string {
  if (!admins || admins.length === 0) return 'Anyone in this channel may change its settings (SLACK_ADMINS is not set); lookups are open to everyone.';
  return `Changing settings is limited to ${admins.length} admin${admins.length === 1 ? '' : 's'} (SLACK_ADMINS); watchlist list, feed list, ticker and status are open to everyone.`;
}

/** SLACK_ADMINS ("U01ABC, U02DEF" or space-separated) → user ids. */
export function parseAdmins(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[UW][A-Z0-9]{2,}$/.test(s));
}

export function commandContext(command: Pick<SlashCommand, 'channel_id' | 'team_id' | 'user_id' | 'user_name'>, admins: readonly string[] | undefined): CommandContext {
  return {
    channel: { platform: 'slack', id: command.channel_id, workspace: command.team_id || undefined },
    user: { id: command.user_id, name: command.user_name || undefined },
    canManage: slackCanManage(command.user_id, admins),
  };
}

/** Slack sends command text with `&`, `<` and `>` escaped; the core parses what the user typed. */
export function unescapeCommandText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The Reply for a command text, never throwing (the core turns refusals and faults into replies). */
export async function lithiumReply(command: SlashCommand, deps: LithiumCommandDeps): Promise<Reply> {
  return handleCommandText(unescapeCommandText(command.text ?? ''), commandContext(command, deps.admins), deps.commandDeps);
}

/** Posts a reply's image (the /ticker chart) to a channel; Bolt's WebClient.files.uploadV2 in the app. */
export type ImageUploader = (channel: string, image: ReplyImage) => Promise<void>;

export interface LithiumCommandArgs {
  command: SlashCommand;
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
  /** Absent (tests with recording fakes): images are not posted and the reply stands as text. */
  uploadImage?: ImageUploader | undefined;
}

/** files.uploadV2: getUploadURLExternal, the bytes to the upload URL, completeUploadExternal into the channel. */
export function webClientUploader(client: Pick<webApi.WebClient, 'filesUploadV2'>): ImageUploader {
  return async (channel, image) => {
    await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(image.png),
      filename: image.filename,
      title: image.filename.replace(/\.png$/, '').replace(/^ticker-/, '') + ' chart',
      alt_text: image.alt.slice(0, 1000),
    });
  };
}

/** Bolt listener body for `/lithium`. Resolves with what was sent to the response_url. */
export async function handleLithiumCommand({ command, ack, respond, uploadImage }: LithiumCommandArgs, deps: LithiumCommandDeps): Promise<SlackResponse> {
  // An empty ack shows nothing and does not echo the user's text into the channel; the reply follows.
  await ack();
  const reply = await lithiumReply(command, deps);
  const message = replyMessage(reply);
  try {
    await respond(message);
  } catch (e) {
    deps.logger.warn('slack: could not answer a command on its response_url', {
      channel: command.channel_id,
      user: command.user_id,
      error: describeError(e),
    });
  }
  // The chart follows the text reply into the channel; a refused upload (no files:write, bot not in the channel)
  // leaves the reply as it is, its text trend standing in for the image.
  if (reply.chart && uploadImage && !reply.ephemeral) {
    try {
      await uploadImage(command.channel_id, reply.chart);
    } catch (e) {
      deps.logger.warn('slack: could not upload the chart image', { channel: command.channel_id, error: describeError(e) });
    }
  }
  return message;
}
