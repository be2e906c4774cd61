/**
 * @module The Workflow Control Plane client: one method per route, wire shapes as AxonFlow defines
 * them, plus `start()` for the workflow helper.
 */
import type {
  CheckpointList,
  CreateWorkflowRequest,
  CreateWorkflowResponse,
  ListWorkflowsResponse,
  StepGateRequest,
  StepGateResponse,
  WorkflowActionResponse,
  WorkflowStatusResponse,
} from '../shared/workflows.js';
import type { EventsClient } from './events-client.js';
import type { ExecutionsClient } from './executions-client.js';
import type { HttpClient } from './http-client.js';
import { WorkflowRun, type StartOptions } from './workflow-run.js';
import { freshIdempotencyKey } from './idempotency-key.js';

export type { CheckpointList, CreateWorkflowRequest, CreateWorkflowResponse, ListWorkflowsResponse, StepGateRequest, StepGateResponse, WorkflowActionResponse, WorkflowStatusResponse };

export interface CompleteStepRequest {
  readonly output?: unknown;
  readonly tokens_in?: number;
  readonly tokens_out?: number;
  readonly cost_usd?: number;
  readonly idempotency_key?: string;
}

const path = (...parts: string[]) => `/api/v1/workflows/${parts.map(encodeURIComponent).join('/')}`;

export class WorkflowsClient {
  constructor(
    private readonly http: HttpClient,
    private readonly executions: ExecutionsClient,
    private readonly events: EventsClient,
  ) {}

  /** Sends an Idempotency-Key (yours, or a fresh one), so retries after a lost answer never create a second workflow. */
  create(request: CreateWorkflowRequest, options: { idempotencyKey?: string } = {}): Promise<CreateWorkflowResponse> {
    const key = options.idempotencyKey ?? freshIdempotencyKey();
    return this.http.request('POST', '/api/v1/workflows', { body: request, headers: { 'idempotency-key': key }, idempotent: true });
  }

  list(query: { limit?: number; offset?: number; status?: string; source?: string; trace_id?: string } = {}): Promise<ListWorkflowsResponse> {
    return this.http.request('GET', '/api/v1/workflows', { query, idempotent: true });
  }

  get(workflowId: string): Promise<WorkflowStatusResponse> {
    return this.http.request('GET', path(workflowId), { idempotent: true });
  }

  /** Retried safely: a repeated gate for the same step answers with the recorded decision. */
  gate(workflowId: string, stepId: string, request: StepGateRequest, options: { includePriorOutput?: boolean } = {}): Promise<StepGateResponse> {
    return this.http.request('POST', `${path(workflowId, 'steps', stepId)}/gate`, {
      body: request,
      query: options.includePriorOutput ? { include_prior_output: true } : undefined,
      idempotent: (request.retry_policy ?? 'idempotent') === 'idempotent',
    });
  }

  completeStep(workflowId: string, stepId: string, request: CompleteStepRequest = {}): Promise<void> {
    return this.http.request('POST', `${path(workflowId, 'steps', stepId)}/complete`, { body: request });
  }

  complete(workflowId: string, request: { output?: unknown } = {}): Promise<WorkflowActionResponse> {
    return this.http.request('POST', `${path(workflowId)}/complete`, { body: request });
  }

  fail(workflowId: string, reason?: string): Promise<WorkflowActionResponse> {
    return this.http.request('POST', `${path(workflowId)}/fail`, { body: reason === undefined ? {} : { reason } });
  }

  abort(workflowId: string, reason?: string): Promise<WorkflowActionResponse> {
    return this.http.request('POST', `${path(workflowId)}/abort`, { body: reason === undefined ? {} : { reason } });
  }

  resume(workflowId: string): Promise<WorkflowActionResponse> {
    return this.http.request('POST', `${path(workflowId)}/resume`, { body: {} });
  }

  checkpoints(workflowId: string): Promise<CheckpointList> {
    return this.http.request('GET', `${path(workflowId)}/checkpoints`, { idempotent: true });
  }

  /** Creates a workflow and returns the helper that gates, runs and records its steps. */
  async start(options: StartOptions): Promise<WorkflowRun> {
    const created = await this.create(
      {
        workflow_name: options.name,
        source: options.source,
        metadata: options.metadata,
        trace_id: options.traceId,
        input: options.input,
        parent_execution_id: options.parentExecutionId,
        rerun_id: options.rerunId,
      },
      { idempotencyKey: options.idempotencyKey },
    );
    return new WorkflowRun(created.workflow_id, this, this.executions, this.events, options);
  }
}
