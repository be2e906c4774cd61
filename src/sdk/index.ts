/** @module axonflow/sdk: the public TypeScript client of the control plane. */
export { AxonFlowClient, type AxonFlowClientOptions } from './axonflow-client.js';
export { WorkflowRun, type StartOptions, type StepOptions, type StepContext, type StepFunction, type RetryOptions, type LlmCall, type ConnectorCall, type StepType } from './workflow-run.js';
export { WorkflowsClient, type CompleteStepRequest } from './workflows-client.js';
export { EventsClient, type IngestEvent, type IngestResponse } from './events-client.js';
export type { DiffRow, DiffRun, DiffStepRef, ExecutionDiff } from '../shared/execution-diff.js';
export { ExecutionsClient, type EventsQuery, type EventsResponse, type ExecutionListQuery, type ReplayList, type ExecutionSummary, type ExecutionSnapshot, type TimelineEntry, type TimelineItem } from './executions-client.js';
export { StreamsClient, type StreamFrame, type StreamOptions, type ExecutionsStreamFilter, type StreamToken } from './stream-client.js';
export { UnifiedClient, type ExecutionStatus } from './unified-client.js';
export { PoliciesClient, type PolicyInput, type PolicyVersion, type SimulationRequest, type SimulationReport } from './policies-client.js';
export { ApprovalsClient, type ApprovalListQuery, type DecideOptions, type ApprovalList, type ApprovalResource, type ApprovalResponse, type BulkApprovalRequest, type BulkApprovalResponse, type PendingApprovalsResponse } from './approvals-client.js';
export { UsageClient, type UsageQuery, type UsagePeriod, type UsageGroupBy, type UsageTotals, type UsageBreakdown } from './usage-client.js';
export { BudgetsClient, type Budget, type BudgetInput, type BudgetUpdate, type BudgetStatus, type BudgetAlert, type BudgetCheck, type BudgetCheckInput, type BudgetListQuery } from './budgets-client.js';
export { PricingClient, type PriceTable, type Pricing } from './pricing-client.js';
export { WebhooksClient, type Webhook, type WebhookFormat, type CreatedWebhook, type WebhookInput, type WebhookUpdate, type WebhookDelivery, type DeliveriesQuery } from './webhooks-client.js';
export { AlertsClient, type Alert, type AlertKind, type AlertState, type AlertList, type AlertListQuery, type AlertRules, type AlertRulesResponse, type AlertRulesUpdate, type AlertTenantOption } from './alerts-client.js';
export { AuditClient, type AuditRecord, type AuditPage, type AuditVerification, type AuditChainFault, type AuditSearchQuery } from './audit-client.js';
export { verifyWebhookSignature, WEBHOOK_HEADERS } from './webhook-signature.js';
export { EvidenceClient, type SigningKey } from './evidence-client.js';
export { verifyBundle, signingKeyId, BUNDLE_PROBLEMS, type BundleVerification, type BundleProblem, type BundleProblemCode, type BundleManifest, type BundleSignature } from './verify-bundle.js';
export type { ExportFormat, ExportOptions, BulkExportQuery, BulkExportLine, BulkExportRun } from './executions-client.js';
export { RerunsClient, type RerunTarget, type RerunTargetInput, type RerunOptions, type RerunResponse, type RerunTargetList, type PutRerunTargetResponse, type RerunTenantOption } from './reruns-client.js';
export {
  createRerunHandler,
  handleRerunRequest,
  verifyRerunRequest,
  rerunStartOptions,
  RERUN_HEADERS,
  DEFAULT_RERUN_TOLERANCE_SECONDS,
  type RerunRequest,
  type RerunVerification,
  type RerunRejection,
  type RerunHandlerOptions,
  type RerunAnswer,
  type VerifyRerunOptions,
} from './rerun-handler.js';
export type { WorkflowSteps, WorkflowFunction } from './workflow-steps.js';
export { replay, type ReplayOptions, type ReplayReport } from './replay/replay.js';
export { ReplayRun, type RunEnding } from './replay/replay-run.js';
export { findDivergence, compareStep, StepMatcher, DIVERGENCE_KINDS, type Divergence, type DivergenceKind, type ReplayStep } from './replay/find-divergence.js';
export { compareRecorded, matchesMasked } from './replay/compare-recorded.js';
export { ReplayDivergenceError, ReplayedStepError } from './replay/replay-errors.js';
export { HttpClient, type HttpClientOptions, type RequestOptions } from './http-client.js';
export * from './errors.js';
