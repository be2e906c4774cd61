/**
 * @module The approvals API: our inbox (`/api/v1/approvals`: list with filters, get, approve,
 * reject, bulk) and AxonFlow's WCP routes (`pending`, `approveStep`, `rejectStep`). Types are the
 * wire's (src/shared/approvals.ts). Decisions need an `approver` credential.
 */
import type {
  ApprovalList,
  ApprovalResource,
  ApprovalResponse,
  BulkApprovalRequest,
  BulkApprovalResponse,
  PendingApprovalsResponse,
} from '../shared/approvals.js';
import type { HttpClient } from './http-client.js';

export type { ApprovalList, ApprovalResource, ApprovalResponse, BulkApprovalRequest, BulkApprovalResponse, PendingApprovalsResponse } from '../shared/approvals.js';

export interface ApprovalListQuery {
  /** One status or several, comma-separated: pending, approved, rejected, expired. */
  readonly status?: string;
  readonly workflow?: string;
  readonly policyId?: string;
  /** Durations such as `30m`, `4h`. */
  readonly olderThan?: string;
  readonly newerThan?: string;
  readonly sla?: 'ok' | 'breached';
  readonly limit?: number;
  readonly cursor?: string;
}

export interface DecideOptions {
  /** Admins only: record the decision in this name. */
  readonly as?: string;
}

const path = (id: string) => `/api/v1/approvals/${encodeURIComponent(id)}`;
const stepPath = (workflowId: string, stepId: string) => `/api/v1/workflows/${encodeURIComponent(workflowId)}/steps/${encodeURIComponent(stepId)}`;

export class ApprovalsClient {
  constructor(private readonly http: HttpClient) {}

  list(query: ApprovalListQuery = {}): Promise<ApprovalList> {
    return this.http.request('GET', '/api/v1/approvals', {
      query: { status: query.status, workflow: query.workflow, policy_id: query.policyId, older_than: query.olderThan, newer_than: query.newerThan, sla: query.sla, limit: query.limit, cursor: query.cursor },
      idempotent: true,
    });
  }

  get(id: string): Promise<ApprovalResource> {
    return this.http.request('GET', path(id), { idempotent: true });
  }

  /** `comment`: at least 10 characters. A repeat answers APPROVAL_NOT_PENDING, so it is not retried blindly. */
  approve(id: string, comment: string, options: DecideOptions = {}): Promise<ApprovalResource> {
    return this.http.request('POST', `${path(id)}/approve`, { body: { comment, approved_by: options.as } });
  }

  /** `reason`: at least 10 characters. The run is aborted (or failed, as the policy says). */
  reject(id: string, reason: string, options: DecideOptions = {}): Promise<ApprovalResource> {
    return this.http.request('POST', `${path(id)}/reject`, { body: { reason, rejected_by: options.as } });
  }

  /** Up to 500 approvals by id or by filter; `dry_run` only reports which would be decided. */
  bulk(request: BulkApprovalRequest): Promise<BulkApprovalResponse> {
    return this.http.request('POST', '/api/v1/approvals/bulk', { body: request, idempotent: request.dry_run === true });
  }

  /** AxonFlow's pending list (WCP), oldest first. */
  pending(limit?: number): Promise<PendingApprovalsResponse> {
    return this.http.request('GET', '/api/v1/workflows/approvals/pending', { query: { limit }, idempotent: true });
  }

  /** AxonFlow's WCP approve. */
  approveStep(workflowId: string, stepId: string, comment: string, options: DecideOptions = {}): Promise<ApprovalResponse> {
    return this.http.request('POST', `${stepPath(workflowId, stepId)}/approve`, { body: { comment, approved_by: options.as } });
  }

  /** AxonFlow's WCP reject. */
  rejectStep(workflowId: string, stepId: string, reason: string, options: DecideOptions = {}): Promise<ApprovalResponse> {
    return this.http.request('POST', `${stepPath(workflowId, stepId)}/reject`, { body: { reason, rejected_by: options.as } });
  }
}
