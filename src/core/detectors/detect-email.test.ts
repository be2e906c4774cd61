import { describe, expect, it } from 'vitest';
import { detectEmail } from './detect-email.js';

const found = (text: string) => detectEmail(text).map((f) => text.slice(f.start, f.end));

describe('detectEmail', () => {
  it.each([
    ['write to ana@example.com today', 'ana@example.com'],
    ['<ana.lopez+billing@mail.example.co.uk>', 'ana.lopez+billing@mail.example.co.uk'],
    ['mailto:first_last-99@sub-domain.example.io.', 'first_last-99@sub-domain.example.io'],
    ['"email":"UPPER@EXAMPLE.ORG"', 'UPPER@EXAMPLE.ORG'],
  ])('finds the address in %j', (text, address) => {
    expect(found(text)).toEqual([address]);
  });

  it('reports offsets and every address', () => {
    expect(detectEmail('a@b.io, c@d.io')).toEqual([
      { kind: 'email', start: 0, end: 6 },
      { kind: 'email', start: 8, end: 14 },
    ]);
  });

  it.each([
    'user@localhost',
    'ping @ana about it',
    'npm i lodash@4.17.21',
    'icon@2x.png and logo@3x.webp',
    'a@b.c',
    'no at sign at all',
    'ana@example.com-suffix',
  ])('finds nothing in %j', (text) => {
    expect(found(text)).toEqual([]);
  });
});
