/** Chinese (simplified and traditional), Spanish and Portuguese stories: names, numbers and the labelled fixture. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseNumbers } from '../../src/core/match/numbers-i18n.js';
import { scoreAll, type Labelled } from '../../src/core/match/score.js';
import { run, matcher } from './helpers.js';

const noWhat = (fs: ReadonlyArray<Record<string, unknown>>) => fs.map(({ what: _w, ...f }) => f);

describe('numbers written the Chinese way', () => {
  it.each([
    ['年产能2.5万吨碳酸锂', [{ kind: 'quantity', value: 25000, unit: 't', per: 'year' }]],
    ['项目总投资12亿元', [{ kind: 'money', value: 1.2e9, currency: 'CNY' }]],
    ['碳酸锂价格升至7.6万元/吨', [{ kind: 'price', value: 76000, currency: 'CNY', per: 't' }]],
    ['每月减少供应约3000噸', [{ kind: 'quantity', value: 3000, unit: 't', per: 'month' }]],
    ['投資3億美元', [{ kind: 'money', value: 3e8, currency: 'USD' }]],
  ])('%s', (summary, figures) => {
    expect(noWhat(run('锂矿', summary).figures)).toEqual(figures);
  });

  it('reads a direction word before a percentage as a move of the company named', () => {
    expect(noWhat(run('赣锋锂业股价下跌3%').figures)).toEqual([{ kind: 'move', symbol: '002460.SZ', pct: -3 }]);
    expect(noWhat(run('营收下降10%，净利润增长7%').figures)).toEqual([{ kind: 'change', pct: -10 }, { kind: 'change', pct: 7 }]);
  });
});

describe('numbers written the Spanish, Portuguese and French way', () => {
  it.each([
    ['La planta produce 45 mil toneladas al año de carbonato de litio.', [{ kind: 'quantity', value: 45000, unit: 't', per: 'year' }]],
    ['La empresa invertirá US$ 1,2 mil millones en la planta.', [{ kind: 'money', value: 1.2e9, currency: 'USD' }]],
    ['The refinery will process 600 000 tonnes of ore a year.', [{ kind: 'quantity', value: 600000, unit: 't', per: 'year' }]],
    ['A Atlas Lithium viu as ações subiram 9% na bolsa.', [{ kind: 'move', symbol: 'ATLX', pct: 9 }]],
  ])('%s', (summary, figures) => {
    expect(noWhat(run('Probe', summary).figures)).toEqual(figures);
  });

  it('leaves English numbers alone', () => {
    for (const s of ['In 2024 600 tonnes were shipped.', 'It sold 1,200 million shares.', 'Output rose to 30 million tonnes.']) {
      expect(normaliseNumbers(s)).toBe(s);
    }
  });
});

describe('Chinese company names, simplified or traditional', () => {
  it.each([
    ['宁德时代宜春锂矿停产', '300750.SZ'],
    ['寧德時代宜春鋰礦停產', '300750.SZ'],
    ['赣锋锂业签订锂辉石合同', '002460.SZ'],
    ['天齊鋰業復產', '002466.SZ'],
    ['雅宝暂停锂矿生产', 'ALB'],
    ['智利化工矿业扩产', 'SQM'],
    ['紫金矿业锂项目投产', '601899.SS'],
    ['比亚迪发布新车', '1211.HK'],
    ['盐湖股份碳酸锂减产', '000792.SZ'],
  ])('%s → %s', (title, symbol) => {
    expect(run(title).tickers).toEqual([symbol]);
  });

  it('flags a Chinese halt as supply, traditional characters too', () => {
    expect(run('宁德时代宜春锂矿停产').lithiumSupply).toBe(true);
    expect(run('寧德時代宜春鋰礦停產').lithiumSupply).toBe(true);
    expect(run('宁德时代一季度净利润增长7%').lithiumSupply).toBe(false);
  });
});

describe('the zh/es/pt dev fixture (30 items, written for this)', () => {
  it('scores supply, tickers and figures', () => {
    const items = readFileSync('test/fixtures/match/zh-es-dev.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Labelled & { title: string; summary: string });
    expect(items).toHaveLength(30);
    const s = scoreAll(items.map((gold) => ({ gold, pred: matcher.match({ title: gold.title, summary: gold.summary }) })));
    expect(s.tickers.f1).toBe(1);
    expect(s.figures.f1).toBeGreaterThanOrEqual(0.95);
    expect(s.supply.f1).toBeGreaterThanOrEqual(0.95);
  });
});
