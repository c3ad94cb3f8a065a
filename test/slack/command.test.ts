/** handleLithiumCommand with recording ack/respond (no Bolt, no HTTP), and the admin policy. */
import type { RespondArguments, SlashCommand } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { commandContext, handleLithiumCommand, parseAdmins, slackCanManage } from '../../src/adapters/slack/command.js';
import { NEED_MANAGE, describeWant } from '../../src/core/commands/wording.js';
import { makeTestDeps } from '../contract/reference-harness.js';
import { visibleText } from '../fakes/slack/visible-text.js';

function slash(text: string, user_id = 'U0ADMIN'): SlashCommand {
  return {
    token: 'x', command: '/lithium', text, response_url: 'http://127.0.0.1:9/unused', trigger_id: 't',
    user_id, user_name: 'ada', team_id: 'T0LITHIUM', team_domain: 'lithium', channel_id: 'C0ALERTS',
    channel_name: 'alerts', api_app_id: 'A0LITHIUM',
  };
}

function recorder() {
  const events: string[] = [];
  const responses: (string | RespondArguments)[] = [];
  return {
    events,
    responses,
    ack: async (r?: string | RespondArguments) => void events.push(r === undefined ? 'ack' : 'ack+body'),
    respond: async (m: string | RespondArguments) => {
      events.push('respond');
      responses.push(m);
    },
  };
}

describe('handleLithiumCommand', () => {
  it('acks first with an empty body, then responds once with the Block Kit reply; the setting is stored', async () => {
    const deps = makeTestDeps({ spell: (t) => `/lithium ${t}` });
    const r = recorder();
    const sent = await handleLithiumCommand({ command: slash('subscribe watchlist'), ack: r.ack, respond: r.respond }, { commandDeps: deps, admins: ['U0ADMIN'], logger: deps.logger });
    expect(r.events).toEqual(['ack', 'respond']);
    expect(r.responses).toEqual([sent]);
    expect(sent.response_type).toBe('ephemeral');
    expect(visibleText(sent)).toContain(describeWant('watchlist'));
    expect((await deps.subscriptions.get({ platform: 'slack', id: 'C0ALERTS' }))?.want).toBe('watchlist');
  });

  it('reads the command text as the user typed it: Slack escapes &, < and >', async () => {
    const deps = makeTestDeps();
    const r = recorder();
    await handleLithiumCommand(
      { command: slash('watchlist add QZLI name:"Quartz &amp; Line Lithium"'), ack: r.ack, respond: r.respond },
      { commandDeps: deps, admins: [], logger: deps.logger },
    );
    const sub = await deps.subscriptions.get({ platform: 'slack', id: 'C0ALERTS' });
    expect(sub?.watchlist).toEqual([{ symbol: 'QZLI', name: 'Quartz & Line Lithium' }]);
  });

  it('refuses a non-admin ephemerally when SLACK_ADMINS is set, and lets anyone when it is not', async () => {
    const deps = makeTestDeps();
    const r = recorder();
    const refused = await handleLithiumCommand({ command: slash('subscribe', 'U0OTHER'), ack: r.ack, respond: r.respond }, { commandDeps: deps, admins: ['U0ADMIN'], logger: deps.logger });
    expect(refused.response_type).toBe('ephemeral');
    expect(visibleText(refused)).toContain(NEED_MANAGE);
    expect(await deps.subscriptions.list()).toEqual([]);

    const open = await handleLithiumCommand({ command: slash('subscribe', 'U0OTHER'), ack: r.ack, respond: r.respond }, { commandDeps: deps, admins: [], logger: deps.logger });
    expect(visibleText(open)).not.toContain(NEED_MANAGE);
    expect((await deps.subscriptions.list()).map((s) => s.want)).toEqual(['lithium-supply']);
  });

  it('a parse refusal is a reply, not a throw; a failing response_url is logged, not thrown', async () => {
    const deps = makeTestDeps();
    const r = recorder();
    const sent = await handleLithiumCommand(
      { command: slash('watchlist frobnicate'), ack: r.ack, respond: async () => { throw new Error('ECONNREFUSED'); } },
      { commandDeps: deps, logger: deps.logger },
    );
    expect(sent.response_type).toBe('ephemeral');
    expect(sent.blocks[0]).toMatchObject({ text: { text: expect.stringContaining(':no_entry:') } });
    expect(r.events).toEqual(['ack']);
    expect(deps.logged.some((l) => l.level === 'warn' && l.msg.includes('response_url') && String(l.ctx?.error).includes('ECONNREFUSED'))).toBe(true);
  });

  it('admin policy and context: channel, team, user, canManage', () => {
    expect(slackCanManage('U1', undefined)).toBe(true);
    expect(slackCanManage('U1', [])).toBe(true);
    expect(slackCanManage('U1', ['U2'])).toBe(false);
    expect(slackCanManage('U2', ['U2'])).toBe(true);
    expect(parseAdmins(' U01ABC, U02DEF  W03GHI,,bogus, u04lower ')).toEqual(['U01ABC', 'U02DEF', 'W03GHI']);
    expect(parseAdmins(undefined)).toEqual([]);
    expect(commandContext(slash('x', 'U2'), ['U2'])).toEqual({
      channel: { platform: 'slack', id: 'C0ALERTS', workspace: 'T0LITHIUM' },
      user: { id: 'U2', name: 'ada' },
      canManage: true,
    });
  });
});

describe('slack from the environment', () => {
  it('builds nothing without a bot token, only the adapter without a mode secret, and says so', async () => {
    const { describeSlack, slackAdapterFromEnv, slackAppFromEnv } = await import('../../src/adapters/slack/index.js');
    const deps = makeTestDeps();
    const env = { PORT: 3000, SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined, SLACK_API_URL: undefined, SLACK_ADMINS: undefined };
    expect(slackAdapterFromEnv(env, deps.logger)).toBeUndefined();
    expect(describeSlack(env)).toMatch(/^slack: off \(set SLACK_BOT_TOKEN/);

    const bot = { ...env, SLACK_BOT_TOKEN: 'xoxb-1-abc' };
    expect(slackAdapterFromEnv(bot, deps.logger)?.platform).toBe('slack');
    expect(slackAppFromEnv(bot, { commandDeps: deps, logger: deps.logger })).toBeUndefined();
    expect(describeSlack(bot)).toBe('slack: posting alerts only (set SLACK_APP_TOKEN or SLACK_SIGNING_SECRET for /lithium)');

    const both = { ...bot, SLACK_SIGNING_SECRET: 'sec', SLACK_APP_TOKEN: 'xapp-1-x', SLACK_ADMINS: 'U01ABC,U02DEF' };
    expect(slackAppFromEnv(both, { commandDeps: deps, logger: deps.logger })?.mode).toBe('http');
    expect(deps.logged.some((l) => l.level === 'warn' && l.msg.includes('both set'))).toBe(true);
    expect(describeSlack(both)).toBe('slack: on (HTTP mode: POST /slack/events on the HTTP server; /lithium settings changes: 2 admins (SLACK_ADMINS))');
    expect(describeSlack({ ...bot, SLACK_APP_TOKEN: 'xapp-1-x' })).toBe('slack: on (Socket Mode; /lithium settings changes: anyone in the channel)');
  });
});
