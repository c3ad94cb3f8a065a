/**
 * Digest settings through the commands: Slack text `/lithium subscribe … digest daily 08:00 Europe/London`,
 * Discord options {digest, at, tz, quiet}, clear refusals (unknown zone, bad time, a time without daily), the
 * setting kept by a plain re-subscribe, cleared by `digest realtime`, and shown by /status.
 */
import { describe, expect, it } from 'vitest';
import { handleCommandOptions } from '../../src/core/commands/handlers.js';
import { commandOptionsOf, parseCommandOptions, parseCommandText } from '../../src/core/commands/parse.js';
import { UserError } from '../../src/core/errors.js';
import { CHANNEL, ctxFor, makeTestDeps, run } from '../commands/helpers.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('digest settings in commands', () => {
  it('Slack text: want, mode, time and zone in either spelling', () => {
    expect(parseCommandText('subscribe all digest daily 08:00 Europe/London')).toEqual({
      verb: 'subscribe', want: 'all', digest: { mode: 'daily', at: '08:00', tz: 'Europe/London' },
    });
    expect(parseCommandText('subscribe digest:daily at:7:05 tz:america/new_york quiet 22:00-06:30')).toEqual({
      verb: 'subscribe', want: 'lithium-supply', digest: { mode: 'daily', at: '07:05', tz: 'America/New_York', quiet: { from: '22:00', to: '06:30' } },
    });
    expect(parseCommandText('subscribe watchlist digest hourly')).toEqual({ verb: 'subscribe', want: 'watchlist', digest: { mode: 'hourly' } });
    expect(parseCommandText('subscribe digest daily')).toEqual({ verb: 'subscribe', want: 'lithium-supply', digest: { mode: 'daily', at: '08:00' } });
    expect(parseCommandText('subscribe all')).toEqual({ verb: 'subscribe', want: 'all' });
  });

  it('Discord options, and back', () => {
    const req = parseCommandOptions('subscribe', { what: 'all', digest: 'daily', at: '18:30', tz: 'Asia/Shanghai' });
    expect(req).toEqual({ verb: 'subscribe', want: 'all', digest: { mode: 'daily', at: '18:30', tz: 'Asia/Shanghai' } });
    expect(commandOptionsOf(req)).toEqual({ verb: 'subscribe', options: { what: 'all', digest: 'daily', at: '18:30', tz: 'Asia/Shanghai' } });
    expect(parseCommandOptions('subscribe', { quiet: '23:00-07:00', tz: 'Europe/Paris' })).toEqual({
      verb: 'subscribe', want: 'lithium-supply', digest: { mode: 'realtime', tz: 'Europe/Paris', quiet: { from: '23:00', to: '07:00' } },
    });
  });

  it('refuses with words the user can act on', () => {
    expect(refusal(() => parseCommandText('subscribe all digest daily 08:00 Europe/Lndon'))).toBe(
      'BAD_TIME_ZONE: Unknown time zone. Use an IANA name such as Europe/London, America/New_York or Asia/Shanghai (or UTC).',
    );
    expect(refusal(() => parseCommandOptions('subscribe', { digest: 'daily', at: '25:00' }))).toBe('BAD_TIME: The digest time must be a 24-hour time HH:MM, e.g. 08:00 or 17:30.');
    expect(refusal(() => parseCommandOptions('subscribe', { digest: 'hourly', at: '08:00' }))).toBe(
      'BAD_DIGEST: A time goes with a daily digest only, e.g. digest daily 08:00 Europe/London.',
    );
    expect(refusal(() => parseCommandText('subscribe digest weekly'))).toMatch(/^BAD_DIGEST: A digest is one of: realtime \(each alert as it comes, the default\), hourly, daily\./);
    expect(refusal(() => parseCommandText('subscribe quiet 22:00'))).toBe('BAD_QUIET: Quiet hours are written HH:MM-HH:MM, e.g. quiet 22:00-07:00.');
    expect(refusal(() => parseCommandText('subscribe all digest daily 08:00 Europe/London extra'))).toMatch(/^BAD_WANT: Usage: subscribe /);
  });

  it('subscribe stores it, a plain re-subscribe keeps it, /status shows it, digest realtime clears it', async () => {
    const deps = makeTestDeps();
    const r1 = await run(deps, 'subscribe all digest daily 08:00 Europe/London');
    expect(r1.title).toBe('Subscribed');
    expect(r1.lines).toContain('Delivery: a daily digest at 08:00 (Europe/London)');
    expect((await deps.subscriptions.get(CHANNEL))?.digest).toEqual({ mode: 'daily', at: '08:00', tz: 'Europe/London' });

    const r2 = await run(deps, 'subscribe all');
    expect(r2.title).toBe('Already subscribed');
    expect((await deps.subscriptions.get(CHANNEL))?.digest).toEqual({ mode: 'daily', at: '08:00', tz: 'Europe/London' });

    const status = await run(deps, 'status');
    expect(status.fields.find((f) => f.label === 'Delivery')?.value).toBe('a daily digest at 08:00 (Europe/London)');

    const r3 = await handleCommandOptions('subscribe', { what: 'all', quiet: '22:00-07:00', tz: 'Europe/London' }, ctxFor(), deps);
    expect(r3.title).toBe('Subscription changed');
    expect(r3.lines).toContain('Delivery: each alert as it comes (realtime); quiet 22:00-07:00 (Europe/London): alerts wait until it ends');

    await run(deps, 'subscribe all digest realtime');
    expect((await deps.subscriptions.get(CHANNEL))?.digest).toBeUndefined();
    expect((await run(deps, 'status')).fields.find((f) => f.label === 'Delivery')).toBeUndefined();
  });

  it('members without manage rights cannot change it', async () => {
    const deps = makeTestDeps();
    const r = await run(deps, 'subscribe digest daily', { canManage: false });
    expect(r.status).toBe('refused');
    expect(await deps.subscriptions.get(CHANNEL)).toBeUndefined();
  });
});
