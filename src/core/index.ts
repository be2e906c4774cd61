/** @module The domain core: no HTTP, SQL, React or filesystem imports (enforced by a test). */
export * from './errors/index.js';
export * from './identity/index.js';
export * from './events/index.js';
export * from './executions/index.js';
export * from './ports/index.js';
export * from './pricing/index.js';
export * from './budgets/index.js';
export * from './workflows/index.js';
export * from './approvals/index.js';
export * from './cancellation/index.js';
export * from './policies/index.js';
export * from './detectors/index.js';
export * from './audit/index.js';
export * from './webhooks/index.js';
export * from './reruns/index.js';
