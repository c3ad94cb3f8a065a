/** The alert model's `why` line: what a reader is told about why the alert reached this channel. */
import { describe, expect, it } from 'vitest';
import { alertView } from '../../src/core/alert-view.js';
import type { Delivery } from '../../src/core/types.js';
import { catlDelivery, CATL_WHY } from '../contract/fixtures.js';

const channel = { platform: 'discord', id: '1' };

function watchlistOnly(): Delivery {
  const d = catlDelivery(channel, { watched: ['QZLI'] });
  return {
    ...d,
    alert: {
      ...d.alert,
      item: { ...d.alert.item, title: 'Quartzline Lithium names new chief financial officer', summary: '' },
      match: { lithiumSupply: false, score: 0, why: ['no supply: no supply action'], tickers: ['QZLI'], figures: [], topics: [] },
    },
  };
}

describe('alertView why', () => {
  it('a supply story says what the matcher found', () => {
    expect(alertView(catlDelivery(channel)).why).toBe(CATL_WHY.join('; '));
  });

  it('a supply story that also names a watched ticker still says what the matcher found', () => {
    expect(alertView(catlDelivery(channel, { watched: ['ALB'] })).why).toBe(CATL_WHY.join('; '));
  });

  it('a watchlist alert about a story that is not a supply story names the watched tickers, not "no supply"', () => {
    expect(alertView(watchlistOnly()).why).toBe('watchlist: QZLI');
  });
});
