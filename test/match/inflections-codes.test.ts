/**
 * Supply verbs in their inflected forms across es/pt/fr/de/ja/ko/zh, export bans and quotas in each language,
 * substitution phrases that are not supply, market-prefixed A-share codes and tape abbreviations. Inputs are
 * written for these tests.
 */
import { describe, expect, it } from 'vitest';
import { isSpanish } from '../../src/core/match/spanish.js';
import { run } from './helpers.js';

const noWhat = (fs: ReadonlyArray<Record<string, unknown>>) => fs.map(({ what: _w, ...f }) => f);

describe('supply verbs in their inflected forms', () => {
  it.each([
    ['La planta de litio reanudó sus operaciones tras la huelga'],
    ['Mina de lítio retomou a produção em março'],
    ['La minera reinició la extracción de salmuera de litio'],
    ['La empresa recortó la producción de carbonato de litio'],
    ['A mineradora paralisou a produção de lítio'],
    ['La minera paralizó sus faenas de litio en el salar'],
    ['Los productores de litio detuvieron la planta por la sequía'],
    ['Lithiumproduzent fährt Förderung in Australien herunter'],
    ['Lithium-Mine in Australien wird stillgelegt'],
    ['Die Lithiummine wird in den Wartungsmodus versetzt'],
    ['Le producteur de lithium ferme temporairement sa mine australienne'],
    ['Le projet de lithium doublera sa capacité'],
    ['리튬 광산 감산 결정'],
    ['호주 업체가 리튬 광산의 생산을 중단했다'],
    ['칠레 리튬 공장 가동을 멈췄다'],
    ['リチウム大手が減産へ'],
    ['锂辉石矿山关闭'],
    ['碳酸锂产线达产'],
    ['某锂矿压产三成'],
    ['锂盐厂满产运行'],
  ])('%s', (title) => {
    expect(run(title).lithiumSupply).toBe(true);
  });
});

describe('export bans and quotas in each language', () => {
  it.each([
    ['Chile impone cupo a la exportación de carbonato de litio'],
    ['Simbabwe verbietet Ausfuhr von Lithiumerz'],
    ['Le Zimbabwe interdit les exportations de minerai de lithium'],
    ['ジンバブエ、リチウム鉱石の輸出を禁止'],
    ['짐바브웨, 리튬 원광 수출 금지'],
    ['津巴布韦禁止锂矿石出口'],
  ])('%s', (title) => {
    expect(run(title).lithiumSupply).toBe(true);
  });
});

describe('substitution is not supply', () => {
  it.each([
    ['El fabricante inicia la producción de baterías de iones de sodio', 'La nueva celda podría reducir la dependencia del litio.'],
    ['Hersteller startet Produktion von Natrium-Ionen-Akkus', 'Die Zellen kommen ohne Lithium aus.'],
    ['Le constructeur lance la production de batteries sodium-ion', 'Elles permettent de réduire la dépendance au lithium.'],
  ])('%s', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(false);
  });
});

describe('number formats that mark a decimal-comma story', () => {
  it('reads a thousands dot before a unit word as such, however short the story', () => {
    expect(isSpanish('Kapazität wird auf 40.000 t verdoppelt')).toBe(true);
    expect(isSpanish('cuota de 50.000 toneladas')).toBe(true);
    expect(isSpanish('Output reached 40,000 t in May')).toBe(false);
    expect(noWhat(run('Lithiumprojekt: Kapazität wird auf 40.000 t verdoppelt').figures)).toEqual([{ kind: 'quantity', value: 40000, unit: 't', per: null }]);
  });

  it('reads "en un 25,5 %" as the change of the verb before it', () => {
    expect(noWhat(run('Litio', 'La empresa redujo su producción en un 25,5 % en el trimestre.').figures)).toEqual([{ kind: 'change', pct: -25.5 }]);
  });
});

describe('codes and tape', () => {
  it('reads market-prefixed A-share codes (SH600111, sz300390)', () => {
    expect(run('锂矿公司SH600111停产').tickers).toEqual(['600111.SS']);
    expect(run('锂盐厂sz300390复产').tickers).toEqual(['300390.SZ']);
    expect(run('某公司(603799)暂停锂辉石采选').tickers).toEqual(['603799.SS']);
  });

  it.each([
    ['Lithium producer (SZ:002460) halts mine', ['002460.SZ']],
    ['Lithium producer (SHSE: 600111) halts mine', ['600111.SS']],
    ['Lithium producer (HK01772) halts mine', ['1772.HK']],
    ['Lithium miner 002460 CH halts mine', ['002460.SZ']],
    ['Lithium miner (1772 HK) halts mine', ['1772.HK']],
    ['Lithium miner PLS AU Equity halts mine', ['PLS.AX']],
    ['锂业公司(股票代码:002460)停产', ['002460.SZ']],
    ['锂业公司（证券代码：600111）停产', ['600111.SS']],
    ['In 2024 HK lithium stocks fell', []],
  ])('reads the exchange-code form in %s', (title, symbols) => {
    expect(run(title).tickers).toEqual(symbols);
  });

  it('reads tape DN / UP ... AH as moves', () => {
    expect(noWhat(run('ALB DN 4.2% AFTER CO IDLES CHILE BRINE OPS').figures)).toEqual([{ kind: 'move', symbol: 'ALB', pct: -4.2 }]);
    expect(run('SQM UP 3.1% AH ON LITHIUM OUTPUT HIKE').lithiumSupply).toBe(true);
  });
});

describe('forum slang, closures with their object, comparison bases', () => {
  it('reads forum verbs as moves ("nuked 12%")', () => {
    expect(noWhat(run('$SGML nuked 12% on the news').figures)).toEqual([{ kind: 'move', symbol: 'SGML', pct: -12 }]);
  });

  it('reads a Spanish closure with its object, not a market close', () => {
    expect(run('Productora cierra la planta de carbonato de litio en Salta').lithiumSupply).toBe(true);
    expect(run('La bolsa de Santiago cierra con alza; el litio sube 2%').lithiumSupply).toBe(false);
  });

  it('reads past a Japanese or Korean comparison base to the change', () => {
    expect(noWhat(run('リチウム生産量は前年同期比15%減少').figures)).toEqual([{ kind: 'change', pct: -15 }]);
    expect(run('リチウム生産量は前年同期比15%減少').lithiumSupply).toBe(true);
    expect(noWhat(run('탄산리튬 생산량 전년 대비 20% 감소').figures)).toEqual([{ kind: 'change', pct: -20 }]);
  });
});

describe('a trading halt in any language is the listing, not the mine', () => {
  it.each([
    ['リチウム大手の株式が取引停止'],
    ['Lithiumkonzern: Handel mit den Aktien ausgesetzt'],
    ['Producteur de lithium : suspension de cotation'],
    ['리튬 생산업체 주식 거래 정지'],
  ])('%s', (title) => {
    expect(run(title).lithiumSupply).toBe(false);
  });
});

describe('false friends in other languages', () => {
  it.each([
    ['Lithiumproduzent stoppt Dividende'],
    ['El productor de litio suspende el dividendo'],
    ['리튬 생산업체, 배당 중단'],
    ['리튬 생산업체, 배당 지급 중단'],
    ['リチウム大手、配当の支払いを停止'],
    ['Bund stoppt Fördermittel für Lithiumprojekt'],
  ])('%s is a payout or funding, not output', (title) => {
    expect(run(title).lithiumSupply).toBe(false);
  });
});
