/**
 * @module The audit trail API (`/api/v1/audit`, docs/audit.md): search the tenant's records
 * (operator actions, configuration changes, gate decisions) and verify its hash chain. Operators
 * and admins; admins may name another tenant of the org. Types are the wire's (src/shared/audit.ts).
 */
import type { z } from 'zod';
import type { AuditChainFaultWire, AuditRecordWire, AuditSearchResponse, AuditVerifyResponse } from '../shared/audit.js';
import type { HttpClient } from './http-client.js';

export type AuditRecord = z.infer<typeof AuditRecordWire>;
export type AuditPage = z.infer<typeof AuditSearchResponse>;
export type AuditVerification = z.infer<typeof AuditVerifyResponse>;
export type AuditChainFault = z.infer<typeof AuditChainFaultWire>;

export interface AuditSearchQuery {
  /** The actor's client id, exactly. */
  readonly actor?: string;
  /** An action or a dotted prefix of one: `gate` matches gate.allow, gate.block, gate.require_approval. */
  readonly action?: string;
  readonly executionId?: string;
  /** With `targetId`: the object acted on (`execution`, `step`, `approval`, `policy`, `credential`…). */
  readonly targetType?: string;
  readonly targetId?: string;
  /** Records at or after this time (RFC 3339). */
  readonly from?: string;
  /** Records before this time (RFC 3339). */
  readonly to?: string;
  /** 1-500, default 100. */
  readonly limit?: number;
  /** `next_cursor` of the previous page. */
  readonly cursor?: string;
  /** Admins: another tenant of the org. */
  readonly tenantId?: string;
}

export class AuditClient {
  constructor(private readonly http: HttpClient) {}

  /** One page, newest first; `next_cursor` is present when more may follow. */
  search(query: AuditSearchQuery = {}): Promise<AuditPage> {
    return this.http.request('GET', '/api/v1/audit/search', {
      query: {
        actor: query.actor,
        action: query.action,
        execution_id: query.executionId,
        target_type: query.targetType,
        target_id: query.targetId,
        from: query.from,
        to: query.to,
        limit: query.limit,
        cursor: query.cursor,
        tenant_id: query.tenantId,
      },
      idempotent: true,
    });
  }

  /** Every matching record, newest first, page by page. */
  async *all(query: Omit<AuditSearchQuery, 'cursor'> = {}): AsyncIterable<AuditRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.search({ ...query, cursor });
      yield* page.records;
      cursor = page.next_cursor;
    } while (cursor !== undefined);
  }

  /** Walks the tenant's chain: `valid`, or the first bad seq and why (hash_mismatch, seq_gap, prev_hash_mismatch, head_mismatch). */
  verify(options: { readonly tenantId?: string } = {}): Promise<AuditVerification> {
    return this.http.request('GET', '/api/v1/audit/verify', { query: { tenant_id: options.tenantId }, idempotent: true });
  }
}
