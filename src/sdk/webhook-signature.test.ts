import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody } from '../core/webhooks/webhook-signature.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'whsec_test_0123456789';
const BODY = '{"event":"execution.completed","timestamp":"2026-05-01T10:00:00.000Z","data":{"execution_id":"wf_1"}}';

describe('verifyWebhookSignature', () => {
  it('accepts the server signature of the exact body, as string or bytes', () => {
    const header = signWebhookBody(BODY, SECRET);
    expect(header).toBe(`sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`);
    expect(verifyWebhookSignature(BODY, header, SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(BODY), header, SECRET)).toBe(true);
    expect(verifyWebhookSignature(BODY, header.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(verifyWebhookSignature(BODY, ['sha256=00', header], SECRET)).toBe(true);
  });

  it('refuses another body, another secret, and malformed or missing headers without throwing', () => {
    const header = signWebhookBody(BODY, SECRET);
    expect(verifyWebhookSignature(`${BODY} `, header, SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, header, 'whsec_other_secret')).toBe(false);
    expect(verifyWebhookSignature(BODY, header.slice(0, -2), SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, header.replace('sha256=', 'sha1='), SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, 'sha256=zz', SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, undefined, SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, null, SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, header, '')).toBe(false);
  });
});
