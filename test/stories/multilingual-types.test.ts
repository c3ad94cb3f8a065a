/** Event types and commodities in Spanish, Portuguese and Chinese: one event reported in two languages is one story. */
import { describe, expect, it } from 'vitest';
import { createStoryGrouper } from '../../src/core/stories.js';
import { eventTypes } from '../../src/core/stories/event-type.js';
import { matcher, tickers } from '../match/helpers.js';

describe('event types in other languages', () => {
  it.each([
    ['Bolivia suspende las exportaciones de carbonato de litio', ['halt', 'policy']],
    ['Sigma Lithium paralisa a mineração em Itinga', ['halt']],
    ['Ganfeng ampliará Mariana en Salta', ['expansion']],
    ['宁德时代枧下窝矿停产', ['halt']],
    ['寧德時代枧下窩礦復產', ['restart']],
    ['津巴布韦禁止出口锂精矿', ['policy']],
  ])('%s', (title, types) => {
    expect(eventTypes(title, '').primary).toEqual(expect.arrayContaining(types));
  });

  it('leaves English headlines to the English words', () => {
    expect(eventTypes('Albemarle halts Kemerton train', '').primary).toEqual(['halt']);
  });
});

describe('one event in two languages', () => {
  it('joins a Spanish and an English report of one company-less ban, and keeps a copper ban apart', () => {
    let now = new Date('2026-03-05T09:00:00Z');
    const g = createStoryGrouper({ tickers, clock: { now: () => now } });
    const place = (id: string, at: string, title: string, summary: string) => {
      now = new Date(at);
      return g.assign({ id, feedId: id, title, summary, published: at }, matcher.match({ title, summary })).storyId;
    };
    const en = place('en', '2026-03-05T09:00:00Z', 'Bolivia suspends lithium carbonate exports pending new law',
      "Bolivia's government suspended exports of lithium carbonate from the Uyuni salt flat until Congress passes a new lithium law. Bolivia exported about 2,500 tonnes last year.");
    const es = place('es', '2026-03-05T14:00:00Z', 'Bolivia suspende las exportaciones de carbonato de litio hasta aprobar nueva ley',
      'El gobierno de Bolivia suspendió las exportaciones de carbonato de litio del salar de Uyuni hasta que el Congreso apruebe una nueva ley del litio. El país exportó unas 2.500 toneladas el año pasado.');
    const cu = place('cu', '2026-03-05T16:00:00Z', 'Bolivia suspende las exportaciones de cobre', 'El gobierno de Bolivia suspendió las exportaciones de concentrado de cobre por un mes.');
    expect(es).toBe(en);
    expect(cu).not.toBe(en);
  });
});
