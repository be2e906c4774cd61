import { describe, expect, it } from 'vitest';
import type { Approval } from '../executions/approval.js';
import { approvalDueAt, slaStateOf } from './approval-deadlines.js';

const base: Approval = {
  approvalId: 'apr',
  executionId: 'run',
  stepId: 'pay',
  status: 'pending',
  policyIds: [],
  reason: 'needs a reviewer',
  requestedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-02T00:00:00.000Z',
  slaAt: '2026-01-01T04:00:00.000Z',
  updatedSeq: 1,
};

describe('approvalDueAt', () => {
  it('is the earlier of an unmarked SLA and the expiry while pending, and nothing once resolved', () => {
    expect(approvalDueAt(base)).toBe(base.slaAt);
    expect(approvalDueAt({ ...base, slaBreached: true })).toBe(base.expiresAt);
    expect(approvalDueAt({ ...base, slaAt: undefined, expiresAt: undefined })).toBeUndefined();
    expect(approvalDueAt({ ...base, slaAt: '2026-01-03T00:00:00.000Z' })).toBe(base.expiresAt);
    for (const status of ['approved', 'rejected', 'expired'] as const) expect(approvalDueAt({ ...base, status })).toBeUndefined();
  });
});

describe('slaStateOf', () => {
  it('is breached once the SLA passed before resolution (before now while pending)', () => {
    expect(slaStateOf(base, '2026-01-01T03:59:59.999Z')).toBe('ok');
    expect(slaStateOf(base, '2026-01-01T04:00:00.000Z')).toBe('breached');
    expect(slaStateOf({ ...base, status: 'approved', decidedAt: '2026-01-01T01:00:00.000Z' }, '2026-01-05T00:00:00.000Z')).toBe('ok');
    expect(slaStateOf({ ...base, status: 'approved', decidedAt: '2026-01-01T05:00:00.000Z' }, '2026-01-05T00:00:00.000Z')).toBe('breached');
    expect(slaStateOf({ ...base, slaAt: undefined }, '2026-01-05T00:00:00.000Z')).toBe('ok');
    expect(slaStateOf({ ...base, slaBreached: true }, '2026-01-01T00:00:00.000Z')).toBe('breached');
  });
});
