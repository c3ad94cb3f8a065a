import { describe, expect, it } from 'vitest';
import { figureLabel } from '../../src/core/alert-view.js';
import type { Figure } from '../../src/core/types.js';

const cases: [Figure, string][] = [
  [{ kind: 'quantity', value: 6000, unit: 't', per: 'month', what: 'Supply may reduce' }, 'Supply −6,000 t/month'],
  [{ kind: 'quantity', value: 6000, unit: 't', per: 'month', what: 'potential supply reduction' }, 'Supply −6,000 t/month'],
  [{ kind: 'change', pct: -14, what: 'lithium mining output already' }, 'Lithium mining output −14%'],
  [{ kind: 'change', pct: 6, what: 'cathode output seen' }, 'Cathode output +6%'],
  [{ kind: 'quantity', value: 20000, unit: 't', per: 'year', what: 'a ramp-up toward', basis: 'LCE' }, 'Volume 20,000 t LCE/year'],
  [{ kind: 'quantity', value: 270000, unit: 't', per: 'year', what: 'spodumene concentrate' }, 'Spodumene concentrate 270,000 t/year'],
  [{ kind: 'quantity', value: 1_000_000, unit: 't', per: 'year', what: 'and will idle' }, 'Volume −1,000,000 t/year'],
  [{ kind: 'money', value: 469_000_000, currency: 'CNY', what: '301986.SZ) discloses' }, 'Amount CNY 469M'],
  [{ kind: 'money', value: 1.2e9, currency: 'CNY', what: 'Lake Lithium plans' }, 'Amount CNY 1.2B'],
  [{ kind: 'money', value: 909e6, currency: 'USD', what: 'third-quarter net income' }, 'Third-quarter net income USD 909M'],
  [{ kind: 'price', value: 230000, currency: 'CNY', per: 't', what: 'its first session' }, 'Price CNY 230,000/t'],
  [{ kind: 'price', value: 1350, currency: 'USD', per: 't', what: 'spodumene prices recovered' }, 'Spodumene prices USD 1,350/t'],
  [{ kind: 'change', pct: 22, what: 'global ev sales' }, 'Global EV sales +22%'],
  [{ kind: 'change', pct: -5.5, what: '200 ends 2022' }, 'Change −5.5%'],
  [{ kind: 'move', symbol: 'ALB', pct: 13.6 }, 'ALB +13.6%'],
];

describe('figure labels in alerts', () => {
  for (const [fig, label] of cases) it(`${JSON.stringify('what' in fig ? fig.what : fig.symbol)} → ${label}`, () => expect(figureLabel(fig)).toBe(label));
});
