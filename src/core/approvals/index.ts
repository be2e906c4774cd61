export { type ApprovalDecision, planApprovalDecision, requireDecidable } from './decide-approval.js';
export { planApprovalSweep } from './decide-approval-sweep.js';
export { approvalDueAt, slaStateOf, type SlaState } from './approval-deadlines.js';
