import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { charsetFromContentType, decodeFeedBytes, normalizeCharset } from '../../src/feeds/charset.js';
import { cleanText, decodeEntities, htmlToText, truncate } from '../../src/feeds/html-text.js';

describe('decodeFeedBytes', () => {
  const xml = (enc: string, body: string): string => `<?xml version="1.0" encoding="${enc}"?><rss><t>${body}</t></rss>`;

  it('prefers a BOM, then the header, then the XML declaration, then UTF-8', () => {
    const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('gbk', 'é'))]);
    expect(decodeFeedBytes(utf8Bom, 'text/xml; charset=gbk')).toMatchObject({ text: xml('gbk', 'é'), source: 'bom' });
    const gbk = iconv.encode(xml('utf-8', '锂'), 'gbk');
    expect(decodeFeedBytes(gbk, 'text/xml; charset="GB2312"')).toMatchObject({ text: xml('utf-8', '锂'), charset: 'gbk', source: 'header' });
    const big5 = iconv.encode(xml('big5', '鋰'), 'big5');
    expect(decodeFeedBytes(big5, 'text/xml')).toMatchObject({ text: xml('big5', '鋰'), source: 'xml-declaration' });
    expect(decodeFeedBytes(Buffer.from('<rss>ü</rss>'))).toMatchObject({ text: '<rss>ü</rss>', source: 'default' });
  });

  it('decodes UTF-16 with a BOM and ignores a UTF-16 label on ASCII-looking bytes', () => {
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>Li</rss>', 'utf16le')]);
    expect(decodeFeedBytes(u16).text).toBe('<rss>Li</rss>');
    expect(decodeFeedBytes(Buffer.from(xml('UTF-16', 'Li'))).text).toBe(xml('UTF-16', 'Li'));
  });

  it('treats undeclared or mislabelled Latin-1 as windows-1252, and keeps UTF-8 with one stray byte', () => {
    const latin = iconv.encode('<rss>São Paulo “quoted” Açaí</rss>', 'windows-1252');
    expect(decodeFeedBytes(latin, 'text/xml; charset=utf-8')).toMatchObject({ text: '<rss>São Paulo “quoted” Açaí</rss>', source: 'sniffed' });
    const mostlyUtf8 = Buffer.concat([Buffer.from('<rss>锂矿 锂矿 锂矿 '), Buffer.from([0xff]), Buffer.from('</rss>')]);
    expect(decodeFeedBytes(mostlyUtf8).text).toBe('<rss>锂矿 锂矿 锂矿 \uFFFD</rss>');
  });

  it('never throws on garbage and unknown labels', () => {
    const junk = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    for (const ct of [undefined, 'text/xml; charset=x-klingon', 'text/xml; charset=gbk', 'text/xml; charset=big5', 'text/xml; charset=utf-16be']) {
      expect(typeof decodeFeedBytes(junk, ct).text).toBe('string');
    }
  });

  it('normalises labels', () => {
    expect(charsetFromContentType('application/rss+xml;charset=ISO-8859-1')).toBe('iso-8859-1');
    expect(normalizeCharset('iso-8859-1')).toBe('windows-1252');
    expect(normalizeCharset('GB2312')).toBe('gbk');
    expect(normalizeCharset('windows-1251')).toBe('windows-1251');
    expect(normalizeCharset('nonsense')).toBeUndefined();
  });
});

describe('plain text', () => {
  it('decodes named, decimal and hex references, C1 references as windows-1252, and leaves unknown names', () => {
    expect(decodeEntities('AT&amp;T &#8217; &#x2014; &nbsp;&eacute; &#146; &bogus; &#0; &#xD800;')).toBe('AT&T ’ — \u00A0é ’ &bogus;  ');
  });

  it('strips tags, scripts and comments, keeps words apart at block boundaries', () => {
    expect(htmlToText('<p>One</p><p>Two<br/>Three</p><!-- x --><script>bad()</script><b>Li</b>thium', 100)).toBe('One Two Three Lithium');
    expect(htmlToText('P/E &lt; 10 and x < y', 100)).toBe('P/E < 10 and x < y');
    expect(htmlToText('&lt;p&gt;double &amp;amp; escaped&lt;/p&gt;', 100)).toBe('double &amp; escaped');
  });

  it('removes invisible characters and collapses whitespace', () => {
    expect(cleanText(' a\u200B\u200Db\u202Ec\u2067d\u00ADe\t\n\u00A0 f\u0007 ')).toBe('abcde f');
  });

  it('truncates with an ellipsis without splitting a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('decodeFeedBytes: valid UTF-8 against the label', () => {
  const doc = (body: string) => `<?xml version="1.0"?><rss><t>${body}</t></rss>`;
  const utf8 = (body: string) => Buffer.from(doc(body), 'utf-8');

  it.each([
    ['windows-1252', 'text/xml; charset=ISO-8859-1', 'São Paulo “lithium” Açaí'],
    ['windows-1251', 'text/xml; charset=windows-1251', 'Литий: добыча сокращена'],
    ['shift_jis', 'application/rss+xml; charset=Shift_JIS', 'リチウム生産を削減'],
    ['gbk', 'text/xml; charset=GB2312', '赣锋锂业 锂矿 减产'],
  ])('valid UTF-8 under a %s header is read as UTF-8, with a note for the debug line', (declared, header, text) => {
    const r = decodeFeedBytes(utf8(text), header);
    expect(r).toMatchObject({ text: doc(text), charset: 'utf-8', source: 'sniffed' });
    expect(r.note).toContain(declared);
  });

  it('the same override holds for a wrong XML declaration', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss>锂矿</rss>', 'utf-8');
    expect(decodeFeedBytes(bytes, 'text/xml')).toMatchObject({ text: '<?xml version="1.0" encoding="windows-1251"?><rss>锂矿</rss>', source: 'sniffed' });
  });

  it('a BOM still wins over everything, and ASCII-only bodies keep their label (no note)', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('锂')]);
    expect(decodeFeedBytes(bom, 'text/xml; charset=gbk')).toMatchObject({ text: doc('锂'), source: 'bom' });
    const ascii = decodeFeedBytes(utf8('lithium'), 'text/xml; charset=windows-1251');
    expect(ascii).toMatchObject({ charset: 'windows-1251', source: 'header' });
    expect(ascii.note).toBeUndefined();
  });

  it('real GBK, Big5 and windows-1251 bodies under their own labels are still decoded by them', () => {
    const gbk = iconv.encode(doc('赣锋锂业宣布锂矿减产，碳酸锂价格上涨'), 'gbk');
    expect(decodeFeedBytes(gbk, 'text/xml; charset=gbk')).toMatchObject({ text: doc('赣锋锂业宣布锂矿减产，碳酸锂价格上涨'), charset: 'gbk', source: 'header' });
    const big5 = iconv.encode(doc('鋰礦減產，碳酸鋰價格上漲'), 'big5');
    expect(decodeFeedBytes(big5, 'text/xml; charset=big5')).toMatchObject({ text: doc('鋰礦減產，碳酸鋰價格上漲'), charset: 'big5' });
    const cyr = iconv.encode(doc('Литий: добыча сокращена'), 'windows-1251');
    expect(decodeFeedBytes(cyr, 'text/xml; charset=windows-1251')).toMatchObject({ text: doc('Литий: добыча сокращена'), charset: 'windows-1251', source: 'header' });
  });
});
