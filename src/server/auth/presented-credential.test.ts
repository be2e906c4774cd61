import { describe, expect, it } from 'vitest';
import { presentedCredential } from './presented-credential.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('presentedCredential', () => {
  it('reads the three header forms AxonFlow clients send', () => {
    expect(presentedCredential({ authorization: 'Bearer s3cret' })).toEqual({ secret: 's3cret' });
    expect(presentedCredential({ authorization: 'bearer   s3cret' })).toEqual({ secret: 's3cret' });
    expect(presentedCredential({ authorization: basic('client:pa:ss') })).toEqual({ clientId: 'client', secret: 'pa:ss' });
    expect(presentedCredential({ 'x-client-id': 'client', 'x-client-secret': 's' })).toEqual({ clientId: 'client', secret: 's' });
  });

  it('prefers Authorization over X-Client headers and rejects malformed forms', () => {
    expect(presentedCredential({ authorization: 'Bearer a', 'x-client-id': 'c', 'x-client-secret': 'b' })).toEqual({ secret: 'a' });
    expect(presentedCredential({ authorization: basic('no-colon') })).toBeUndefined();
    expect(presentedCredential({ authorization: basic(':secret') })).toBeUndefined();
    expect(presentedCredential({ authorization: 'Token abc' })).toBeUndefined();
    expect(presentedCredential({ authorization: 'Bearer' })).toBeUndefined();
    expect(presentedCredential({ 'x-client-id': 'c' })).toBeUndefined();
    expect(presentedCredential({ authorization: `Bearer ${'x'.repeat(600)}` })).toBeUndefined();
    expect(presentedCredential({})).toBeUndefined();
  });
});
