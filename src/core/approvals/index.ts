export { type ApprovalDecision, planApprovalDecision } from './decide-approval.js';
