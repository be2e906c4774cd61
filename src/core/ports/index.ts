export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { Ids } from './ids.js';
export { randomIds } from './ids.js';
export type {
  ExecutionStore,
  AppendRequest,
  AppendResult,
  AppendedEvent,
  ReadEventsQuery,
  ReadStepsQuery,
  ListExecutionsQuery,
  ExecutionFilter,
  SortField,
  Range,
  ExecutionPage,
} from './execution-store.js';
export type { IdentityStore } from './identity-store.js';
export type { RerunStore } from './rerun-store.js';
export type { ServerKeyStore } from './server-key-store.js';
export { SIGNATURE_ALGORITHMS, type Signer, type SigningPublicKey, type Signature, type SignatureAlgorithm } from './signer.js';
export type { SeqReads } from './seq-reads.js';
export { USAGE_GROUPS, type UsageStore, type UsageQuery, type UsageTotals, type UsageGroup, type UsageGroupBy } from './usage-store.js';
export type { BudgetStore, ListBudgetsQuery } from './budget-store.js';
export type { PriceStore, PriceOverride } from './price-store.js';
export type { EventBus, EventNotice, NoticeListener } from './event-bus.js';
export type { WebhookStore, WebhookCursor, ClaimedDelivery, AttemptRecord, ListDeliveriesQuery } from './webhook-store.js';
export type { WebhookTransport, WebhookRequest } from './webhook-transport.js';
export type { ApprovalStore, ApprovalFilter, ListApprovalsQuery, ApprovalView, ApprovalPage, DueApproval } from './approval-store.js';
export type { AuditStore, AuditSearchQuery, AuditPage } from './audit-store.js';
export type { Store, StoreCapabilities, MigrationReport } from './store.js';
export type { PolicyEvaluator, GateFacts } from './policy-evaluator.js';
