/** `threads on [broadcast] | off`: parsing in both forms, the Manage rule, what is stored, kept and shown. */
import { describe, expect, it } from 'vitest';
import { handleCommandOptions } from '../../src/core/commands/handlers.js';
import { commandOptionsOf, parseCommandOptions, parseCommandText } from '../../src/core/commands/parse.js';
import { NEED_MANAGE } from '../../src/core/commands/wording.js';
import { CHANNEL, ctxFor, makeTestDeps, refused, run } from './helpers.js';

describe('threads: parsing', () => {
  it('takes on, on broadcast and off as text, and mode/broadcast as options', () => {
    expect(parseCommandText('threads on')).toEqual({ verb: 'threads', mode: 'on', broadcast: false });
    expect(parseCommandText('threads ON Broadcast')).toEqual({ verb: 'threads', mode: 'on', broadcast: true });
    expect(parseCommandText('threads off')).toEqual({ verb: 'threads', mode: 'off', broadcast: false });
    expect(parseCommandOptions('threads', { mode: 'on', broadcast: 'true' })).toEqual({ verb: 'threads', mode: 'on', broadcast: true });
    expect(parseCommandOptions('threads', { mode: 'on', broadcast: 'false' })).toEqual({ verb: 'threads', mode: 'on', broadcast: false });
    expect(parseCommandOptions('threads', { mode: 'off' })).toEqual({ verb: 'threads', mode: 'off', broadcast: false });
    for (const req of [parseCommandText('threads on broadcast'), parseCommandText('threads off')]) {
      const { verb, options } = commandOptionsOf(req);
      expect(parseCommandOptions(verb, options)).toEqual(req);
    }
  });

  it('refuses anything else with the usage', () => {
    for (const text of ['threads', 'threads maybe', 'threads on loudly', 'threads off broadcast', 'threads on broadcast twice']) {
      expect(() => parseCommandText(text), text).toThrow(/threads on \[broadcast\] or threads off/);
    }
    expect(() => parseCommandOptions('threads', { mode: 'off', broadcast: 'true' })).toThrow(/Broadcast goes with threads on only/);
    expect(() => parseCommandOptions('threads', { mode: 'on', broadcast: 'perhaps' })).toThrow(/Usage/);
  });
});

describe('threads: the setting', () => {
  it('needs Manage, even when the words are wrong, and changes nothing without it', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    const before = await deps.subscriptions.get(CHANNEL);
    expect(await run(deps, 'threads on', { canManage: false })).toEqual(refused('Not allowed', [NEED_MANAGE]));
    expect(await run(deps, 'threads sideways', { canManage: false })).toEqual(refused('Not allowed', [NEED_MANAGE]));
    expect(await handleCommandOptions('threads', { mode: 'on' }, ctxFor({ canManage: false }), deps)).toEqual(refused('Not allowed', [NEED_MANAGE]));
    expect(await deps.subscriptions.get(CHANNEL)).toEqual(before);
  });

  it('refuses a channel that gets no alerts', async () => {
    const deps = makeTestDeps();
    const r = await run(deps, 'threads on');
    expect(r.status).toBe('refused');
    expect(r.lines.join(' ')).toContain('/subscribe first');
    expect(await deps.subscriptions.get(CHANNEL)).toBeUndefined();
  });

  it('stores on/broadcast, clears it with off, keeps it across /subscribe and /watchlist, and shows it in /status', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    expect((await run(deps, 'threads on broadcast')).title).toBe('Threads on');
    expect((await deps.subscriptions.get(CHANNEL))?.threads).toEqual({ mode: 'on', broadcast: true });
    expect((await run(deps, 'threads on broadcast')).title).toBe('Threads unchanged');
    await run(deps, 'subscribe all');
    await run(deps, 'watchlist add ALB');
    expect((await deps.subscriptions.get(CHANNEL))?.threads).toEqual({ mode: 'on', broadcast: true });
    const status = await run(deps, 'status');
    expect(status.fields).toContainEqual({ label: 'Story updates', value: 'replies in a thread under the story\u2019s first alert, also shown in the channel' });

    expect((await run(deps, 'threads on')).title).toBe('Threads on');
    expect((await deps.subscriptions.get(CHANNEL))?.threads).toEqual({ mode: 'on' });
    const off = await run(deps, 'threads off');
    expect(off.title).toBe('Threads off');
    expect(off.lines[0]).toContain('edited into the story\u2019s first alert');
    const sub = await deps.subscriptions.get(CHANNEL);
    expect(sub).not.toHaveProperty('threads');
    expect(sub?.want).toBe('all');
    expect((await run(deps, 'status')).fields.map((f) => f.label)).not.toContain('Story updates');
  });
});
