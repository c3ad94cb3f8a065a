/**
 * Japanese, Korean, German and French stories: supply vocabulary in each language's common verb forms, their
 * number formats (stacked multipliers, decimal commas, Mrd./Mio., "par an"), moves written their way, and the
 * universe's names in katakana and Hangul. Every input is written here, not taken from a labelled set.
 */
import { describe, expect, it } from 'vitest';
import { cjkValue } from '../../src/core/match/numbers-cjk.js';
import { normaliseNumbers } from '../../src/core/match/numbers-i18n.js';
import { isSpanish } from '../../src/core/match/spanish.js';
import { buildDoc } from '../../src/core/match/text.js';
import { run } from './helpers.js';

const noWhat = (fs: ReadonlyArray<Record<string, unknown>>) => fs.map(({ what: _w, ...f }) => f);

describe('kana and Hangul are read a character at a time, like Han', () => {
  it('splits Japanese and Korean into one token a character, Hangul kept whole', () => {
    expect(buildDoc('リチウムの生産', '').tokens.map((t) => t.norm)).toEqual(['リ', 'チ', 'ウ', 'ム', 'の', '生', '产']);
    expect(buildDoc('리튬을 생산', '').tokens.map((t) => t.norm)).toEqual(['리', '튬', '을', '생', '산']);
  });

  it('folds Japanese shinjitai to the simplified lexicon (減産 reads as 减产)', () => {
    expect(buildDoc('減産', '').tokens.map((t) => t.norm)).toEqual(['减', '产']);
  });
});

describe('Japanese and Korean numbers', () => {
  it.each([
    ['1万7500', 17500],
    ['2만5천', 25000],
    ['8천억', 8e11],
    ['5조6천억', 5.6e12],
    ['500億', 5e10],
    ['2.5万', 25000],
  ])('%s is %d', (raw, value) => {
    expect(cjkValue(raw)).toBe(value);
  });

  it.each([
    ['年産能力は約3万トンに拡大する。', [{ kind: 'quantity', value: 30000, unit: 't', per: 'year' }]],
    ['月産1200トンの生産を再開した。', [{ kind: 'quantity', value: 1200, unit: 't', per: 'month' }]],
    ['新工場の総事業費は約1200億円。', [{ kind: 'money', value: 1.2e11, currency: 'JPY' }]],
    ['연간 생산능력은 4만t 규모다.', [{ kind: 'quantity', value: 40000, unit: 't', per: 'year' }]],
    ['총 투자비는 1조2천억원이다.', [{ kind: 'money', value: 1.2e12, currency: 'KRW' }]],
  ])('%s', (summary, figures) => {
    expect(noWhat(run('リチウム', summary).figures)).toEqual(figures);
  });

  it('leaves a Latin-script "t" alone', () => {
    expect(normaliseNumbers('Output 4,000t a year')).toBe('Output 4,000t a year');
  });
});

describe('supply stories in Japanese and Korean', () => {
  it.each([
    ['豪州のリチウム鉱山、価格低迷で操業を停止', ''],
    ['チリの塩湖で炭酸リチウムの生産を再開', ''],
    ['南米の水酸化リチウム工場が完工、商業生産へ', ''],
    ['호주 리튬 광산 가동 중단', '가격 하락으로 생산을 중단했다.'],
    ['칠레 탄산리튬 공장 증설 완료', ''],
    ['수산화리튬 공장 준공…상업 생산 돌입', ''],
  ])('%s fires', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(true);
  });

  it.each([
    ['リチウムイオン電池の新工場が稼働', ''],
    ['ニッケル鉱山が操業停止', 'インドネシアのニッケル鉱山で生産を停止した。'],
    ['리튬이온 배터리 화재로 공장 가동 중단', ''],
    ['배터리 공장 가동 중단', '리튬이온 배터리 셀 공장이 화재로 가동을 중단했다.'],
  ])('%s does not (a battery product, another metal)', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(false);
  });

  it('knows the watch companies by their katakana and Hangul names', () => {
    expect(run('アルバマール、豪工場を休止').tickers).toEqual(['ALB']);
    expect(run('테슬라, 신공장 가동').tickers).toEqual(['TSLA']);
    expect(run('リオ・ティント、リチウム事業を拡大').tickers).toEqual(['RIO']);
  });

  it('reads a direction written after the percentage as the move', () => {
    expect(noWhat(run('アルバマール株が5.1%高').figures)).toEqual([{ kind: 'move', symbol: 'ALB', pct: 5.1 }]);
    expect(noWhat(run('테슬라 주가 3.2% 하락').figures)).toEqual([{ kind: 'move', symbol: 'TSLA', pct: -3.2 }]);
    expect(noWhat(run('코스피 2.1% 하락').figures)).toEqual([{ kind: 'change', pct: -2.1 }]);
  });
});

describe('Chinese closes, limit moves and output changes', () => {
  it('reads 收跌 / 涨停，涨幅 / 减产 forms', () => {
    expect(noWhat(run('天齐锂业(002466.SZ)收跌2.5%').figures)).toEqual([{ kind: 'move', symbol: '002466.SZ', pct: -2.5 }]);
    expect(noWhat(run('赣锋锂业(002460)涨停，涨幅10%').figures)).toEqual([{ kind: 'move', symbol: '002460.SZ', pct: 10 }]);
    expect(noWhat(run('某锂矿减产30%').figures)).toEqual([{ kind: 'change', pct: -30 }]);
  });
});

describe('supply stories in German and French', () => {
  it.each([
    ['Minenbetreiber drosselt Spodumen-Förderung um 20 %', ''],
    ['Lithiumraffinerie in Sachsen nimmt Produktion wieder auf', ''],
    ['Raffinerie für Lithiumhydroxid in Betrieb genommen', ''],
    ['Lithium-Förderung in Chile: Regierung verhängt Exportquote', ''],
    ['Bergamt erteilt Genehmigung für Lithiumabbau im Erzgebirge', ''],
    ["Le Chili suspend l'exploitation d'un salar de lithium", ''],
    ['La mine de lithium redémarre après deux ans de mise en sommeil', ''],
    ["Le producteur va réduire la production de concentré de spodumène", ''],
    ["L'usine d'hydroxyde de lithium est mise en service", ''],
  ])('%s fires', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(true);
  });

  it.each([
    ['Kupfermine in Chile stellt den Betrieb ein', 'Die Förderung von Kupfer wird nach einem Streik eingestellt.'],
    ['Autobauer stoppt Produktion von Elektroautos', 'Wegen fehlender Lithium-Ionen-Zellen ruht die Produktion im Werk.'],
    ['Lithium-Ionen-Akkus: Rückruf von 200.000 E-Bikes', 'Die Produktion ist eingestellt.'],
    ['Usine de batteries au lithium : la production démarre', 'La gigafactory produira des batteries lithium-ion.'],
    ['Batteries au lithium : un rappel de 50 000 trottinettes', 'Le fabricant suspend la production de ses trottinettes.'],
  ])('%s does not (another metal, a battery product)', (title, summary) => {
    expect(run(title, summary).lithiumSupply).toBe(false);
  });

  it('reads German and French text with decimal commas', () => {
    expect(isSpanish('Die Aktie stieg um 8,7 % in Frankfurt.')).toBe(true);
    expect(isSpanish('Le titre a perdu 4,2 % dans la matinée et les volumes sont faibles.')).toBe(true);
    expect(isSpanish('The stock rose 8.7% in Frankfurt as traders bought.')).toBe(false);
  });

  it.each([
    ['Die Anlage ist auf 12.000 t pro Jahr ausgelegt und wird von der Tochter betrieben.', [{ kind: 'quantity', value: 12000, unit: 't', per: 'year' }]],
    ['Der Betreiber will die Förderung auf 35.000 Tonnen im Jahr steigern.', [{ kind: 'quantity', value: 35000, unit: 't', per: 'year' }]],
    ['Die Investitionen werden auf rund 2,3 Mrd. € geschätzt.', [{ kind: 'money', value: 2.3e9, currency: 'EUR' }]],
    ['Der Konzern investiert 250 Mio. Euro in die Anlage.', [{ kind: 'money', value: 2.5e8, currency: 'EUR' }]],
    ["Un investissement de 1,8 milliard d’euros est prévu.", [{ kind: 'money', value: 1.8e9, currency: 'EUR' }]],
    ['La production annuelle de 20 000 tonnes est à l\'arrêt.', [{ kind: 'quantity', value: 20000, unit: 't', per: 'year' }]],
    ['Le site produira 15 000 tonnes par an dès 2028.', [{ kind: 'quantity', value: 15000, unit: 't', per: 'year' }]],
    ['A usina vai passar de 100 mil para 180 mil toneladas anuais.', [{ kind: 'quantity', value: 100000, unit: 't', per: 'year' }, { kind: 'quantity', value: 180000, unit: 't', per: 'year' }]],
  ])('%s', (summary, figures) => {
    expect(noWhat(run('Lithium', summary).figures)).toEqual(figures);
  });

  it('reads German and French moves and changes', () => {
    expect(noWhat(run('Albemarle-Aktie fällt um 3,4 %').figures)).toEqual([{ kind: 'move', symbol: 'ALB', pct: -3.4 }]);
    expect(noWhat(run('Tesla-Aktie springt um 7 % nach Quartalszahlen').figures)).toEqual([{ kind: 'move', symbol: 'TSLA', pct: 7 }]);
    expect(noWhat(run('Albemarle', 'Die Aktie stieg in New York um 5,5 %.').figures)).toEqual([{ kind: 'move', symbol: 'ALB', pct: 5.5 }]);
    expect(noWhat(run('Albemarle recule de 4,2 % à New York').figures)).toEqual([{ kind: 'move', symbol: 'ALB', pct: -4.2 }]);
    expect(noWhat(run('Le producteur va réduire de 12 % la production de concentré').figures)).toEqual([{ kind: 'change', pct: -12 }]);
    expect(noWhat(run('La Bourse de Paris recule de 1,2 %').figures)).toEqual([{ kind: 'change', pct: -1.2 }]);
    expect(noWhat(run('Lithium', 'Die Förderung verzeichnete einen Rückgang um 10 % gegenüber dem Vorjahr.').figures)).toEqual([{ kind: 'change', pct: -10 }]);
    expect(noWhat(run('Lithium', 'Die Förderung verzeichnete ein Plus von 5 % gegenüber dem Vorjahr.').figures)).toEqual([{ kind: 'change', pct: 5 }]);
  });
});

describe('a clause with its verb left out', () => {
  it.each([
    ['Liontown rose 8.1% in Sydney, Albemarle 3.3% premarket.'],
    ['Liontown rose 8.1% and Albemarle 3.3%.'],
    ['Liontown legten um 8,1 % zu, Albemarle vorbörslich um 3,3 %.'],
  ])('%s gives the second company the same direction', (summary) => {
    expect(noWhat(run('Lithium', summary).figures)).toEqual([{ kind: 'move', symbol: 'LTR.AX', pct: 8.1 }, { kind: 'move', symbol: 'ALB', pct: 3.3 }]);
  });

  it('does not borrow a direction into a clause that has its own words', () => {
    expect(noWhat(run('Lithium', 'Liontown rose 8.1%, while output at Albemarle was 73% of capacity.').figures)).toEqual([{ kind: 'move', symbol: 'LTR.AX', pct: 8.1 }]);
  });
});

describe('tape and chat forms', () => {
  it('reads a capitalised rate ("~30KT/YR") as a yearly tonnage', () => {
    expect(noWhat(run('MINER TO IDLE PLANT', 'TAKING ~30KT/YR OF SPODUMENE OFFLINE.').figures)).toEqual([{ kind: 'quantity', value: 30000, unit: 't', per: 'year' }]);
  });

  it('reads a session after a bare percentage as the main company\'s move', () => {
    expect(noWhat(run('$VXL pours first carbonate', 'Up 14% premarket on the news.').figures)).toEqual([{ kind: 'move', symbol: 'VXL', pct: 14 }]);
  });
});
