import { describe, expect, it } from 'vitest';
import { detectPrivateKey } from './detect-private-key.js';

const found = (text: string) => detectPrivateKey(text).map((f) => text.slice(f.start, f.end));
const block = (label: string) => `-----BEGIN ${label}-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END ${label}-----`;

describe('detectPrivateKey', () => {
  it.each(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'])('finds a whole %s block', (label) => {
    const key = block(label);
    expect(found(`before\n${key}\nafter`)).toEqual([key]);
  });

  it('finds two blocks separately', () => {
    const text = `${block('RSA PRIVATE KEY')} and ${block('EC PRIVATE KEY')}`;
    expect(found(text)).toEqual([block('RSA PRIVATE KEY'), block('EC PRIVATE KEY')]);
  });

  it('runs a block without its END line to the end of the text', () => {
    const text = 'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
    expect(detectPrivateKey(text)).toEqual([{ kind: 'private_key', start: 5, end: text.length }]);
  });

  it.each([
    ['a public key', block('PUBLIC KEY')],
    ['a certificate', block('CERTIFICATE')],
    ['an END line alone', '-----END RSA PRIVATE KEY-----'],
    ['prose about private keys', 'never paste your PRIVATE KEY here'],
  ])('finds nothing in %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
