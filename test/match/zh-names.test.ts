/** Chinese names of universe companies and lithium assets, and Chinese permit, inventory and balance wording. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

describe('Chinese company and asset names', () => {
  it.each([
    ['宁德时代枧下窝矿停产', ['300750.SZ'], true],
    ['宁德时代枧下窝矿采矿证到期，暂停开采', ['300750.SZ'], true],
    ['天齐锂业格林布什矿扩产', ['002466.SZ'], true],
    ['皮尔巴拉矿业暂停Ngungaju工厂运营，股价下跌5%', ['PLS.AX'], true],
    ['力拓集团旗下Jadar锂矿项目获批', ['RIO'], true],
    ['特斯拉与西格玛锂业签署锂精矿供应协议', ['TSLA', 'SGML'], false],
  ] as const)('%s', (title, tickers, supply) => {
    const r = run(title, '');
    expect(r.tickers).toEqual(tickers);
    expect(r.lithiumSupply).toBe(supply);
  });
});

describe('Chinese supply wording', () => {
  it.each([['碳酸锂库存连续三周下降'], ['机构预计2026年锂市场供应过剩10万吨']])('%s is a supply story', (title) => {
    expect(run(title, '').lithiumSupply).toBe(true);
  });
  it.each([['锂电池需求增长'], ['察尔汗盐湖钾肥产量增长']])('%s is not', (title) => {
    expect(run(title, '').lithiumSupply).toBe(false);
  });
});
