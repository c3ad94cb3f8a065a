/** Supply classes: supply told inside a trade or price story, and "Lithium" as the name of software or a firm. */
import { describe, expect, it } from 'vitest';
import { TopicSchema } from '../../src/core/match/topic-schema.js';
import { run, topics } from './helpers.js';

describe('supply inside a trade or price story', () => {
  it.each([
    ['China lithium imports slump as producer diverts cargoes', 'Chinese imports of spodumene fell 30% in May after an Australian producer diverted cargoes to Korea.'],
    ['Spodumene prices fall as new African supply lands', 'Spodumene prices slid 4% this week as cargoes from new mines in Mali and Zimbabwe reached Chinese ports.'],
    ['Lithium stocks rally after Zimbabwe cuts export allocations', 'Shares of lithium miners rallied after Zimbabwe reduced concentrate export allocations for producers.'],
    ['Spodumene rallies as Pilbara miners curb shipments', ''],
    ['Chinese spodumene imports slump as Australian miners hold back cargoes', ''],
    ['Lithium carbonate jumps as Yichun producers curb output', ''],
    ['Port Hedland jobs boost as Ngungaju plant fires up again', 'About 150 workers will return to the plant after Pilbara Minerals said it would restart the facility.'],
  ])('%s', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(true);
  });

  it.each([['Lithium miners urged to curb emissions at Pilbara sites'], ['Beijing moves to curb lithium speculation on futures market']])('but not a curb on something else: %s', (title) => {
    expect(run(title, '').lithiumSupply).toBe(false);
  });
});

describe('"Lithium" that is not the metal', () => {
  it.each([
    ['Lithium 2.0 released', 'The Lithium web framework team shipped version 2.0 with faster builds and a new plugin API.'],
    ['Lithium Networks raises $40 million to expand capacity', 'Lithium Networks, a San Francisco software start-up, will expand server capacity.'],
    ['Lithium Technologies expands community platform', 'Lithium Technologies said it would expand its customer-engagement software to new markets.'],
  ])('%s', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(false);
  });

  it('still reads a lithium company expanding a mine', () => {
    expect(run('Lithium Americas expands Thacker Pass plan', 'Lithium Americas will expand the Thacker Pass lithium mine in Nevada.').lithiumSupply).toBe(true);
  });
});

describe('topic rule files', () => {
  it('reject a * inside a phrase, which the phrase automaton could never match', () => {
    const rule = topics.find((t) => t.id === 'lithium-supply');
    const bad = TopicSchema.safeParse({ ...rule, actions: { ...rule?.actions, cut: ['divert* cargoes'] } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/may only end a phrase/);
  });
});
