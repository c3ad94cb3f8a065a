/** Figure classes: CFA francs, a bare amount beside a commodity, and totals over a term of years. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const money = (summary: string) => run('Lithium royalties and prices', summary).figures.filter((f) => f.kind === 'money' || f.kind === 'price').map((f) => [f.kind, f.value, f.currency]);
const tonnes = (summary: string) => run('Lithium export quota', summary).figures.flatMap((f) => (f.kind === 'quantity' ? [[f.value, f.per]] : []));

describe('CFA francs', () => {
  it('reads West African francs as XOF and Central African ones as XAF', () => {
    expect(money('The state will collect 12 billion CFA francs in royalties from Goulamina in Mali.')).toEqual([['money', 12e9, 'XOF']]);
    expect(money('Mali expects XOF 120 billion a year from lithium.')).toEqual([['money', 120e9, 'XOF']]);
    expect(money('Gabon will receive 20 billion FCFA from the project.')).toEqual([['money', 20e9, 'XAF']]);
    expect(money('Cameroon signed for XAF 5 billion.')).toEqual([['money', 5e9, 'XAF']]);
  });
});

describe('a bare amount beside a commodity', () => {
  it('is a price', () => {
    expect(money('Brent traded at $80 while gold hit $2,400 an ounce.')).toEqual([['price', 80, 'USD'], ['price', 2400, 'USD']]);
    expect(money('Oil at $80 and gold near $2,400 weighed on miners.')).toEqual([['price', 80, 'USD'], ['price', 2400, 'USD']]);
  });
  it('but a raise, a share price or a budget is not', () => {
    expect(money('The company raised $80 million to build a gold mine.')).toEqual([['money', 80e6, 'USD']]);
    expect(money('Rio Tinto shares rose to $80 as gold climbed.')).toEqual([]);
  });
});

describe('per', () => {
  it('a quota or contract stated for a term of years is a total, not a yearly rate', () => {
    expect(tonnes('The quota for 2025 to 2027 totals 720,000 tonnes of concentrate.')).toEqual([[720000, null]]);
    expect(tonnes('The ministry granted a quota of 400,000 tonnes for the 2025-2027 period.')).toEqual([[400000, null]]);
    expect(tonnes('The supply deal, signed in 2024, covers 200,000 tonnes of concentrate over its term.')).toEqual([[200000, null]]);
    expect(tonnes('The offtake covers 120,000 tonnes of spodumene over the five-year contract.')).toEqual([[120000, null]]);
  });
  it('an annual quota, or a yearly rate within a term, is per year', () => {
    expect(tonnes('Zimbabwe set the annual quota at 200,000 tonnes of concentrate.')).toEqual([[200000, 'year']]);
    expect(tonnes('Its 2026 export quota is 250,000 tonnes, the ministry said.')).toEqual([[250000, 'year']]);
    expect(tonnes('The quota allows 50,000 tonnes of exports a year over the five-year permit.')).toEqual([[50000, 'year']]);
    expect(tonnes('The five-year plan lifts capacity to 100,000 tonnes.')).toEqual([[100000, 'year']]);
  });
  it('"el año pasado", "no ano passado": last year in Spanish and Portuguese', () => {
    const es = run('Bolivia suspende las exportaciones de carbonato de litio', 'El gobierno de Bolivia suspendió las exportaciones de carbonato de litio del salar de Uyuni. El país exportó unas 2.500 toneladas el año pasado.');
    expect(es.figures).toContainEqual(expect.objectContaining({ kind: 'quantity', value: 2500, per: 'year' }));
    expect(tonnes('A empresa produziu 30 mil toneladas de concentrado no ano passado.')).toEqual([[30000, 'year']]);
  });
});
