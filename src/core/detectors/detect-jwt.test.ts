import { describe, expect, it } from 'vitest';
import { detectJwt } from './detect-jwt.js';

const found = (text: string) => detectJwt(text).map((f) => text.slice(f.start, f.end));
const b64url = (json: object) => btoa(JSON.stringify(json)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const HS256 = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('detectJwt', () => {
  it('finds a signed token, in a header and in JSON', () => {
    expect(found(`Authorization: Bearer ${HS256}`)).toEqual([HS256]);
    expect(found(JSON.stringify({ token: HS256 }))).toEqual([HS256]);
    expect(found(`The token was ${HS256}.`)).toEqual([HS256]);
  });

  it('finds an unsigned (alg none) token with an empty signature', () => {
    const token = `${b64url({ alg: 'none' })}.${b64url({ sub: 'x' })}.`;
    expect(found(`t=${token} next`)).toEqual([token]);
  });

  it.each([
    ['a header without alg', `${b64url({ typ: 'JWT', kid: 'k1' })}.${b64url({ sub: 'x' })}.c2lnbmF0dXJl`],
    ['a header that is not JSON', `eyJub3QganNvbg.${b64url({ sub: 'x' })}.c2lnbmF0dXJl`],
    ['a header whose alg is not a string', `${b64url({ alg: 5 })}.${b64url({ sub: 'x' })}.c2ln`],
    ['two segments', `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'x' })}`],
    ['four segments', `${HS256}.extra`],
    ['a dotted identifier', 'com.example.service.Handler'],
    ['a file name', 'eyJhbGciOi.config.json'],
  ])('finds nothing in %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
