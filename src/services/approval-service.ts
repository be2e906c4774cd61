/**
 * @module ApprovalService: the approvals inbox and reviewers' decisions. Every decision is an
 * append whose decide function re-checks the approval inside the transaction (pending, not past
 * its expiry, run not ended), so two reviewers racing, or a reviewer racing the sweeper, produce
 * one outcome. The identity recorded is the caller's credential; only an admin may record a
 * decision in another name (`approved_by` / `rejected_by`).
 */
import { planApprovalDecision, requireDecidable } from '../core/approvals/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { Approval, Execution, Step } from '../core/executions/index.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { ApprovalFilter, ApprovalPage, ApprovalStore, ApprovalView, ListApprovalsQuery } from '../core/ports/approval-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';
import type { EventWriter } from './event-writer.js';

export type Verdict = 'approved' | 'rejected';

/** Most approvals one bulk call may act on; a larger selection is BULK_LIMIT_EXCEEDED, not a partial run. */
export const BULK_MAX = 500;

export interface BulkRequest {
  readonly verdict: Verdict;
  /** Exactly one of `ids` and `filter`. A filter selects pending, still-decidable approvals only. */
  readonly ids?: readonly string[];
  readonly filter?: ApprovalFilter;
  readonly comment: string;
  readonly by: string;
  readonly dryRun: boolean;
}

export interface BulkItem {
  readonly approvalId: string;
  readonly ok: boolean;
  readonly approval?: Approval;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface BulkOutcome {
  /** The approvals acted on (or, in a dry run, that would be): in a dry run those that pass the checks now. */
  readonly ids: readonly string[];
  /** Per item, in request order; absent in a dry run. */
  readonly results?: readonly BulkItem[];
}

export interface StepDecision {
  readonly approval: Approval;
  readonly step: Step;
  readonly execution: Execution;
}

/**
 * Who a decision is recorded as: the caller, unless an admin names someone else. A non-admin
 * naming anyone but themselves is DECIDER_OVERRIDE_FORBIDDEN (not silently ignored: the record
 * would not say what they asked for).
 */
export function resolveDecider(caller: Caller, requested: string | undefined, field: string): string {
  const named = requested?.trim();
  if (!named || named === caller.clientId) return caller.clientId;
  if (caller.role !== 'admin') throw new DomainError('DECIDER_OVERRIDE_FORBIDDEN', { field, clientId: caller.clientId });
  return named;
}

export class ApprovalService {
  constructor(
    private readonly store: ExecutionStore & ApprovalStore,
    private readonly writer: EventWriter,
    private readonly clock: Clock,
  ) {}

  now(): string {
    return this.clock.now();
  }

  async decide(scope: Scope, approvalId: string, decision: Verdict, by: string, comment: string): Promise<Approval> {
    const approval = await this.store.getApproval(scope, approvalId);
    if (!approval) throw new DomainError('APPROVAL_NOT_FOUND', { approvalId });
    const result = await this.writer.append(scope, {
      executionId: approval.executionId,
      load: { approvalIds: [approvalId], stepIds: [approval.stepId] },
      decide: (current) => planApprovalDecision(current, { approvalId, decision, by, comment, now: this.clock.now() }),
    });
    return result.projection.approvals.get(approvalId) as Approval;
  }

  /** WCP: the approval of one step of one workflow. */
  async decideStep(scope: Scope, workflowId: string, stepId: string, decision: Verdict, by: string, comment: string): Promise<StepDecision> {
    const execution = await this.store.getExecution(scope, workflowId);
    if (!execution || execution.executionType !== 'wcp_workflow') throw new DomainError('WORKFLOW_NOT_FOUND', { workflowId });
    const step = await this.store.getStep(scope, workflowId, stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', { executionId: workflowId, stepId });
    const approvalId = step.approvalId;
    if (!approvalId) throw new DomainError('NO_APPROVAL_NEEDED', { workflowId, stepId });
    const result = await this.writer.append(scope, {
      executionId: workflowId,
      load: { approvalIds: [approvalId], stepIds: [stepId] },
      decide: (current) => planApprovalDecision(current, { approvalId, decision, by, comment, now: this.clock.now() }),
    });
    return {
      approval: result.projection.approvals.get(approvalId) as Approval,
      step: result.projection.steps.get(stepId) as Step,
      execution: result.projection.execution as Execution,
    };
  }

  async get(scope: Scope, approvalId: string): Promise<ApprovalView> {
    const view = await this.store.getApprovalView(scope, approvalId);
    if (!view) throw new DomainError('APPROVAL_NOT_FOUND', { approvalId });
    return view;
  }

  list(scope: Scope, query: ListApprovalsQuery): Promise<ApprovalPage> {
    return this.store.listApprovalViews(scope, { ...query, now: this.clock.now() });
  }

  /** AxonFlow's pending list: WCP approvals a reviewer can still decide, oldest first. */
  async pending(scope: Scope, limit: number): Promise<readonly ApprovalView[]> {
    const page = await this.store.listApprovalViews(scope, { statuses: ['pending'], executionType: 'wcp_workflow', excludeLapsed: true, activeRunsOnly: true, now: this.clock.now(), limit });
    return page.items;
  }

  async bulk(scope: Scope, request: BulkRequest): Promise<BulkOutcome> {
    const now = this.clock.now();
    const selected = request.ids ? [...new Set(request.ids)] : await this.#select(scope, request.filter ?? {}, now);
    if (selected.length > BULK_MAX) throw new DomainError('BULK_LIMIT_EXCEEDED', { max: BULK_MAX, count: request.ids ? selected.length : `more than ${BULK_MAX}` });
    if (request.dryRun) {
      const views = await Promise.all(selected.map((id) => this.store.getApprovalView(scope, id)));
      return { ids: views.filter((v): v is ApprovalView => v !== undefined && decidableNow(v, now)).map((v) => v.approval.approvalId) };
    }
    const results: BulkItem[] = [];
    for (const approvalId of selected) {
      try {
        const approval = await this.decide(scope, approvalId, request.verdict, request.by, request.comment);
        results.push({ approvalId, ok: true, approval });
      } catch (error) {
        // One bad item never fails the rest: its error is its result.
        const domain = DomainError.is(error) ? error : new DomainError('INTERNAL_ERROR', {}, { cause: error });
        results.push({ approvalId, ok: false, error: { code: domain.code, message: domain.message } });
      }
    }
    return { ids: results.filter((r) => r.ok).map((r) => r.approvalId), results };
  }

  /** A filter selects what a decision can act on: pending, unexpired approvals of runs still going. */
  async #select(scope: Scope, filter: ApprovalFilter, now: string): Promise<string[]> {
    const page = await this.store.listApprovalViews(scope, { ...filter, statuses: ['pending'], excludeLapsed: true, activeRunsOnly: true, now, limit: BULK_MAX + 1 });
    return page.items.map((v) => v.approval.approvalId);
  }
}

/** The checks a decision would make, on a snapshot: for dry runs. */
function decidableNow(view: ApprovalView, now: string): boolean {
  try {
    requireDecidable(
      { execution: { executionId: view.approval.executionId, status: view.executionStatus } as Execution, approvals: new Map([[view.approval.approvalId, view.approval]]), steps: new Map(), usage: [] },
      view.approval.approvalId,
      now,
    );
    return true;
  } catch {
    return false;
  }
}
