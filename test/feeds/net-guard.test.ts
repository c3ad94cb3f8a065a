import { describe, expect, it } from 'vitest';
import { blockedRange, expandIPv6, parseHttpUrl, resolveChecked } from '../../src/feeds/net-guard.js';
import { FeedError } from '../../src/feeds/errors.js';

describe('blockedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved/broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['not-an-ip', 'unparseable'],
  ])('%s is %s', (ip, why) => {
    expect(blockedRange(ip)).toBe(why);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450::1'])(
    '%s is public',
    (ip) => {
      expect(blockedRange(ip)).toBeUndefined();
    },
  );
});

describe('expandIPv6', () => {
  it('expands compressed forms and dotted tails', () => {
    expect(expandIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(expandIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(expandIPv6('2001:db8::')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
    expect(expandIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(expandIPv6('1::2::3')).toBeUndefined();
    expect(expandIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});

describe('URL checks', () => {
  it('normalises numeric host spellings before checking them', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/', 'http://[0:0::1]/']) {
      const e = await resolveChecked(new URL(url), { allowPrivate: false }).catch((x: unknown) => x);
      expect(e instanceof FeedError && e.code).toBe('BLOCKED_ADDRESS');
    }
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = async (): Promise<{ address: string; family: 4 | 6 }[]> => [
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::5', family: 6 },
    ];
    const e = await resolveChecked(new URL('https://mixed.example/'), { allowPrivate: false, lookup }).catch((x: unknown) => x);
    expect(e instanceof FeedError && e.code).toBe('BLOCKED_ADDRESS');
  });

  it('orders IPv4 before IPv6 and keeps public answers', async () => {
    const lookup = async (): Promise<{ address: string; family: 4 | 6 }[]> => [
      { address: '2606:4700::1', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ];
    expect(await resolveChecked(new URL('https://pub.example/'), { allowPrivate: false, lookup })).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ]);
  });

  it('reports a failed lookup as NETWORK', async () => {
    const lookup = async (): Promise<never> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const e = await resolveChecked(new URL('https://nx.example/'), { allowPrivate: false, lookup }).catch((x: unknown) => x);
    expect(e instanceof FeedError && e.code).toBe('NETWORK');
  });

  it('parses http(s) only', () => {
    expect(parseHttpUrl('HTTPS://Example.COM/a?b=1').href).toBe('https://example.com/a?b=1');
    expect(() => parseHttpUrl('ftp://example.com/')).toThrow(/refusing ftp:/);
    expect(() => parseHttpUrl('data:text/xml,<rss/>')).toThrow(FeedError);
    expect(() => parseHttpUrl('::')).toThrow(/not a valid URL/);
  });
});
