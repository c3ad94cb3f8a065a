/** Whose move a percentage is: verbs that soften a direction, and companies named inside a description of the subject. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const moves = (title: string, summary = '') => run(title, summary).figures.filter((f) => f.kind === 'move' || f.kind === 'change');

describe('moves', () => {
  it('reads "edged up", "inched down", "ticked higher" after a listed company as its move', () => {
    expect(moves('Lithium stocks mixed', 'Albemarle edged up 1.2% while SQM inched down 0.4%.')).toEqual([
      { kind: 'move', symbol: 'ALB', pct: 1.2 },
      { kind: 'move', symbol: 'SQM', pct: -0.4 },
    ]);
    expect(moves('Pilbara Minerals ticked higher 0.8% in Sydney')).toEqual([{ kind: 'move', symbol: 'PLS.AX', pct: 0.8 }]);
  });

  it('gives the move to the subject, not to a company named in its description', () => {
    expect(moves('Spodumene sellers slide', 'Shares of Sayona Mining, which sells spodumene to Tesla, fell 4.2%.')).toEqual([{ kind: 'move', symbol: 'SYA.AX', pct: -4.2 }]);
    expect(moves('Albemarle, the largest supplier to Tesla, fell 4%')).toEqual([{ kind: 'move', symbol: 'ALB', pct: -4 }]);
    // The subject is outside the universe and has no ticker: no move can be credited.
    expect(moves('Chinese lepidolite miners fall', 'Zangge Mining, a supplier to CATL, fell 6% in Shenzhen.')).toEqual([]);
  });

  it('keeps the asides that describe the company that moved', () => {
    expect(moves('Arcadium (NYSE: ALTM), whose Fenix operation sits on the salar, fell 5.2%')).toEqual([{ kind: 'move', symbol: 'ALTM', pct: -5.2 }]);
    expect(moves('Albemarle, which fell 3% on Monday, said output would rise')).toEqual([{ kind: 'move', symbol: 'ALB', pct: -3 }]);
  });
});
