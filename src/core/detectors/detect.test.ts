import { describe, expect, it } from 'vitest';
import { detect, detectedKinds } from './detect.js';
import { DETECTOR_KINDS, selectKinds } from './detector-kinds.js';
import { resolveOverlaps } from './resolve-overlaps.js';

const TEXT = [
  'Ana <ana@example.com>, +1 (415) 555-0132, card 4111 1111 1111 1111, SSN 123-45-6789,',
  'IBAN DE89 3704 0044 0532 0130 00, from 192.168.1.10 and 2001:db8::1,',
  'key AKIAIOSFODNN7EXAMPLE, token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlMTIz',
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE KEY-----',
].join('\n');

describe('selectKinds', () => {
  it('expands groups, dedupes and keeps the canonical order', () => {
    expect(selectKinds('all')).toEqual(DETECTOR_KINDS);
    expect(selectKinds(['secrets', 'email', 'jwt'])).toEqual(['email', 'jwt', 'api_key', 'private_key']);
    expect(selectKinds(['pii'])).toEqual(['email', 'phone', 'credit_card', 'us_ssn', 'iban', 'ipv4', 'ipv6']);
  });
});

describe('detect', () => {
  it('finds one of every kind, in text order, by offsets', () => {
    const findings = detect(TEXT);
    expect(findings.map((f) => f.kind)).toEqual(['email', 'phone', 'credit_card', 'us_ssn', 'iban', 'ipv4', 'ipv6', 'api_key', 'jwt', 'private_key']);
    expect(findings.map((f) => TEXT.slice(f.start, f.end)).slice(0, 2)).toEqual(['ana@example.com', '+1 (415) 555-0132']);
  });

  it('runs only the selected kinds', () => {
    expect(detectedKinds(TEXT, ['secrets'])).toEqual(['api_key', 'jwt', 'private_key']);
    expect(detectedKinds(TEXT, ['email', 'ipv4'])).toEqual(['email', 'ipv4']);
    expect(detectedKinds(TEXT, ['pii'])).toEqual(['credit_card', 'email', 'iban', 'ipv4', 'ipv6', 'phone', 'us_ssn']);
  });

  it('reports an IPv4 tail once, as part of its IPv6 address', () => {
    const text = 'peer ::ffff:192.0.2.1 up';
    expect(detect(text)).toEqual([{ kind: 'ipv6', start: 5, end: 21 }]);
  });

  it('finds nothing in ordinary text', () => {
    const prose = 'Release 2.4.1 shipped on 2024-01-15 at 12:30:45 with commit 3f78685 (order #55120, UUID 550e8400-e29b-41d4-a716-446655440000); skip the sketchy steps.';
    expect(detect(prose)).toEqual([]);
    expect(detect('')).toEqual([]);
  });
});

describe('resolveOverlaps', () => {
  it('merges overlapping spans into their union, of the longest span’s kind', () => {
    expect(
      resolveOverlaps([
        { kind: 'ipv4', start: 9, end: 30 },
        { kind: 'phone', start: 0, end: 10 },
        { kind: 'email', start: 40, end: 50 },
        { kind: 'phone', start: 5, end: 8 },
      ]),
    ).toEqual([
      { kind: 'ipv4', start: 0, end: 30 },
      { kind: 'email', start: 40, end: 50 },
    ]);
  });

  it('prefers the more specific kind for identical spans', () => {
    expect(resolveOverlaps([{ kind: 'phone', start: 0, end: 5 }, { kind: 'api_key', start: 0, end: 5 }])).toEqual([{ kind: 'api_key', start: 0, end: 5 }]);
  });
});
