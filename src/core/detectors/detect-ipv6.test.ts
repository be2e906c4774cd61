import { describe, expect, it } from 'vitest';
import { detectIpv6 } from './detect-ipv6.js';

const found = (text: string) => detectIpv6(text).map((f) => text.slice(f.start, f.end));

describe('detectIpv6', () => {
  it.each([
    ['full', 'addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['compressed', 'via 2001:db8::1.', '2001:db8::1'],
    ['link-local', 'fe80::1%eth0', 'fe80::1'],
    ['loopback', 'curl http://[::1]:3000/', '::1'],
    ['trailing ::', '2001:db8::', '2001:db8::'],
    ['IPv4 tail', '::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['upper case', '2001:DB8:0:0:8:800:200C:417A', '2001:DB8:0:0:8:800:200C:417A'],
  ])('finds a %s address', (_, text, address) => {
    expect(found(text)).toEqual([address]);
  });

  it.each([
    ['time of day', 'at 12:30:45 sharp'],
    ['timestamp', '2024-01-15T12:30:45Z'],
    ['time with fraction', '12:30:45.123'],
    ['MAC address', '00:1A:2B:3C:4D:5E'],
    ['ratio', '16:9'],
    ['C++ path', 'std::vector<int>'],
    ['hex words around ::', 'Abc::Def'],
    ['bare ::', 'a :: b'],
    ['two ::', '1::2::3'],
    ['nine groups', '1:2:3:4:5:6:7:8:9'],
    ['five-digit group', '2001:db8::12345'],
    ['bad IPv4 tail', '::ffff:999.0.2.1'],
  ])('finds nothing in a %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
