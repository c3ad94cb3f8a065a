/**
 * Traditional Chinese characters folded to simplified ones, for the characters supply news is written in
 * (metals, output, halts, prices, places, company names): the lexicon is written once, in simplified
 * characters, and a Hong Kong or Taiwan wire in traditional characters, or a Japanese one, reads the same.
 */
// Pairs of (traditional, simplified), one after the other.
const PAIRS = '鋰锂礦矿產产減减噸吨萬万億亿鹽盐寧宁時时贛赣鋒锋業业齊齐亞亚寶宝學学擴扩復复開开項项雲云輝辉價价漲涨檢检關关閉闭劃划廠厂線线場场電电車车運运輸输進进貿贸稅税額额許许證证規规門门發发計计將将對对與与這这個个們们為为會会後后來来國国內内際际當当營营審审環环態态護护顯显據据報报導导達达總总數数實实續续備备僅仅歸归獲获權权資资團团屬属區区縣县鎮镇東东蘇苏廣广貴贵湧涌漢汉縮缩緊紧給给約约廢废壓压騰腾飛飞幣币盤盘貨货張张兩两點点維维氣气鈉钠鎳镍鈷钴銅铜鋁铝鋅锌錳锰經经濟济訂订簽签單单購购買买賣卖應应礎础聯联屆届壞坏災灾險险淨净虧亏損损餘余庫库鏈链變变動动風风邊边極极長长間间問问題题選选務务勢势調调處处違违罷罢暫暂氫氢韋韦';

// Japanese forms (shinjitai) of the same words, so "減産", "増産", "鉱山", "塩湖" read as the Chinese lexicon's.
const JAPANESE = '産产鉱矿増增拡扩転转売卖価价発发関关済济営营検检鉄铁塩盐続续経经総总気气広广対对実实収收斉齐権权証证圧压亜亚県县処处採采';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < JAPANESE.length; i += 2) MAP.set(JAPANESE[i] as string, JAPANESE[i + 1] as string);
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS[i] as string, PAIRS[i + 1] as string);
const TRADITIONAL = new RegExp(`[${[...MAP.keys()].join('')}]`, 'gu');

export function toSimplified(s: string): string {
  return s.replace(TRADITIONAL, (c) => MAP.get(c) ?? c);
}
