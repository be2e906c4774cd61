import { describe, expect, it } from 'vitest';
import { PolicyDefinition } from '../../shared/policies.js';
import { definitionOf, specOf } from './policy-presenter.js';

describe('policy presenter', () => {
  it('carries the approval settings (TTL, SLA, on_reject) between the wire and core', () => {
    const wire = PolicyDefinition.parse({
      id: 'big-refunds',
      name: 'Big refunds',
      when: 'true',
      action: 'require_approval',
      reason: 'needs a reviewer',
      approval_ttl_seconds: 7200,
      approval_sla_seconds: 900,
      on_reject: 'fail',
    });
    const spec = specOf(wire);
    expect(spec).toMatchObject({ approvalTtlMs: 7_200_000, approvalSlaMs: 900_000, onReject: 'fail' });
    expect(definitionOf({ ...spec, version: 1 })).toMatchObject({ approval_ttl_seconds: 7200, approval_sla_seconds: 900, on_reject: 'fail' });
    expect(() => PolicyDefinition.parse({ ...wire, on_reject: 'ignore' })).toThrow();
    expect(() => PolicyDefinition.parse({ ...wire, approval_sla_seconds: 5 })).toThrow();
  });
});
