/**
 * @module The audit trail wire (docs/audit.md): records of the tenant's hash chain, the search
 * query, and the verification answer.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

const tenantId = Id.optional().meta({ description: 'Admins: another tenant of the org' });

export const AUDIT_CHAIN_FAULTS = ['hash_mismatch', 'seq_gap', 'prev_hash_mismatch', 'head_mismatch'] as const;
export const AuditChainFaultWire = z.enum(AUDIT_CHAIN_FAULTS).meta({ id: 'AuditChainFault' });

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditRecordWire = z
  .object({
    seq: z.number().int().meta({ description: 'Position in the tenant’s chain: 1, 2, 3… with no gaps' }),
    id: z.string(),
    org_id: z.string(),
    tenant_id: z.string(),
    at: z.string().meta({ description: 'RFC 3339 date-time of the action' }),
    actor: z.string().meta({ description: 'Client id of the credential that acted; `system` for the server’s own actions' }),
    action: z.string().meta({ description: 'e.g. gate.block, approval.approve, execution.cancel, policy.update, credential.revoke' }),
    target_type: z.string(),
    target_id: z.string(),
    execution_id: z.string().optional(),
    details: z.record(z.string(), z.unknown()),
    prev_hash: Hash.meta({ description: 'hash of record seq-1 (64 zeros for the first)' }),
    hash: Hash.meta({ description: 'sha256 (hex) of the record’s canonical JSON with prev_hash (docs/audit.md)' }),
  })
  .meta({ id: 'AuditRecord' });

export const AuditSearchQuery = z
  .object({
    actor: z.string().min(1).max(255).optional().meta({ description: 'Client id of the actor, exactly' }),
    action: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, 'must be an action or a dotted prefix of one, such as gate or approval.reject')
      .optional()
      .meta({ description: 'An action, or a dotted prefix of one: `gate` matches gate.allow, gate.block, gate.require_approval' }),
    execution_id: Id.optional(),
    target_type: z.string().min(1).max(64).optional(),
    target_id: z.string().min(1).max(255).optional(),
    from: Timestamp.optional().meta({ description: 'Records at or after this time' }),
    to: Timestamp.optional().meta({ description: 'Records before this time' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().regex(/^[1-9][0-9]{0,15}$/, 'is not a cursor this search returned').optional().meta({ description: 'next_cursor of the previous page' }),
    tenant_id: tenantId,
  })
  .strict()
  .refine((q) => q.target_id === undefined || q.target_type !== undefined, { message: 'target_id needs target_type', path: ['target_id'] })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), { message: 'must be after from', path: ['to'] });

export const AuditSearchResponse = z
  .object({
    records: z.array(AuditRecordWire).meta({ description: 'Newest first' }),
    next_cursor: z.string().optional().meta({ description: 'Present when more records may follow: pass it as cursor' }),
  })
  .meta({ id: 'AuditSearchResponse' });

export const AuditVerifyQuery = z.object({ tenant_id: tenantId }).strict();

export const AuditVerifyResponse = z
  .object({
    valid: z.boolean(),
    checked: z.number().int().meta({ description: 'Records whose seq, link and hash were checked and found right' }),
    first_bad_seq: z.number().int().optional().meta({ description: 'When invalid: the first seq where the chain is not what the writers left' }),
    reason: AuditChainFaultWire.optional(),
    head_seq: z.number().int().optional().meta({ description: 'When valid: the seq of the last record checked (0 for an empty chain)' }),
    head_hash: Hash.optional().meta({ description: 'When valid: its hash; keep it elsewhere (anchor it) to detect a later rewrite of the whole chain' }),
  })
  .meta({ id: 'AuditVerifyResponse' });
