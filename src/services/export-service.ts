/**
 * @module ExportService: the use cases behind every export. It checks the run is the caller's,
 * records the export in the audit chain before a byte is sent (an export that breaks half-way was
 * still an access), and hands the transport page-by-page readers of the run, so no export holds a
 * whole run in memory. Formats (JSON, NDJSON, CSV, HTML, the signed bundle) are the server's.
 *
 * A run's export is a snapshot at `execution.lastSeq`: its events are read up to that seq, so the
 * event log in an export agrees with the summary beside it even while the run goes on.
 */
import type { AuditRecord } from '../core/audit/audit-record.js';
import type { ExecutionEvent } from '../core/events/event-catalogue.js';
import type { Approval, Execution, Step } from '../core/executions/index.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { ExecutionFilter, SortField } from '../core/ports/execution-store.js';
import type { Ids } from '../core/ports/ids.js';
import type { Signature, Signer, SigningPublicKey } from '../core/ports/signer.js';
import type { Store } from '../core/ports/store.js';
import type { ExecutionService } from './execution-service.js';

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv', 'html', 'bundle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows per store read: small enough to bound memory, large enough that a 10,000-step run is 20 reads. */
export const STEP_PAGE = 500;
export const EVENT_PAGE = 1_000;
const RUN_PAGE = 200;
const AUDIT_PAGE = 500;

export type ExportStore = Pick<Store, 'readSteps' | 'readEvents' | 'listApprovals' | 'listExecutions' | 'recordAudit' | 'searchAudit'>;

export interface ExportServiceOptions {
  readonly store: ExportStore;
  readonly executions: ExecutionService;
  readonly signer: Signer;
  readonly clock: Clock;
  readonly ids: Ids;
}

/** One run, readable page by page. Each reader starts over when called again. */
export interface RunExport {
  readonly execution: Execution;
  readonly exportedAt: string;
  readonly exportedBy: string;
  steps(): AsyncIterable<readonly Step[]>;
  /** The run's events in seq order, up to `execution.lastSeq`. */
  events(): AsyncIterable<readonly ExecutionEvent[]>;
  approvals(): Promise<Approval[]>;
  /**
   * The run's audit records, newest first (descending seq, as audit search answers), this export's
   * own record included. Paged like the rest: a run's gate decisions alone can be thousands.
   */
  audit(): AsyncIterable<readonly AuditRecord[]>;
}

export interface BulkExportQuery {
  readonly filter: ExecutionFilter;
  readonly sort: { readonly field: SortField; readonly direction: 'asc' | 'desc' };
  readonly cursor?: string;
  /** Runs at most; the export says whether more matched. */
  readonly limit: number;
  readonly withEvents: boolean;
}

/** How a bulk export ended, known once its runs have been read. */
export interface BulkExportOutcome {
  count: number;
  /** Runs matching the filter when the export began (from the first page). */
  total: number;
  /** More runs matched than `limit`; continue from `nextCursor`. */
  truncated: boolean;
  nextCursor?: string;
}

export interface BulkExport {
  readonly exportedAt: string;
  readonly outcome: BulkExportOutcome;
  runs(): AsyncIterable<RunExport>;
}

export class ExportService {
  readonly #o: ExportServiceOptions;

  constructor(options: ExportServiceOptions) {
    this.#o = options;
  }

  /** The run (EXECUTION_NOT_FOUND outside the scope), with the export recorded in the audit chain. */
  async openRun(caller: Caller, scope: Scope, executionId: string, format: ExportFormat): Promise<RunExport> {
    const execution = await this.#o.executions.get(scope, executionId);
    const exportedAt = this.#o.clock.now();
    await this.#o.store.recordAudit(scope, {
      auditId: this.#o.ids.next('aud'),
      at: exportedAt,
      actor: caller.clientId,
      action: 'execution.export',
      targetType: 'execution',
      targetId: executionId,
      executionId,
      details: { format, role: caller.role, workflow_name: execution.name, status: execution.status, last_seq: execution.lastSeq },
    });
    return this.#runExport(scope, execution, exportedAt, caller.clientId);
  }

  /** Runs matching a filter, cursor-paged, at most `limit`; recorded once in the audit chain. */
  async openBulk(caller: Caller, scope: Scope, query: BulkExportQuery, wireQuery: Readonly<Record<string, unknown>>): Promise<BulkExport> {
    const exportedAt = this.#o.clock.now();
    await this.#o.store.recordAudit(scope, {
      auditId: this.#o.ids.next('aud'),
      at: exportedAt,
      actor: caller.clientId,
      action: 'executions.export',
      targetType: 'executions',
      targetId: scope.tenantId,
      details: { format: 'ndjson', role: caller.role, events: query.withEvents, limit: query.limit, query: wireQuery },
    });
    // The first page is read before anything is sent, so a bad cursor is a 400, not a cut stream.
    const firstPage = await this.#o.store.listExecutions(scope, { ...query.filter, sort: query.sort, cursor: query.cursor, limit: Math.min(RUN_PAGE, query.limit) });
    const outcome: BulkExportOutcome = { count: 0, total: firstPage.total, truncated: false };
    const { store, executions } = this.#o;
    const self = this;
    return {
      exportedAt,
      outcome,
      async *runs() {
        for (let page = firstPage; ; ) {
          for (const execution of page.executions) {
            outcome.count++;
            yield self.#runExport(scope, executions.present(execution), exportedAt, caller.clientId);
          }
          if (page.nextCursor === undefined) return;
          if (outcome.count >= query.limit) {
            outcome.truncated = true;
            outcome.nextCursor = page.nextCursor;
            return;
          }
          // Each page asks for at most what is left, so the last one's cursor continues after the last run sent.
          page = await store.listExecutions(scope, { ...query.filter, sort: query.sort, cursor: page.nextCursor, limit: Math.min(RUN_PAGE, query.limit - outcome.count) });
        }
      },
    };
  }

  sign(data: Uint8Array): Promise<Signature> {
    return this.#o.signer.sign(data);
  }

  publicKey(): Promise<SigningPublicKey> {
    return this.#o.signer.publicKey();
  }

  #runExport(scope: Scope, execution: Execution, exportedAt: string, exportedBy: string): RunExport {
    const { store } = this.#o;
    const executionId = execution.executionId;
    return {
      execution,
      exportedAt,
      exportedBy,
      async *steps() {
        for (let after: number | undefined; ; ) {
          const page = await store.readSteps(scope, { executionId, afterIndex: after, limit: STEP_PAGE });
          if (page.length > 0) yield page;
          if (page.length < STEP_PAGE) return;
          after = page[page.length - 1]!.stepIndex;
        }
      },
      async *events() {
        for (let after = 0; after < execution.lastSeq; ) {
          const page = (await store.readEvents(scope, { executionId, afterSeq: after, limit: EVENT_PAGE })).filter((e) => e.seq <= execution.lastSeq);
          if (page.length > 0) yield page;
          if (page.length < EVENT_PAGE) return;
          after = page[page.length - 1]!.seq;
        }
      },
      approvals: () => store.listApprovals(scope, executionId),
      async *audit() {
        for (let before: number | undefined; ; ) {
          const page = await store.searchAudit(scope, { executionId, beforeSeq: before, limit: AUDIT_PAGE });
          if (page.records.length > 0) yield page.records;
          if (page.nextBeforeSeq === undefined) return;
          before = page.nextBeforeSeq;
        }
      },
    };
  }
}
