/**
 * @module PolicyService: the policies of an org (those of the deployment's files plus those written
 * through the API, versioned in the store) and the PolicyEvaluator the gates use. A policy is
 * compiled before it is stored, so a bad one is refused with the field and position and never
 * reaches a gate. Gates on this replica see a change at once; other replicas within the cache TTL.
 */
import { DomainError } from '../core/errors/domain-error.js';
import { fingerprint } from '../core/events/canonical-json.js';
import type { PolicyDecision } from '../core/executions/policy-decision.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import { isTruncated } from '../core/executions/index.js';
import {
  type CompiledPolicy,
  compilePolicy,
  evaluatePolicies,
  type Policy,
  type PolicySpec,
  type RecordedGate,
  type SimulationReport,
  simulatePolicies,
} from '../core/policies/index.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { GateFacts, PolicyEvaluator } from '../core/ports/policy-evaluator.js';
import type { PolicyExpectation, PolicyStore, PolicyVersion } from '../core/ports/policy-store.js';
import { TtlCache } from './ttl-cache.js';

export interface PolicyServiceOptions {
  readonly store: PolicyStore & ExecutionStore;
  readonly clock: Clock;
  readonly ids: Ids;
  /** Policies of `--policies DIR`: every org, read-only through the API. */
  readonly filePolicies?: readonly CompiledPolicy[];
  /** How long a replica reuses an org's policy set before re-reading it. @default 2000 */
  readonly cacheTtlMs?: number;
}

/** A policy as shown by the API: the policy and who wrote this version, when. */
export interface PolicyView {
  readonly policy: Policy;
  readonly createdAt?: string;
  readonly createdBy?: string;
}

/** One version; a deletion carries no policy. */
export interface PolicyVersionView {
  readonly policyId: string;
  readonly version: number;
  readonly deleted: boolean;
  readonly policy?: Policy;
  readonly createdAt?: string;
  readonly createdBy?: string;
}

export interface SimulationRequest {
  readonly drafts: readonly PolicySpec[];
  /** `overlay`: the drafts replace live policies of the same id and join the rest; `replace`: only the drafts. */
  readonly mode: 'overlay' | 'replace';
  readonly from: string;
  readonly to: string;
  readonly workflow?: string;
  /** Stop after this many gated steps (the report says it was truncated). */
  readonly maxSteps: number;
  readonly examplesPerPolicy: number;
}

export interface SimulationResult extends SimulationReport {
  readonly truncated: boolean;
  readonly executionsScanned: number;
}

/** Runs read per page while collecting recorded gates. */
const SIMULATION_PAGE = 200;

export class PolicyService implements PolicyEvaluator {
  readonly #o: PolicyServiceOptions;
  readonly #files: ReadonlyMap<string, CompiledPolicy>;
  readonly #sets: TtlCache<string, Promise<readonly CompiledPolicy[]>>;
  /**
   * An org's live API policies as last compiled, by id and version: a version never changes, so a
   * reload compiles only new versions. Replaced per org on each load, so old versions are dropped.
   */
  readonly #compiled = new Map<string, ReadonlyMap<string, CompiledPolicy>>();

  constructor(options: PolicyServiceOptions) {
    this.#o = options;
    this.#files = new Map((options.filePolicies ?? []).map((c) => [c.policy.id, c]));
    this.#sets = new TtlCache({ ttlMs: options.cacheTtlMs ?? 2000, maxEntries: 10_000 });
  }

  async evaluate(facts: GateFacts): Promise<PolicyDecision> {
    return evaluatePolicies(await this.compiledFor(facts.orgId), facts);
  }

  /** The policies a gate of the org evaluates: the files' and the org's live API policies. */
  compiledFor(orgId: string): Promise<readonly CompiledPolicy[]> {
    const cached = this.#sets.get(orgId);
    if (cached) return cached;
    const loading = this.#load(orgId);
    this.#sets.set(orgId, loading);
    loading.catch(() => this.#sets.deleteWhere((value) => value === loading));
    return loading;
  }

  async list(orgId: string): Promise<PolicyView[]> {
    const files = [...this.#files.values()].map((c) => ({ policy: c.policy }));
    const stored = (await this.#o.store.listLivePolicies(orgId)).map(viewOf);
    return [...files, ...stored].sort((a, b) => a.policy.id.localeCompare(b.policy.id));
  }

  async get(orgId: string, policyId: string, version?: number): Promise<PolicyVersionView> {
    const file = this.#files.get(policyId);
    if (file) {
      if (version !== undefined && version !== file.policy.version) throw new DomainError('POLICY_VERSION_NOT_FOUND', { policyId, version });
      return fileVersion(file.policy);
    }
    const found = await this.#o.store.getPolicyVersion(orgId, policyId, version);
    if (!found) {
      if (version !== undefined && (await this.#o.store.getPolicyVersion(orgId, policyId))) throw new DomainError('POLICY_VERSION_NOT_FOUND', { policyId, version });
      throw new DomainError('POLICY_NOT_FOUND', { policyId });
    }
    if (found.deleted && version === undefined) throw new DomainError('POLICY_NOT_FOUND', { policyId });
    return versionView(found);
  }

  /** Every version, oldest first, deletions included (with the last content they replaced). */
  async versions(orgId: string, policyId: string): Promise<PolicyVersionView[]> {
    const file = this.#files.get(policyId);
    if (file) return [fileVersion(file.policy)];
    const all = await this.#o.store.listPolicyVersions(orgId, policyId);
    if (all.length === 0) throw new DomainError('POLICY_NOT_FOUND', { policyId });
    return all.map(versionView);
  }

  /** Creates (expect `absent`), replaces (`any`, or the version last read) a policy. */
  async write(caller: Caller, spec: PolicySpec, expect: PolicyExpectation): Promise<PolicyView> {
    this.#refuseFilePolicy(spec.id);
    compilePolicy({ ...spec, version: 0 });
    if (expect !== 'absent') {
      // Re-applying what is already live (a retried PUT, an unchanged file) adds no version.
      const live = await this.#o.store.getPolicyVersion(caller.orgId, spec.id);
      const matchesExpectation = typeof expect !== 'object' || live?.version === expect.version;
      if (live?.spec && !live.deleted && matchesExpectation && fingerprint(live.spec) === fingerprint(spec)) return viewOf(live);
    }
    const stored = await this.#append(caller, spec.id, spec, expect, expect === 'absent' ? 'policy.created' : 'policy.updated');
    return viewOf(stored);
  }

  async delete(caller: Caller, policyId: string, expectedVersion?: number): Promise<PolicyVersionView> {
    this.#refuseFilePolicy(policyId);
    const stored = await this.#append(caller, policyId, undefined, expectedVersion === undefined ? 'present' : { version: expectedVersion }, 'policy.deleted');
    return versionView(stored);
  }

  /**
   * Evaluates a draft set over the gated steps of the caller's runs started in [from, to], oldest
   * first, and compares with what was decided then. Changes nothing.
   */
  async simulate(caller: Caller, request: SimulationRequest): Promise<SimulationResult> {
    const drafts = request.drafts.map((spec) => compilePolicy({ ...spec, version: 0, source: 'api' }));
    const draftIds = new Set(drafts.map((d) => d.policy.id));
    const base = request.mode === 'replace' ? [] : (await this.compiledFor(caller.orgId)).filter((c) => !draftIds.has(c.policy.id));
    const { gates, truncated, executionsScanned } = await this.#recordedGates(caller, request);
    const report = simulatePolicies([...base, ...drafts], gates, { reportOn: draftIds, examplesPerPolicy: request.examplesPerPolicy });
    return { ...report, truncated, executionsScanned };
  }

  async #recordedGates(scope: Scope, request: SimulationRequest): Promise<{ gates: RecordedGate[]; truncated: boolean; executionsScanned: number }> {
    const { store } = this.#o;
    const gates: RecordedGate[] = [];
    let cursor: string | undefined;
    let executionsScanned = 0;
    do {
      const page = await store.listExecutions(scope, {
        startedFrom: request.from,
        startedTo: request.to,
        name: request.workflow,
        limit: SIMULATION_PAGE,
        cursor,
        sort: { field: 'started_at', direction: 'asc' },
      });
      for (const execution of page.executions) {
        executionsScanned++;
        for (const step of await store.listSteps(scope, execution.executionId)) {
          if (step.gateCount === 0) continue;
          if (gates.length >= request.maxSteps) return { gates, truncated: true, executionsScanned };
          gates.push({
            execution,
            step,
            input: await this.#whole(scope, execution.executionId, step.input, 'input'),
            toolInput: await this.#whole(scope, execution.executionId, step.tool?.input, 'tool'),
          });
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { gates, truncated: false, executionsScanned };
  }

  /** A preview marker stands for a payload kept whole in the gate event with that seq. */
  async #whole(scope: Scope, executionId: string, value: unknown, field: 'input' | 'tool'): Promise<unknown> {
    if (!isTruncated(value)) return value;
    const [event] = await this.#o.store.readEvents(scope, { executionId, afterSeq: value.seq - 1, limit: 1 });
    if (!event || event.seq !== value.seq) return value;
    const data = event.data as { input?: unknown; tool?: { input?: unknown } };
    return field === 'input' ? data.input : data.tool?.input;
  }

  #refuseFilePolicy(policyId: string): void {
    if (this.#files.has(policyId)) throw new DomainError('POLICY_DEFINED_IN_FILE', { policyId });
  }

  async #append(caller: Caller, policyId: string, spec: PolicySpec | undefined, expect: PolicyExpectation, action: string): Promise<PolicyVersion> {
    const at = this.#o.clock.now();
    const stored = await this.#o.store.appendPolicyVersion(
      caller,
      { policyId, spec, expect, at, by: caller.clientId },
      { auditId: this.#o.ids.next('aud'), at, actor: caller.clientId, action, targetType: 'policy', targetId: policyId, details: {} },
    );
    this.#sets.deleteWhere(() => true);
    return stored;
  }

  async #load(orgId: string): Promise<readonly CompiledPolicy[]> {
    const live = await this.#o.store.listLivePolicies(orgId);
    const before = this.#compiled.get(orgId);
    const now = new Map<string, CompiledPolicy>();
    for (const v of live) {
      const key = `${v.policyId}\u0000${v.version}`;
      const entry = before?.get(key) ?? (v.spec ? compilePolicy({ ...v.spec, version: v.version, source: 'api' }) : undefined);
      if (entry) now.set(key, entry);
    }
    this.#compiled.set(orgId, now);
    return [...this.#files.values(), ...now.values()];
  }
}

/** For live versions only: they always carry a spec. */
function viewOf(version: PolicyVersion): PolicyView {
  return { policy: { ...(version.spec as PolicySpec), version: version.version, source: 'api' }, createdAt: version.createdAt, createdBy: version.createdBy };
}

function versionView(version: PolicyVersion): PolicyVersionView {
  return {
    policyId: version.policyId,
    version: version.version,
    deleted: version.deleted,
    policy: version.spec ? { ...version.spec, version: version.version, source: 'api' } : undefined,
    createdAt: version.createdAt,
    createdBy: version.createdBy,
  };
}

function fileVersion(policy: Policy): PolicyVersionView {
  return { policyId: policy.id, version: policy.version, deleted: false, policy };
}
