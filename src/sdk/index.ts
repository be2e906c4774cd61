/** @module axonflow/sdk: the public TypeScript client of the control plane. */
export { AxonFlowClient, type AxonFlowClientOptions } from './axonflow-client.js';
export { WorkflowRun, type StartOptions, type StepOptions, type StepContext, type StepFunction, type RetryOptions, type LlmCall, type ConnectorCall, type StepType } from './workflow-run.js';
export { WorkflowsClient, type CompleteStepRequest } from './workflows-client.js';
export { EventsClient, type IngestEvent, type IngestResponse } from './events-client.js';
export { ExecutionsClient, type EventsQuery, type EventsResponse, type ExecutionListQuery, type ReplayList, type ExecutionSummary, type ExecutionSnapshot, type TimelineEntry, type TimelineItem } from './executions-client.js';
export { StreamsClient, type StreamFrame, type StreamOptions, type ExecutionsStreamFilter, type StreamToken } from './stream-client.js';
export { UnifiedClient, type ExecutionStatus } from './unified-client.js';
export { PoliciesClient, type PolicyInput, type PolicyVersion, type SimulationRequest, type SimulationReport } from './policies-client.js';
export { ApprovalsClient, type ApprovalListQuery, type DecideOptions, type ApprovalList, type ApprovalResource, type ApprovalResponse, type BulkApprovalRequest, type BulkApprovalResponse, type PendingApprovalsResponse } from './approvals-client.js';
export { UsageClient, type UsageQuery, type UsagePeriod, type UsageGroupBy, type UsageTotals, type UsageBreakdown } from './usage-client.js';
export { BudgetsClient, type Budget, type BudgetInput, type BudgetUpdate, type BudgetStatus, type BudgetAlert, type BudgetCheck, type BudgetCheckInput, type BudgetListQuery } from './budgets-client.js';
export { PricingClient, type PriceTable, type Pricing } from './pricing-client.js';
export { WebhooksClient, type Webhook, type CreatedWebhook, type WebhookInput, type WebhookUpdate, type WebhookDelivery, type DeliveriesQuery } from './webhooks-client.js';
export { AlertsClient, type Alert, type AlertKind, type AlertState, type AlertList, type AlertListQuery, type AlertRules, type AlertRulesResponse, type AlertRulesUpdate, type AlertTenantOption } from './alerts-client.js';
export { verifyWebhookSignature, WEBHOOK_HEADERS } from './webhook-signature.js';
export { HttpClient, type HttpClientOptions, type RequestOptions } from './http-client.js';
export * from './errors.js';
