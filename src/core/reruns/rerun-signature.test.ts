/** The re-run signature header: its exact form, and that the time is inside what is signed. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRerunBody } from './rerun-signature.js';

describe('signRerunBody', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const body = '{"rerun_id":"rr_1"}';
    const expected = createHmac('sha256', 'secret-0123456789').update(`1777629600.${body}`).digest('hex');
    expect(signRerunBody(body, 'secret-0123456789', 1777629600)).toBe(`t=1777629600,v1=${expected}`);
  });

  it('changes with the time, the body and the secret', () => {
    const base = signRerunBody('{}', 'secret-0123456789', 100);
    expect(signRerunBody('{}', 'secret-0123456789', 101).split(',')[1]).not.toBe(base.split(',')[1]);
    expect(signRerunBody('{ }', 'secret-0123456789', 100)).not.toBe(base);
    expect(signRerunBody('{}', 'secret-0123456780', 100)).not.toBe(base);
  });
});
