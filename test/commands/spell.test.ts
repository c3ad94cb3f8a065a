import { describe, expect, it } from 'vitest';
import { handleCommandText } from '../../src/core/commands/handlers.js';
import { spellAsOptions, spellAsText } from '../../src/core/commands/spell.js';
import { ctxFor, makeTestDeps } from './helpers.js';

describe('spellers', () => {
  it('spell the neutral hints as Discord options', () => {
    expect(spellAsOptions('subscribe')).toBe('/subscribe');
    expect(spellAsOptions('subscribe watchlist')).toBe('/subscribe what:watchlist');
    expect(spellAsOptions('unsubscribe')).toBe('/unsubscribe');
    expect(spellAsOptions('unsubscribe drop-watchlist')).toBe('/unsubscribe drop_watchlist:True');
    expect(spellAsOptions('watchlist add')).toBe('/watchlist add');
    expect(spellAsOptions('watchlist list')).toBe('/watchlist list');
    expect(spellAsOptions('watchlist add ALB')).toBe('/watchlist add symbols:ALB');
    expect(spellAsOptions('watchlist add ALBB name:"Company Name"')).toBe('/watchlist add symbols:ALBB name:Company Name');
    expect(spellAsOptions('ticker')).toBe('/ticker');
    expect(spellAsOptions('status')).toBe('/status');
  });

  it('spell them as one Slack command with text', () => {
    expect(spellAsText('/lithium')('watchlist add ALB')).toBe('/lithium watchlist add ALB');
  });

  it('reach the replies', async () => {
    const deps = makeTestDeps({ spell: spellAsOptions });
    const r = await handleCommandText('subscribe watchlist', ctxFor(), deps);
    expect(r.lines.at(-1)).toBe('Nothing will be posted until the watchlist has tickers: /watchlist add symbols:ALB.');
  });
});

describe('digest spelling', () => {
  it('shows a digest subscription as each platform types it', () => {
    const text = 'subscribe all digest daily 08:00 Europe/London quiet 22:00-07:00';
    expect(spellAsOptions(text)).toBe('/subscribe what:all digest:daily at:08:00 tz:Europe/London quiet:22:00-07:00');
    expect(spellAsOptions('subscribe watchlist digest hourly')).toBe('/subscribe what:watchlist digest:hourly');
    expect(spellAsText('/lithium')(text)).toBe('/lithium subscribe all digest daily 08:00 Europe/London quiet 22:00-07:00');
  });
});
