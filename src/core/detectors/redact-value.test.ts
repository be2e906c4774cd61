import { describe, expect, it } from 'vitest';
import { jsonPathChild } from './json-path.js';
import { MAX_REDACTION_DEPTH, redactText, redactValue } from './redact-value.js';

describe('jsonPathChild', () => {
  it('uses dots for identifiers and quoted brackets for other keys', () => {
    expect(jsonPathChild('$', 'customer')).toBe('$.customer');
    expect(jsonPathChild('$.a', 0)).toBe('$.a[0]');
    expect(jsonPathChild('$', 'first name')).toBe('$["first name"]');
    expect(jsonPathChild('$', '1st')).toBe('$["1st"]');
    expect(jsonPathChild('$', 'a"b\\c')).toBe('$["a\\"b\\\\c"]');
    expect(jsonPathChild('$', '')).toBe('$[""]');
  });
});

describe('redactText', () => {
  it('masks every finding in one string and returns the input when there is none', () => {
    expect(redactText('ana@example.com or bo@example.org, tel 415-555-0132')).toEqual({
      text: '[REDACTED:email] or [REDACTED:email], tel [REDACTED:phone]',
      kinds: ['email', 'email', 'phone'],
    });
    expect(redactText('nothing here').text).toBe('nothing here');
  });
});

describe('redactValue', () => {
  const input = {
    customer: {
      name: 'Ana',
      emails: ['ana@example.com', 'billing: ana.b@example.org, cc bo@example.org'],
      'first name': 'Ana, SSN 123-45-6789',
      age: 41,
      vip: true,
      nickname: null,
    },
    items: [{ sku: 'A-1', qty: 2 }, 'ship to 192.168.1.10'],
    auth: 'Bearer sk-proj-Zq8Lm3Np7Rt2Vx9Yb4Kc6Hd1Fg5Js0Wa',
  };

  it('masks spans in string leaves and records path and kind, never the value', () => {
    const { value, redactions } = redactValue(input, 'all');
    expect(value).toEqual({
      customer: {
        name: 'Ana',
        emails: ['[REDACTED:email]', 'billing: [REDACTED:email], cc [REDACTED:email]'],
        'first name': 'Ana, SSN [REDACTED:us_ssn]',
        age: 41,
        vip: true,
        nickname: null,
      },
      items: [{ sku: 'A-1', qty: 2 }, 'ship to [REDACTED:ipv4]'],
      auth: 'Bearer [REDACTED:api_key]',
    });
    expect(redactions).toEqual([
      { path: '$.customer.emails[0]', kind: 'email' },
      { path: '$.customer.emails[1]', kind: 'email' },
      { path: '$.customer.emails[1]', kind: 'email' },
      { path: '$.customer["first name"]', kind: 'us_ssn' },
      { path: '$.items[1]', kind: 'ipv4' },
      { path: '$.auth', kind: 'api_key' },
    ]);
    expect(JSON.stringify(redactions)).not.toMatch(/example|6789|192\.168|sk-proj/);
  });

  it('masks only the selected kinds and groups', () => {
    const { value, redactions } = redactValue(input, ['secrets', 'ipv4']);
    expect(redactions.map((r) => r.kind)).toEqual(['ipv4', 'api_key']);
    expect((value as typeof input).customer.emails[0]).toBe('ana@example.com');
  });

  it('does not mutate the input and shares unchanged subtrees', () => {
    const before = structuredClone(input);
    const { value } = redactValue(input, ['pii']);
    expect(input).toEqual(before);
    expect(value.items[0]).toBe(input.items[0]);
    expect(value.customer).not.toBe(input.customer);
    const clean = { a: [1, 'x'], b: { c: 'y' } };
    expect(redactValue(clean).value).toBe(clean);
  });

  it('redacts a bare string at the root and leaves non-string values alone', () => {
    expect(redactValue('mail ana@example.com')).toEqual({ value: 'mail [REDACTED:email]', redactions: [{ path: '$', kind: 'email' }] });
    expect(redactValue(4111111111111111)).toEqual({ value: 4111111111111111, redactions: [] });
    expect(redactValue(null)).toEqual({ value: null, redactions: [] });
  });

  it('treats odd keys as data, including __proto__', () => {
    const parsed = JSON.parse('{"__proto__": "ana@example.com", "a.b": ["x", "ana@example.com"]}') as Record<string, unknown>;
    const { value, redactions } = redactValue(parsed);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('[REDACTED:email]');
    expect(redactions.map((r) => r.path)).toEqual(['$.__proto__', '$["a.b"][1]']);
  });

  it('masks a container nested deeper than the limit whole', () => {
    let deep: unknown = 'ana@example.com';
    for (let i = 0; i < MAX_REDACTION_DEPTH + 5; i++) deep = [deep];
    const { value, redactions } = redactValue({ deep });
    expect(redactions).toEqual([{ path: `$.deep${'[0]'.repeat(MAX_REDACTION_DEPTH - 1)}`, kind: 'too_deep' }]);
    expect(JSON.stringify(value)).not.toContain('ana@');
  });
});
