/** @module The audit trail: entries, the per-tenant hash chain, and the entries events stand for. */
export type { AuditEntry } from './audit-entry.js';
export { type AuditRecord, type AuditChainHead, type ChainFault, CHAIN_FAULTS } from './audit-record.js';
export { GENESIS_HASH, EMPTY_CHAIN, chainHash, chainEntries, verifyChain, type ChainCheck } from './audit-chain.js';
export { ChainVerifier, type ChainVerification } from './chain-verifier.js';
export { auditOfEvents, AUDITED_EVENT_TYPES, UNKNOWN_ACTOR, type AuditContext } from './audit-of-event.js';
