/**
 * Japanese and Korean amounts, and the East Asian ways of stating a move, rewritten into the English forms the
 * figure readers know before the document is built (the Chinese single-multiplier forms are read in
 * numbers-i18n.ts after this):
 *   "約1万7500トン" → "17,500 tonnes", "2만5천t" → "25,000 tonnes", "500億円" → "50,000,000,000 yen",
 *   "5조6천억원" → "5,600,000,000,000 won", "年産能力4万トン" → "40,000 tonnes a year",
 *   "4.2%安" / "4.2%下落" → "fell 4.2%", "185% 증가" → "rose 185%", "收涨3.5%" → "closed rose 3.5%".
 * Classes of writing (stacked multipliers, a unit, a direction after the number), not listed figures.
 */

// Big multipliers close a group; small ones (千 천 百 백) scale the digits before them inside a group.
const BIG: Record<string, number> = { 兆: 1e12, 조: 1e12, 億: 1e8, 亿: 1e8, 억: 1e8, 万: 1e4, 萬: 1e4, 만: 1e4 };
const SMALL: Record<string, number> = { 千: 1e3, 천: 1e3, 百: 100, 백: 100 };
const PIECE = String.raw`\d+(?:\.\d+)?\s?[千천百백]?\s?[兆조億亿억万萬만]?`;
// A number with at least one multiplier, then a unit it is an amount of.
const AMOUNT = new RegExp(
  String.raw`((?:\d+(?:\.\d+)?\s?[千천百백]?\s?[兆조億亿억万萬만]\s?)+(?:\d+(?:\.\d+)?\s?[千천百백]?)?|\d+(?:\.\d+)?\s?[千천百백](?:\s?[兆조億亿억万萬만])?|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s?` +
    String.raw`(円|엔|원|ドル|달러|トン|톤|t(?![A-Za-z]))`,
  'gu',
);
const UNIT_WORD: Record<string, string> = { 円: 'yen', 엔: 'yen', 원: 'won', ドル: 'dollars', 달러: 'dollars', トン: 'tonnes', 톤: 'tonnes', t: 'tonnes' };

/** The value of "1万7500", "5조6천억", "8천억", "2.5万". */
export function cjkValue(s: string): number {
  let total = 0;
  let group = 0;
  for (const m of s.replace(/\s/g, '').matchAll(new RegExp(PIECE, 'gu'))) {
    const raw = m[0];
    const digits = /^\d+(?:\.\d+)?/.exec(raw)?.[0] ?? '0';
    let v = Number.parseFloat(digits.replace(/,/g, ''));
    const small = raw.slice(digits.length).match(/[千천百백]/u)?.[0];
    if (small) v *= SMALL[small] ?? 1;
    group += v;
    const big = raw.match(/[兆조億亿억万萬만]/u)?.[0];
    if (big) {
      total += group * (BIG[big] ?? 1);
      group = 0;
    }
  }
  return Number((total + group).toFixed(4));
}

function plain(v: number): string {
  const [int, frac] = String(v).split('.');
  return (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

// Period words before a tonnage in its clause: 年産 (annual output), 年間, 연산/연간 (Korean), 月産, 월간.
const YEAR_WORDS = /(年産|年間|年产|年處理|연산|연간|연 생산|年\s?\d)/u;
const MONTH_WORDS = /(月産|月间|월산|월간|毎月|매월)/u;

function rewriteAmounts(text: string): string {
  return text.replace(AMOUNT, (whole, n: string, unit: string, at: number, all: string) => {
    const isTonne = UNIT_WORD[unit] === 'tonnes';
    // A bare "4,000t" in a Latin-script story is the English readers' already; only CJK text is rewritten.
    if (unit === 't' && !/[\u3040-\u30ff\uac00-\ud7af\u3400-\u9fff]/u.test(all.slice(Math.max(0, at - 20), at + whole.length + 6))) return whole;
    if (!/[千천百백兆조億亿억万萬만]/u.test(n) && !isTonne) return whole;
    const value = cjkValue(n);
    if (!(value > 0)) return whole;
    let period = '';
    if (isTonne) {
      const clauseStart = Math.max(all.lastIndexOf('。', at), all.lastIndexOf('. ', at), all.lastIndexOf('\n', at), 0);
      const before = all.slice(clauseStart, at);
      const after = all.slice(at + whole.length, at + whole.length + 4);
      if (/^\s?(?:\/|毎|每)\s?(?:年|연)/u.test(after) || YEAR_WORDS.test(before)) period = ' a year';
      else if (/^\s?(?:\/|毎|每)\s?月/u.test(after) || MONTH_WORDS.test(before)) period = ' a month';
    }
    return ` ${plain(value)} ${UNIT_WORD[unit] ?? unit}${period} `;
  });
}

// Japanese and Korean put the direction after the percentage: "4.2%安", "4.2%下落", "185% 증가", "6.2% 상승".
const UP_AFTER = /(\d+(?:\.\d+)?)\s?[%％]\s?(?:の)?(高|上昇|上げ|増加|増|プラス|상승|증가|급등|올랐|오른|늘었|늘어|늘)/gu;
const DOWN_AFTER = /(\d+(?:\.\d+)?)\s?[%％]\s?(?:の)?(安|下落|下げ|減少|減|低下|マイナス|하락|감소|급락|내렸|내린|줄었|줄어|줄|떨어)/gu;

function rewriteMoves(text: string): string {
  // "前年同期比15%減少", "전년 대비 185% 증가": the comparison base sits between the quantity and its change.
  text = text.replace(/(前年同期比|前年同月比|前年比|전년 동기 대비|전년 대비|전년대비)\s?(?=\d)/gu, ' ');
  let out = text.replace(UP_AFTER, ' rose $1% ').replace(DOWN_AFTER, ' fell $1% ');
  // Share words: 株価 / 同社株 (Japanese), 주가 (Korean), 美股 / 盘前 (Chinese US listing, premarket).
  out = out.replace(/(同社株|株価|주가|株(?=[がはもの]))/gu, ' shares ');
  out = out.replace(/美股/gu, ' US shares ').replace(/(盘前|盤前|時間外取引で|時間外で|時間外|장전)/gu, ' premarket ');
  // "收涨3.5%", "收跌2%": the close, then its direction (read by the Chinese rewrite after this).
  out = out.replace(/收(?=[涨跌漲]\s?\d)/gu, ' closed ');
  // "涨幅10%", "跌幅8%": the size of a gain or a fall; "减产50%" / "增产20%": a cut or rise of output.
  // "涨停，涨幅10%": the limit-up move and its size are one move.
  out = out.replace(/(涨停|漲停)\s?[，,]\s?(?:涨幅|漲幅)\s?(?=\d)/gu, ' limit up ').replace(/跌停\s?[，,]\s?跌幅\s?(?=\d)/gu, ' limit down ');
  out = out.replace(/(涨幅|漲幅|升幅)\s?(?=\d)/gu, ' up ').replace(/(跌幅|降幅)\s?(?=\d)/gu, ' down ');
  out = out.replace(/(减产|減產|減産)\s?(?=\d+(?:\.\d+)?\s?[%％])/gu, ' output cut by ').replace(/(增产|增產|増産)\s?(?=\d+(?:\.\d+)?\s?[%％])/gu, ' output raised by ');
  return out;
}

export function rewriteCjk(text: string): string {
  if (!/[\u3040-\u30ff\uac00-\ud7af\u3400-\u9fff]/u.test(text)) return text;
  return rewriteMoves(rewriteAmounts(text));
}
