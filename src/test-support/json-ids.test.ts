import { describe, expect, it } from 'vitest';
import { idsIn, markersIn } from './json-ids.js';

describe('idsIn', () => {
  it('collects id members and id lists at any depth, but not scope members or short values', () => {
    const ids = idsIn({ id: 'wf_0123456789', tenant_id: 'tenant-a-long', items: [{ approval_id: 'apr_0123456789', policy_ids: ['policy-one-1', 'p1'] }], index: 3, clientId: 'axf_abcdefgh' });
    expect([...ids].sort()).toEqual(['apr_0123456789', 'axf_abcdefgh', 'policy-one-1', 'wf_0123456789']);
  });
});

describe('markersIn', () => {
  it('finds markers as whole tokens only', () => {
    expect(markersIn('{"id":"aud_evt_60","x":"aud_evt_6"}', ['aud_evt_6', 'aud_evt_7'])).toEqual(['aud_evt_6']);
    expect(markersIn('{"id":"aud_evt_60"}', ['aud_evt_6'])).toEqual([]);
    expect(markersIn('Dear alice.x@tenant-a.example, hi', ['alice.x@tenant-a.example'])).toEqual(['alice.x@tenant-a.example']);
  });
});
