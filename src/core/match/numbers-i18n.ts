/**
 * Numbers as Chinese, Spanish, Portuguese and French-style wires write them, rewritten into the English forms the
 * figure readers know, before the document is built: "2.5万吨" → "25,000 tonnes", "12亿元" → "1,200,000,000 yuan",
 * "7.6万元/吨" → "76,000 yuan/t", "45 mil toneladas" → "45 thousand tonnes", "US$ 1.2 mil millones" → "US$1.2 billion",
 * "600 000 tonnes" → "600,000 tonnes". Whole classes of writing (a multiplier character, a unit, a grouping),
 * not listed figures. Spanish decimal commas are swapped before this runs (spanish.ts).
 */
import { rewriteCjk } from './numbers-cjk.js';
import { rewriteEuropean } from './numbers-eu.js';

const CN_MULT: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8, 千: 1e3 };
const CN_NUM = String.raw`(\d+(?:[.,]\d+)?)\s*([万萬亿億千])?`;

/** A whole number with thousands commas (what the English readers expect). */
function plain(v: number): string {
  const r = Number(v.toFixed(4));
  const [int, frac] = String(r).split('.');
  return (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

const value = (raw: string, mult: string | undefined): number => Number.parseFloat(raw.replace(/,/g, '')) * (mult ? (CN_MULT[mult] ?? 1) : 1);

// Period words next to a Chinese amount: 年产 (annual output), 每年/年 (a year), /月 每月 月产 (a month).
const YEAR_BEFORE = /(年产能?|年处理|年產能?|每年|年均)[^\d。；，,]{0,12}$/u;
const MONTH_BEFORE = /(月产能?|月產能?|每月)[^\d。；，,]{0,12}$/u;
const PER_AFTER = /^\s*(?:\/|每)\s*(年|月|周|天|日)/u;
const PER_WORD: Record<string, string> = { 年: ' a year', 月: ' a month', 周: ' a week', 天: ' a day', 日: ' a day' };

// Full-width punctuation read as the ASCII marks sentences and clauses are split on.
const FULL_WIDTH: Record<string, string> = { '。': '. ', '，': ', ', '；': '; ', '：': ': ', '！': '! ', '？': '? ', '（': ' (', '）': ') ', '％': '%', '、': ', ' };

function rewriteChinese(text: string): string {
  if (!/[\u3400-\u9fff]/u.test(text)) return text;
  text = text.replace(/[。，；：！？（）％、]/gu, (c) => FULL_WIDTH[c] ?? c);
  // Prices first: "7.6万元/吨", "76400元/吨", "7.6萬元/噸".
  let out = text.replace(new RegExp(String.raw`${CN_NUM}\s*(?:元|人民币)\s*(?:\/|每)\s*(?:吨|噸)`, 'gu'), (_m, n: string, k?: string) => ` ${plain(value(n, k))} yuan/t `);
  out = out.replace(new RegExp(String.raw`${CN_NUM}\s*(?:美元)\s*(?:\/|每)\s*(?:吨|噸)`, 'gu'), (_m, n: string, k?: string) => ` US$${plain(value(n, k))}/t `);
  // Money: "12亿元", "4.69亿元人民币", "3亿美元".
  out = out.replace(new RegExp(String.raw`${CN_NUM}\s*美元`, 'gu'), (_m, n: string, k?: string) => ` US$${plain(value(n, k))} `);
  out = out.replace(new RegExp(String.raw`${CN_NUM}\s*(?:元|人民币)`, 'gu'), (_m, n: string, k?: string) => ` ${plain(value(n, k))} yuan `);
  // Tonnages: "2.5万吨", "年产能4万吨", "每月6000吨", "3万吨/年", "2万吨碳酸锂当量" (LCE).
  out = out.replace(new RegExp(String.raw`${CN_NUM}\s*(?:吨|噸)(碳酸锂当量|LCE)?`, 'gu'), (m, n: string, k: string | undefined, lce: string | undefined, at: number, whole: string) => {
    const before = whole.slice(Math.max(0, at - 12), at);
    const after = whole.slice(at + m.length, at + m.length + 4);
    const per = PER_AFTER.exec(after);
    const period = per ? (PER_WORD[per[1] ?? ''] ?? '') : YEAR_BEFORE.test(before) ? ' a year' : MONTH_BEFORE.test(before) ? ' a month' : '';
    return ` ${plain(value(n, k))} tonnes${lce ? ' of LCE' : ''}${period} `;
  });
  // "股价下跌5%": the company's share price, as "shares fell 5%" (股份 alone is part of company names).
  out = out.replace(/(股价|股價)/gu, ' shares ');
  // "上涨8.5%", "营收下降10%": the direction word before a percentage, as English writes it ("rose 8.5%").
  out = out.replace(/(大涨|上涨|增长|上升|攀升|提升|增加|涨|升)\s*(?=\d+(?:\.\d+)?\s*%)/gu, ' rose ');
  out = out.replace(/(大跌|下跌|下降|下滑|减少|回落|跌|降)\s*(?=\d+(?:\.\d+)?\s*%)/gu, ' fell ');
  // "/年" already read into the tonnage above.
  return out.replace(/(tonnes(?: of LCE)? a (?:year|month|week|day)\s)\s*(?:\/|每)\s*[年月周天日]/gu, '$1');
}

function rewriteLatin(text: string): string {
  // "R$ 5,5 bilhões", "4,2 millones": a comma with one or two digits before a multiplier word is a decimal comma
  // (an English thousands comma has three digits after it), even where the story is not known to be Spanish.
  let out = text.replace(/(\d),(\d{1,2})(?=\s+(?:mil|millones|millón|millon|milh\S*|bilh\S*|billion|million|bn|mn)\b)/giu, '$1.$2');
  // "US$ 1.2 mil millones", "1.200 millones de dólares" (separators already swapped), "R$ 3 bilhões".
  out = out.replace(/(\d(?:[\d,]*\d)?(?:\.\d+)?)\s+mil\s+mill(?:ones|ón)\b/giu, '$1 billion');
  out = out.replace(/(\d(?:[\d,]*\d)?(?:\.\d+)?)\s+(?:bilh(?:ões|oes|ão|ao))\b/giu, '$1 billion');
  out = out.replace(/(\d(?:[\d,]*\d)?(?:\.\d+)?)\s+(?:millones|millón|millon|milh(?:ões|oes|ão|ao))\b/giu, '$1 million');
  out = out.replace(/(\d(?:[\d,]*\d)?(?:\.\d+)?)\s+mil\s+(toneladas|tonelada|t)\b/giu, '$1 thousand $2');
  // "US$ 1.2 billion": the currency sign apart from its amount.
  out = out.replace(/\b(US\$|R\$|A\$|C\$)\s+(?=\d)/g, '$1');
  // "600 000 tonnes", "1 200 000 t": groups of three after a space (plain, no-break or thin) are one number.
  out = out.replace(/(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d.,]?\d)(?=\s*(?:[a-zA-Z%$€£¥]|$))/gu, (_m, head: string, rest: string) => head + rest.replace(/[ \u00a0\u202f]/g, ','));
  return out;
}

export function normaliseNumbers(text: string): string {
  return rewriteLatin(rewriteEuropean(rewriteChinese(rewriteCjk(text))));
}
