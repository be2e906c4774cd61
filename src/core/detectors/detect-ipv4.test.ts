import { describe, expect, it } from 'vitest';
import { detectIpv4 } from './detect-ipv4.js';

const found = (text: string) => detectIpv4(text).map((f) => text.slice(f.start, f.end));

describe('detectIpv4', () => {
  it.each([
    ['from 192.168.1.10 at noon', '192.168.1.10'],
    ['http://10.0.0.1:8080/health', '10.0.0.1'],
    ['0.0.0.0 and 255.255.255.255', '0.0.0.0'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['host 8.8.8.8.', '8.8.8.8'],
  ])('finds the address in %j', (text, address) => {
    expect(found(text)[0]).toBe(address);
  });

  it.each([
    ['an octet over 255', '999.1.1.1'],
    ['256 in the last octet', '10.0.0.256'],
    ['leading zeros', '01.02.03.04'],
    ['five parts', '1.2.3.4.5'],
    ['three parts', '10.0.1'],
    ['a version glued to v', 'v1.2.3.4'],
    ['a decimal', '3.14159'],
    ['a date', '15.01.2024'],
  ])('finds nothing with %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
