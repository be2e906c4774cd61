/**
 * @module Conformance: the per-tenant audit hash chain (docs/audit.md). Every writer (standalone
 * entries, events' gate decisions and operator actions, run deletion, credential and price
 * changes) extends one contiguous chain; writers on two replicas never fork it; and an edited,
 * inserted or deleted row, written past the store with SQL, is found by verification.
 */
import { expect } from 'vitest';
import { EMPTY_CHAIN, chainEntries, chainHash, verifyChain } from '../../core/audit/audit-chain.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditRecord } from '../../core/audit/audit-record.js';
import type { Scope } from '../../core/identity/scope.js';
import type { Store } from '../../core/ports/store.js';
import { AuditService } from '../../services/audit-service.js';
import { ev } from '../../test-support/event-drafts.js';
import type { RawStoreLocation } from '../../test-support/store-harness.js';
import type { ConformanceContext, Register } from './conformance-context.js';
import { uniqueScope } from './conformance-context.js';

const AT = '2026-06-01T12:00:00.000Z';
let n = 0;

function entry(action: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { auditId: `aud_case_${++n}`, at: AT, actor: 'ops-1', action, targetType: 'export', targetId: `exp_${n}`, details: { format: 'ndjson', n }, ...extra };
}

async function allRecords(store: Store, scope: Scope): Promise<AuditRecord[]> {
  return store.readAuditChain(scope, { limit: 1000 });
}

/** Verification as the route runs it, in pages of 3 so page boundaries are crossed. */
const verify = (store: Store, scope: Scope) => new AuditService({ store, pageSize: 3 }).verify(scope);

/** A run with a blocked gate, an approved one and a cancel, written with `actor` as the writer. */
async function operatedRun(store: Store, scope: Scope, executionId: string, actor = 'orchestrator-1'): Promise<void> {
  await store.append(scope, { executionId, actor, decide: () => [ev.created('refunds', { clientId: 'creator-1' }), ev.gated('lookup', 'allow'), ev.gated('pay', 'block', 'amount over limit')] });
  await store.append(scope, { executionId, actor, decide: () => [ev.gated('pay-2', 'require_approval'), ev.approvalRequested(`apr-${executionId}`, 'pay-2')] });
  await store.append(scope, { executionId, decide: () => [ev.approvalDecided(`apr-${executionId}`, 'pay-2', 'approved')] });
  await store.append(scope, {
    executionId,
    actor: 'ignored-when-the-event-names-one',
    decide: () => [{ type: 'execution.cancel_requested', data: { reason: 'runaway loop', by: 'ops-2' } }, { type: 'execution.cancelled', data: { reason: 'runaway loop', by: 'ops-2' } }],
  });
}

export function auditChainCases(ctx: ConformanceContext, it: Register): void {
  it('chains the entries of every writer into one contiguous chain per tenant', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    await store.ensureTenant(scope, AT);
    await store.recordAudit(scope, entry('execution.export', { executionId: 'run-1' }));
    await operatedRun(store, scope, 'run-1');
    await store.insertCredential(
      { ...scope, clientId: `cl-${scope.tenantId}`, role: 'operator', name: 'bot', createdAt: AT, createdBy: 'admin-1', revokedAt: null, secretLookup: `lk-${scope.tenantId}`, secretHash: 'h' },
      entry('credential.create', { actor: 'admin-1', targetType: 'credential', targetId: `cl-${scope.tenantId}` }),
    );
    expect(await store.revokeCredential(scope, `cl-${scope.tenantId}`, AT, entry('credential.revoke', { actor: 'admin-1', targetType: 'credential', targetId: `cl-${scope.tenantId}` }))).toBe(true);
    // A revocation that changes nothing records nothing.
    expect(await store.revokeCredential(scope, `cl-${scope.tenantId}`, AT, entry('credential.revoke'))).toBe(false);
    await store.putPriceOverrides(scope, [{ provider: 'openai', model: 'gpt-4o', price: { inputPer1k: 1, outputPer1k: 2 }, updatedAt: AT, updatedBy: 'admin-1' }], entry('pricing.override', { targetType: 'pricing' }));
    await operatedRun(store, scope, 'run-2');
    expect(await store.deleteExecution(scope, 'run-2', entry('execution.delete', { targetType: 'execution', targetId: 'run-2' }))).toBe(true);

    const records = await allRecords(store, scope);
    expect(records.map((r) => r.action)).toEqual([
      'execution.export',
      'gate.allow',
      'gate.block',
      'gate.require_approval',
      'approval.approve',
      'execution.cancel',
      'credential.create',
      'credential.revoke',
      'pricing.override',
      'gate.allow',
      'gate.block',
      'gate.require_approval',
      'approval.approve',
      'execution.cancel',
      'execution.delete',
    ]);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    const check = verifyChain(records);
    expect(check).toMatchObject({ valid: true, checked: 15 });
    expect(await store.auditHead(scope)).toEqual({ seq: 15, hash: records[14]!.hash });
    expect(await verify(store, scope)).toEqual({ valid: true, checked: 15, head: { seq: 15, hash: records[14]!.hash } });

    // Who acted: the writer for gates, the event's own actor for decisions and cancels.
    const gate = records.find((r) => r.action === 'gate.block')!;
    expect(gate).toMatchObject({ actor: 'orchestrator-1', targetType: 'step', targetId: 'pay', executionId: 'run-1', details: expect.objectContaining({ reason: 'amount over limit', policyIds: ['p1'] }) });
    expect(records.find((r) => r.action === 'approval.approve')).toMatchObject({ actor: 'reviewer@example.com', details: expect.objectContaining({ comment: 'checked the refund amount' }) });
    expect(records.find((r) => r.action === 'execution.cancel')).toMatchObject({ actor: 'ops-2', targetId: 'run-1', details: expect.objectContaining({ reason: 'runaway loop' }) });
    // The deleted run's records stay: the audit trail outlives the run.
    expect((await store.auditForExecution(scope, 'run-2')).map((r) => r.action)).toEqual(['gate.allow', 'gate.block', 'gate.require_approval', 'approval.approve', 'execution.cancel', 'execution.delete']);
    expect((await store.auditForExecution(scope, 'run-1')).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // Another tenant of the same org sees none of it and has a chain of its own.
    const neighbour = { orgId: scope.orgId, tenantId: `${scope.tenantId}-b` };
    expect(await store.auditForExecution(neighbour, 'run-1')).toEqual([]);
    expect(await store.auditHead(neighbour)).toBeUndefined();
    await store.recordAudit(neighbour, entry('execution.export'));
    expect((await allRecords(store, neighbour)).map((r) => [r.seq, r.prevHash])).toEqual([[1, EMPTY_CHAIN.hash]]);
  });

  it('searches by actor, action prefix, execution, target and time, newest first, in pages', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    await operatedRun(store, scope, 'run-a', 'orch-a');
    await store.recordAudit(scope, entry('execution.export', { executionId: 'run-a', at: '2026-06-02T00:00:00.000Z' }));
    await store.recordAudit(scope, entry('gate_like.thing', { actor: 'orch-a' }));

    const byActor = await store.searchAudit(scope, { actor: 'orch-a', limit: 10 });
    expect(byActor.records.map((r) => r.action)).toEqual(['gate_like.thing', 'gate.require_approval', 'gate.block', 'gate.allow']);
    expect(byActor.nextBeforeSeq).toBeUndefined();
    // A dotted prefix, not a string prefix: `gate` is not `gate_like`.
    expect((await store.searchAudit(scope, { action: 'gate', limit: 10 })).records.map((r) => r.action)).toEqual(['gate.require_approval', 'gate.block', 'gate.allow']);
    expect((await store.searchAudit(scope, { action: 'gate.block', limit: 10 })).records).toHaveLength(1);
    expect((await store.searchAudit(scope, { action: 'GATE', limit: 10 })).records).toEqual([]);
    expect((await store.searchAudit(scope, { executionId: 'run-a', action: 'execution', limit: 10 })).records.map((r) => r.action)).toEqual(['execution.export', 'execution.cancel']);
    expect((await store.searchAudit(scope, { targetType: 'approval', targetId: 'apr-run-a', limit: 10 })).records.map((r) => r.action)).toEqual(['approval.approve']);

    const first = await store.searchAudit(scope, { limit: 3 });
    expect(first.records.map((r) => r.seq)).toEqual([7, 6, 5]);
    expect(first.nextBeforeSeq).toBe(5);
    const second = await store.searchAudit(scope, { limit: 3, beforeSeq: first.nextBeforeSeq });
    expect(second.records.map((r) => r.seq)).toEqual([4, 3, 2]);
    const last = await store.searchAudit(scope, { limit: 3, beforeSeq: second.nextBeforeSeq });
    expect(last.records.map((r) => r.seq)).toEqual([1]);
    expect(last.nextBeforeSeq).toBeUndefined();
    expect((await store.searchAudit(ctx.scope(), { limit: 10 })).records).toEqual([]);

    // Time: from is inclusive, to exclusive.
    const timed = ctx.scope();
    for (const at of ['2026-06-01T10:00:00.000Z', '2026-06-01T11:00:00.000Z', '2026-06-01T12:00:00.000Z']) await store.recordAudit(timed, entry('execution.export', { at }));
    const times = async (q: { from?: string; to?: string }) => (await store.searchAudit(timed, { ...q, limit: 10 })).records.map((r) => r.at.slice(11, 13));
    expect(await times({ from: '2026-06-01T11:00:00.000Z' })).toEqual(['12', '11']);
    expect(await times({ to: '2026-06-01T11:00:00.000Z' })).toEqual(['10']);
    expect(await times({ from: '2026-06-01T10:30:00.000Z', to: '2026-06-01T12:00:00.000Z' })).toEqual(['11']);
  });

  it('keeps one unbroken chain while writers on several replicas append at once', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    await a.migrate();
    // A second replica (its own pool) where the backend allows several processes; one store otherwise.
    const b = ctx.kind === 'postgres' ? ctx.track(location.open()) : a;
    const scope = uniqueScope();
    const writes = (store: Store, tag: string) => [
      ...Array.from({ length: 15 }, (_, i) => store.recordAudit(scope, entry('execution.export', { actor: tag, targetId: `${tag}-${i}` }))),
      ...Array.from({ length: 5 }, (_, i) =>
        store.append(scope, { executionId: `${tag}-run-${i}`, actor: tag, decide: () => [ev.created(), ev.gated('s1', 'allow'), ev.gated('s2', 'block')] }),
      ),
    ];
    await Promise.all([...writes(a, 'a'), ...writes(b, 'b')]);
    const records = await allRecords(a, scope);
    expect(records).toHaveLength(2 * (15 + 5 * 2));
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(verifyChain(records)).toMatchObject({ valid: true, checked: 50 });
    expect(await b.auditHead(scope)).toEqual({ seq: 50, hash: records[49]!.hash });
    expect(await verify(b, scope)).toMatchObject({ valid: true, checked: 50 });
  });

  /** A tenant with 6 chained records on a fresh database, for SQL to tamper with. */
  async function tamperable(): Promise<{ location: RawStoreLocation; store: Store; scope: Scope; where: string; records: AuditRecord[] }> {
    const location = ctx.location();
    const store = ctx.track(location.open());
    await store.migrate();
    const scope = uniqueScope();
    await operatedRun(store, scope, 'run-t');
    const records = await allRecords(store, scope);
    expect(records).toHaveLength(5);
    await store.recordAudit(scope, entry('execution.export'));
    return { location, store, scope, where: `org_id = '${scope.orgId}' and tenant_id = '${scope.tenantId}'`, records: await allRecords(store, scope) };
  }

  it('finds a row edited with SQL, and one edited with its hash recomputed', async () => {
    const { location, store, scope, where, records } = await tamperable();
    expect(await verify(store, scope)).toMatchObject({ valid: true, checked: 6 });
    await location.sql(`update audit_log set actor = 'someone-else' where ${where} and seq = 3`);
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 2, firstBadSeq: 3, reason: 'hash_mismatch' });
    await location.sql(`update audit_log set actor = '${records[2]!.actor}' where ${where} and seq = 3`);
    expect(await verify(store, scope)).toMatchObject({ valid: true });
    // A rewritten hash no longer matches the next record's prev_hash.
    await location.sql(`update audit_log set hash = '${'f'.repeat(64)}' where ${where} and seq = 4`);
    expect(await verify(store, scope)).toMatchObject({ valid: false, firstBadSeq: 4, reason: 'hash_mismatch' });
    // The last record edited with its own hash rewritten consistently still disagrees with the head.
    await location.sql(`update audit_log set hash = '${records[3]!.hash}' where ${where} and seq = 4`);
    await location.sql(`update audit_log set details = '{"format":"csv"}' where ${where} and seq = 6`);
    const [last] = await store.readAuditChain(scope, { afterSeq: 5, limit: 1 });
    const { hash: _stale, ...unhashed } = last!;
    await location.sql(`update audit_log set hash = '${chainHash(unhashed)}' where ${where} and seq = 6`);
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 6, firstBadSeq: 6, reason: 'head_mismatch' });
  });

  it('finds rows inserted with SQL: past the head, and before the first', async () => {
    const { location, store, scope, where, records } = await tamperable();
    const columns = 'org_id, tenant_id, seq, audit_id, at, actor, action, target_type, target_id, execution_id, details, prev_hash, hash';
    const values = (r: AuditRecord) =>
      `'${r.orgId}', '${r.tenantId}', ${r.seq}, '${r.auditId}', '${r.at}', '${r.actor}', '${r.action}', '${r.targetType}', '${r.targetId}', 'run-t', '{}', '${r.prevHash}', '${r.hash}'`;
    // Forged well: the next seq, linked to the last record, hashed right. Only the head can tell.
    const [forged] = chainEntries(scope, { seq: 6, hash: records[5]!.hash }, [{ auditId: 'forged-7', at: AT, actor: 'mallory', action: 'approval.approve', targetType: 'approval', targetId: 'apr-x', executionId: 'run-t', details: {} }]).records;
    await location.sql(`insert into audit_log (${columns}) values (${values(forged!)})`);
    expect(verifyChain([...records, forged!])).toMatchObject({ valid: true });
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 7, firstBadSeq: 7, reason: 'head_mismatch' });
    await location.sql(`delete from audit_log where ${where} and seq = 7`);
    expect(await verify(store, scope)).toMatchObject({ valid: true, checked: 6 });
    await location.sql(`insert into audit_log (${columns}) values (${values({ ...forged!, seq: 0, auditId: 'forged-0' })})`);
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 0, firstBadSeq: 0, reason: 'seq_gap' });
  });

  it('finds rows deleted with SQL: in the middle, and the last ones', async () => {
    const { location, store, scope, where } = await tamperable();
    await location.sql(`delete from audit_log where ${where} and seq = 6`);
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 5, firstBadSeq: 6, reason: 'head_mismatch' });
    await location.sql(`delete from audit_log where ${where} and seq = 2`);
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 1, firstBadSeq: 2, reason: 'seq_gap' });
    await location.sql(`delete from audit_log where ${where}`);
    expect(await verify(store, scope)).toEqual({ valid: false, checked: 0, firstBadSeq: 1, reason: 'head_mismatch' });
    // The head removed too: an empty chain again, which is what a wiped tenant looks like (docs/audit.md, limits).
    await location.sql(`delete from audit_chain_heads where ${where}`);
    expect(await verify(store, scope)).toEqual({ valid: true, checked: 0, head: EMPTY_CHAIN });
  });
}
