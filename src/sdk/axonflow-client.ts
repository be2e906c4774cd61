/**
 * @module AxonFlowClient: the SDK's entry point, a facade of resource clients over one HTTP client.
 *
 * ```ts
 * import { AxonFlowClient } from 'axonflow/sdk';
 * const client = new AxonFlowClient({ endpoint: 'http://localhost:8080', clientId, clientSecret });
 * ```
 */
import type { Health } from '../shared/health.js';
import type { WhoAmI } from '../shared/identity.js';
import { EventsClient } from './events-client.js';
import { ExecutionsClient } from './executions-client.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import { PoliciesClient } from './policies-client.js';
import { AlertsClient } from './alerts-client.js';
import { ApprovalsClient } from './approvals-client.js';
import { BudgetsClient } from './budgets-client.js';
import { PricingClient } from './pricing-client.js';
import { UsageClient } from './usage-client.js';
import { StreamsClient } from './stream-client.js';
import { WorkflowsClient } from './workflows-client.js';
import { UnifiedClient } from './unified-client.js';
import { WebhooksClient } from './webhooks-client.js';
import { AuditClient } from './audit-client.js';
import { replay, type ReplayOptions, type ReplayReport } from './replay/replay.js';
import type { WorkflowFunction } from './workflow-steps.js';
import { EvidenceClient } from './evidence-client.js';
import { RerunsClient } from './reruns-client.js';

export type AxonFlowClientOptions = HttpClientOptions;

export class AxonFlowClient {
  readonly http: HttpClient;
  readonly workflows: WorkflowsClient;
  readonly events: EventsClient;
  readonly executions: ExecutionsClient;
  /** Live streams (SSE) of one run or of the runs matching a filter. */
  readonly streams: StreamsClient;
  readonly unified: UnifiedClient;
  readonly policies: PoliciesClient;
  /** The approvals inbox and AxonFlow's WCP approve / reject / pending. */
  readonly approvals: ApprovalsClient;
  /** Webhooks of the tenant and their delivery log. */
  readonly webhooks: WebhooksClient;
  /** Spend and tokens over a period, totalled or broken down. */
  readonly usage: UsageClient;
  readonly budgets: BudgetsClient;
  readonly pricing: PricingClient;
  /** Built-in alerts (firing and resolved) and their rules. */
  readonly alerts: AlertsClient;
  /** The tenant's tamper-evident audit trail: search and verify (operators and admins). */
  readonly audit: AuditClient;
  /** The key evidence bundles are signed with, and checking bundles offline (docs/exports.md). */
  readonly evidence: EvidenceClient;
  /** Re-run targets per workflow, and re-run requests (docs/rerun.md). */
  readonly reruns: RerunsClient;

  constructor(options: AxonFlowClientOptions = {}) {
    this.http = new HttpClient(options);
    this.executions = new ExecutionsClient(this.http);
    this.unified = new UnifiedClient(this.http);
    this.events = new EventsClient(this.http);
    this.workflows = new WorkflowsClient(this.http, this.executions, this.events);
    this.streams = new StreamsClient(this.http, options);
    this.policies = new PoliciesClient(this.http);
    this.approvals = new ApprovalsClient(this.http);
    this.webhooks = new WebhooksClient(this.http);
    this.usage = new UsageClient(this.http);
    this.budgets = new BudgetsClient(this.http);
    this.pricing = new PricingClient(this.http);
    this.alerts = new AlertsClient(this.http);
    this.audit = new AuditClient(this.http);
    this.evidence = new EvidenceClient(this.http);
    this.reruns = new RerunsClient(this.http);
  }

  /**
   * Runs `workflow` against the recorded run `executionId`: every `run.step` answers with the
   * recorded output instead of calling the model or tool, nothing is written, and the report says
   * `deterministic` or names the first divergence (docs/replay.md).
   */
  replay<I, O>(executionId: string, workflow: WorkflowFunction<I, O>, options?: ReplayOptions<I>): Promise<ReplayReport> {
    return replay(this.executions, executionId, workflow, options);
  }

  whoami(): Promise<WhoAmI> {
    return this.http.request('GET', '/api/v1/whoami', { idempotent: true });
  }

  health(): Promise<Health> {
    return this.http.request('GET', '/healthz', { idempotent: true });
  }
}
