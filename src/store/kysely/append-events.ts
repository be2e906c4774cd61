/**
 * @module The append transaction: load the working set, let the caller decide, drop retried
 * events, take seqs, fold, and write log, projections and the audit records the events stand for
 * (core/audit/audit-of-event.ts) together. Runs inside a transaction the caller opened; any throw
 * rolls everything back.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  DomainError,
  foldEvents,
  touchedKeys,
  type Approval,
  type EventDraft,
  type Execution,
  type ExecutionEvent,
  type ExecutionProjection,
  type FoldOptions,
  canonicalJson,
  type Step,
} from '../../core/index.js';
import { auditOfEvents } from '../../core/audit/audit-of-event.js';
import type { Scope } from '../../core/identity/scope.js';
import type { AppendRequest, AppendResult, AppendedEvent } from '../../core/ports/execution-store.js';
import type { Clock } from '../../core/ports/clock.js';
import type { Ids } from '../../core/ports/ids.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';
import { normaliseJson } from './json.js';
import { approvalRow, docOf, eventFromRow, eventRow, executionRow, stepRow, usageRow } from './rows.js';
import { stepSearchText } from './step-search-text.js';
import { rollUpUsage } from './usage-rollup.js';
import type { StoreDialect } from './store-dialect.js';

export interface AppendContext {
  readonly clock: Clock;
  readonly ids: Ids;
  readonly rowLocks: boolean;
  readonly fold: FoldOptions;
  readonly writeStepSearch: StoreDialect['writeStepSearch'];
}

/** Rows per multi-row INSERT: well under both backends' bound-parameter limits. */
const INSERT_CHUNK = 500;

export async function appendEvents(trx: Transaction<Database>, ctx: AppendContext, scope: Scope, request: AppendRequest): Promise<AppendResult> {
  const { executionId } = request;
  const execution = await loadExecution(trx, scope, executionId, ctx.rowLocks);
  const loaded: ExecutionProjection = {
    execution,
    steps: await loadSteps(trx, scope, executionId, request.load?.stepIds ?? []),
    approvals: await loadApprovals(trx, scope, executionId, request.load?.approvalIds ?? []),
    usage: [],
  };
  const drafts = request.decide(loaded).map((draft) => normaliseDraft(draft, ctx));
  if (drafts.length === 0) return { events: [], projection: loaded };

  const { fresh, slots } = await separateRetries(trx, scope, executionId, drafts);
  if (fresh.length === 0) return { events: answer(slots, []), projection: loaded };

  const working = await withTouched(trx, scope, executionId, loaded, fresh);
  const first = await takeSeqs(trx, fresh.length);
  const recordedAt = ctx.clock.now();
  const stored = fresh.map(
    (draft, i) =>
      ({
        ...draft,
        seq: first + i,
        orgId: scope.orgId,
        tenantId: scope.tenantId,
        executionId,
        recordedAt,
      }) as ExecutionEvent,
  );
  const projection = foldEvents(working, stored, ctx.fold);
  await writeAll(trx, ctx, scope, working, projection, stored);
  // Gate decisions and operator actions join the tenant's audit chain in the same transaction.
  await appendAudit(trx, scope, auditOfEvents(stored, { actor: request.actor ?? projection.execution?.clientId }));

  return { events: answer(slots, stored), projection };
}

type Normalised = EventDraft & { eventId: string; at: string };

function normaliseDraft(draft: EventDraft, ctx: AppendContext): Normalised {
  return {
    type: draft.type,
    data: normaliseJson(draft.data),
    eventId: draft.eventId ?? ctx.ids.next('evt'),
    at: draft.at ?? ctx.clock.now(),
  } as Normalised;
}

/** Where each requested event's answer comes from. */
type Slot =
  | { readonly kind: 'stored'; readonly event: ExecutionEvent }
  | { readonly kind: 'fresh'; readonly index: number }
  | { readonly kind: 'repeat'; readonly eventId: string };

/**
 * Splits drafts into new ones and retries. A retry (same event id, same type and data, stored
 * earlier or repeated within this request) is answered with the one stored copy; the same id with
 * other content is EVENT_ID_CONFLICT. `slots` keeps the request's order.
 */
async function separateRetries(trx: Transaction<Database>, scope: Scope, executionId: string, drafts: Normalised[]) {
  const existing = new Map<string, ExecutionEvent>();
  for (const ids of chunks(drafts.map((d) => d.eventId), INSERT_CHUNK)) {
    const rows = await trx
      .selectFrom('events')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .where('event_id', 'in', ids)
      .execute();
    for (const row of rows) existing.set(row.event_id, eventFromRow(row));
  }
  const fresh: Normalised[] = [];
  const inBatch = new Map<string, Normalised>();
  const slots: Slot[] = [];
  for (const draft of drafts) {
    const original = existing.get(draft.eventId) ?? inBatch.get(draft.eventId);
    if (original && !sameContent(original, draft)) {
      throw new DomainError('EVENT_ID_CONFLICT', { eventId: draft.eventId, executionId });
    }
    const stored = existing.get(draft.eventId);
    if (stored) slots.push({ kind: 'stored', event: stored });
    else if (original) slots.push({ kind: 'repeat', eventId: draft.eventId });
    else {
      inBatch.set(draft.eventId, draft);
      slots.push({ kind: 'fresh', index: fresh.length });
      fresh.push(draft);
    }
  }
  return { fresh, slots };
}

function answer(slots: Slot[], written: ExecutionEvent[]): AppendedEvent[] {
  const byId = new Map(written.map((event) => [event.eventId, event]));
  return slots.map((slot) => {
    switch (slot.kind) {
      case 'stored':
        return { event: slot.event, duplicate: true };
      case 'fresh':
        return { event: written[slot.index]!, duplicate: false };
      case 'repeat':
        return { event: byId.get(slot.eventId)!, duplicate: true };
    }
  });
}

function sameContent(a: { type: string; data: unknown }, b: { type: string; data: unknown }): boolean {
  return a.type === b.type && canonicalJson(a.data) === canonicalJson(b.data);
}

async function takeSeqs(trx: Transaction<Database>, count: number): Promise<number> {
  const row = await trx
    .updateTable('event_seq')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('id', '=', 1)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

async function loadExecution(db: Kysely<Database>, scope: Scope, executionId: string, lock: boolean): Promise<Execution | undefined> {
  let query = db
    .selectFrom('executions')
    .select('doc')
    .where('org_id', '=', scope.orgId)
    .where('tenant_id', '=', scope.tenantId)
    .where('execution_id', '=', executionId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? docOf<Execution>(row) : undefined;
}

async function loadSteps(db: Kysely<Database>, scope: Scope, executionId: string, stepIds: readonly string[]): Promise<Map<string, Step>> {
  const steps = new Map<string, Step>();
  for (const ids of chunks(stepIds, INSERT_CHUNK)) {
    const rows = await db
      .selectFrom('steps')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .where('step_id', 'in', ids)
      .execute();
    for (const row of rows) {
      const step = docOf<Step>(row);
      steps.set(step.stepId, step);
    }
  }
  return steps;
}

async function loadApprovals(db: Kysely<Database>, scope: Scope, executionId: string, approvalIds: readonly string[]): Promise<Map<string, Approval>> {
  const approvals = new Map<string, Approval>();
  for (const ids of chunks(approvalIds, INSERT_CHUNK)) {
    const rows = await db
      .selectFrom('approvals')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .where('approval_id', 'in', ids)
      .execute();
    for (const row of rows) {
      const approval = docOf<Approval>(row);
      approvals.set(approval.approvalId, approval);
    }
  }
  return approvals;
}

/** Adds to the working set the steps and approvals the new events name that `load` did not. */
async function withTouched(trx: Transaction<Database>, scope: Scope, executionId: string, loaded: ExecutionProjection, events: Normalised[]): Promise<ExecutionProjection> {
  const keys = touchedKeys(events);
  const stepIds = keys.stepIds.filter((id) => !loaded.steps.has(id));
  const approvalIds = keys.approvalIds.filter((id) => !loaded.approvals.has(id));
  if (stepIds.length === 0 && approvalIds.length === 0) return loaded;
  const steps = new Map([...loaded.steps, ...(await loadSteps(trx, scope, executionId, stepIds))]);
  const approvals = new Map([...loaded.approvals, ...(await loadApprovals(trx, scope, executionId, approvalIds))]);
  return { ...loaded, steps, approvals };
}

/** Writes the events and every projection row the fold changed (changed = a new object). */
async function writeAll(trx: Transaction<Database>, ctx: AppendContext, scope: Scope, before: ExecutionProjection, after: ExecutionProjection, events: ExecutionEvent[]): Promise<void> {
  for (const chunk of chunks(events, INSERT_CHUNK)) {
    await trx.insertInto('events').values(chunk.map(eventRow)).execute();
  }
  if (after.execution && after.execution !== before.execution) {
    const row = executionRow(after.execution);
    if (before.execution) {
      await trx
        .updateTable('executions')
        .set(withoutKeys(row, ['org_id', 'tenant_id', 'execution_id']))
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('execution_id', '=', row.execution_id)
        .execute();
    } else {
      // A plain INSERT, never an upsert: two writers creating the same run at once must collide
      // (unique violation, then a retry that sees the winner) rather than overwrite each other.
      await trx.insertInto('executions').values(row).execute();
    }
  }
  const changedSteps = [...after.steps.values()].filter((step) => before.steps.get(step.stepId) !== step);
  for (const chunk of chunks(changedSteps, INSERT_CHUNK)) {
    await trx
      .insertInto('steps')
      .values(chunk.map((step) => stepRow(scope, step)))
      .onConflict((oc) =>
        oc.columns(['org_id', 'tenant_id', 'execution_id', 'step_id']).doUpdateSet((eb) => ({
          step_index: eb.ref('excluded.step_index'),
          name: eb.ref('excluded.name'),
          step_type: eb.ref('excluded.step_type'),
          status: eb.ref('excluded.status'),
          provider: eb.ref('excluded.provider'),
          model: eb.ref('excluded.model'),
          agent_id: eb.ref('excluded.agent_id'),
          updated_seq: eb.ref('excluded.updated_seq'),
          doc: eb.ref('excluded.doc'),
        })),
      )
      .execute();
  }
  for (const step of changedSteps) {
    const text = stepSearchText(step);
    const previous = before.steps.get(step.stepId);
    if (!previous || stepSearchText(previous) !== text) await ctx.writeStepSearch(trx, scope, step.executionId, step.stepId, text);
  }
  const changedApprovals = [...after.approvals.values()].filter((a) => before.approvals.get(a.approvalId) !== a);
  for (const chunk of chunks(changedApprovals, INSERT_CHUNK)) {
    await trx
      .insertInto('approvals')
      .values(chunk.map((approval) => approvalRow(scope, approval)))
      .onConflict((oc) =>
        oc.columns(['org_id', 'tenant_id', 'approval_id']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          expires_at: eb.ref('excluded.expires_at'),
          sla_at: eb.ref('excluded.sla_at'),
          resolved_at: eb.ref('excluded.resolved_at'),
          due_at: eb.ref('excluded.due_at'),
          updated_seq: eb.ref('excluded.updated_seq'),
          doc: eb.ref('excluded.doc'),
        })),
      )
      .execute();
  }
  // The policies that asked for an approval never change: written once, when it is requested.
  const policyRows = changedApprovals
    .filter((a) => !before.approvals.has(a.approvalId))
    .flatMap((a) => [...new Set(a.policyIds)].map((policyId) => ({ org_id: scope.orgId, tenant_id: scope.tenantId, approval_id: a.approvalId, policy_id: policyId, execution_id: a.executionId })));
  for (const chunk of chunks(policyRows, INSERT_CHUNK)) {
    await trx.insertInto('approval_policies').values(chunk).onConflict((oc) => oc.doNothing()).execute();
  }
  await rollUpUsage(trx, scope, after.usage);
  for (const chunk of chunks(after.usage, INSERT_CHUNK)) {
    // A step's reported totals keep one record that a repeated completion replaces.
    await trx
      .insertInto('usage_records')
      .values(chunk.map((u) => usageRow(scope, u)))
      .onConflict((oc) =>
        oc.columns(['org_id', 'tenant_id', 'execution_id', 'usage_id']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          at: eb.ref('excluded.at'),
          provider: eb.ref('excluded.provider'),
          model: eb.ref('excluded.model'),
          agent_id: eb.ref('excluded.agent_id'),
          tokens_in: eb.ref('excluded.tokens_in'),
          tokens_out: eb.ref('excluded.tokens_out'),
          tokens_cached: eb.ref('excluded.tokens_cached'),
          cost_usd: eb.ref('excluded.cost_usd'),
        })),
      )
      .execute();
  }
}

function withoutKeys<T extends object, K extends keyof T>(row: T, keys: K[]): Omit<T, K> {
  const copy = { ...row };
  for (const key of keys) delete copy[key];
  return copy;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
