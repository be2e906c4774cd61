/**
 * @module Re-runs: the targets applications register per workflow (`/api/v1/rerun-targets`) and
 * the request an operator makes (`POST /api/v1/executions/{id}/rerun`). Types are the wire's
 * (src/shared/reruns.ts). `setTarget` is the only call whose answer may carry a secret. The
 * receiving side is `createRerunHandler` / `verifyRerunRequest` (rerun-handler.ts).
 */
import type { z } from 'zod';
import type { PutRerunTargetRequest, PutRerunTargetResponse, RerunResponse, RerunTargetList, RerunTargetWire } from '../shared/reruns.js';
import type { HttpClient } from './http-client.js';
import { freshIdempotencyKey } from './idempotency-key.js';

export type RerunTarget = RerunTargetWire;
export type RerunTargetInput = z.input<typeof PutRerunTargetRequest>;
export type { PutRerunTargetResponse, RerunResponse, RerunTargetList };

export interface RerunOptions {
  /** Why (at least 10 characters): sent to the application and kept on the run. */
  readonly reason: string;
  /** The step to start from: its index, or its step id. */
  readonly fromStep?: number | string;
  /** Members the application should change in the original input. */
  readonly inputOverrides?: Record<string, unknown>;
  /** Admins: a run of another tenant of the org. */
  readonly tenantId?: string;
  /**
   * Sent as Idempotency-Key (yours, or a fresh one per call): a retried request answers the first
   * one's re-run and is not sent to the application again. Reuse your own key to make a retry of a
   * whole call (a double click, a re-run CLI command) safe as well.
   */
  readonly idempotencyKey?: string;
}

/** Admins: act on another tenant of the org. */
export interface RerunTenantOption {
  readonly tenantId?: string;
}

const targetPath = (workflowName: string) => `/api/v1/rerun-targets/${encodeURIComponent(workflowName)}`;

export class RerunsClient {
  constructor(private readonly http: HttpClient) {}

  /**
   * Creates or replaces the target of a workflow (admins). `secret` is in the answer only when
   * this call set it (given, or generated for a new target): keep it, it is never shown again.
   */
  setTarget(workflowName: string, target: RerunTargetInput, options: RerunTenantOption = {}): Promise<PutRerunTargetResponse> {
    return this.http.request('PUT', targetPath(workflowName), { body: target, query: { tenant_id: options.tenantId }, idempotent: target.secret !== undefined });
  }

  listTargets(options: RerunTenantOption = {}): Promise<RerunTargetList> {
    return this.http.request('GET', '/api/v1/rerun-targets', { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  getTarget(workflowName: string, options: RerunTenantOption = {}): Promise<RerunTarget> {
    return this.http.request('GET', targetPath(workflowName), { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  deleteTarget(workflowName: string, options: RerunTenantOption = {}): Promise<void> {
    return this.http.request('DELETE', targetPath(workflowName), { query: { tenant_id: options.tenantId } });
  }

  /**
   * Asks the application to run an ended execution again. Resolves with what its target answered
   * (`delivery.status` delivered or failed); throws ConflictError (RERUN_TARGET_MISSING,
   * EXECUTION_NOT_TERMINAL, RERUN_IN_FLIGHT when a retry arrives while the first request is still
   * being sent), NotFoundError, ValidationError. Retried after a lost answer: the Idempotency-Key
   * makes a retry answer the first re-run instead of sending a second one.
   */
  request(executionId: string, options: RerunOptions): Promise<RerunResponse> {
    return this.http.request('POST', `/api/v1/executions/${encodeURIComponent(executionId)}/rerun`, {
      body: { reason: options.reason, from_step: options.fromStep, input_overrides: options.inputOverrides },
      query: { tenant_id: options.tenantId },
      headers: { 'idempotency-key': options.idempotencyKey ?? freshIdempotencyKey() },
      idempotent: true,
    });
  }
}
