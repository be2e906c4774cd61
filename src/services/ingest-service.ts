/**
 * @module IngestService: events reported by orchestrators that do not gate. A batch may mix runs;
 * each run's events are appended in order in one transaction, and every item gets its own answer:
 * accepted (with its seq), duplicate (the event id was stored before, with the same content), or
 * rejected (with a code) while the good items of the batch are kept.
 */
import { DomainError } from '../core/errors/domain-error.js';
import { canonicalJson } from '../core/events/canonical-json.js';
import type { EventDraft, ExecutionEvent } from '../core/events/event-catalogue.js';
import { normaliseJson } from '../core/events/storable-json.js';
import type { Scope } from '../core/identity/scope.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';
import type { EventWriter } from './event-writer.js';

export interface IngestItem {
  /** Position in the request, echoed in the answer. */
  readonly index: number;
  readonly executionId: string;
  readonly draft: EventDraft & { readonly eventId: string };
}

export type IngestResult =
  | { readonly index: number; readonly eventId: string; readonly executionId: string; readonly status: 'accepted' | 'duplicate'; readonly seq: number }
  | { readonly index: number; readonly eventId: string; readonly executionId: string; readonly status: 'rejected'; readonly error: DomainError };

export class IngestService {
  constructor(
    private readonly store: ExecutionStore,
    private readonly writer: EventWriter,
  ) {}

  /** `scope` may be the Caller: its client id is then the actor of the audit records the events stand for. */
  async ingest(scope: Scope & { readonly clientId?: string }, items: readonly IngestItem[]): Promise<IngestResult[]> {
    const groups = new Map<string, IngestItem[]>();
    for (const item of items) {
      const group = groups.get(item.executionId) ?? [];
      group.push(item);
      groups.set(item.executionId, group);
    }
    const results: IngestResult[] = [];
    for (const [executionId, group] of groups) {
      // A concurrent writer can create the run between the pre-read and the append: try once more.
      for (let attempt = 0; ; attempt++) {
        try {
          results.push(...(await this.#ingestRun(scope, executionId, group)));
          break;
        } catch (error) {
          if (attempt === 0 && DomainError.is(error) && (error.code === 'EXECUTION_ALREADY_EXISTS' || error.code === 'EVENT_ID_CONFLICT')) continue;
          if (!DomainError.is(error) || error.code === 'STORE_UNAVAILABLE' || error.code === 'INTERNAL_ERROR') throw error;
          for (const item of group) results.push(rejected(item, error));
          break;
        }
      }
    }
    return results.sort((a, b) => a.index - b.index);
  }

  async #ingestRun(scope: Scope & { readonly clientId?: string }, executionId: string, group: IngestItem[]): Promise<IngestResult[]> {
    const stored = new Map<string, ExecutionEvent>();
    for (const event of await this.store.findEvents(scope, executionId, group.map((i) => i.draft.eventId))) stored.set(event.eventId, event);
    const answers = new Map<number, IngestResult>();
    let passed: IngestItem[] = [];

    const result = await this.writer.append(scope, {
      executionId,
      actor: scope.clientId,
      decide: (current) => {
        answers.clear();
        passed = [];
        let exists = current.execution !== undefined;
        for (const item of group) {
          const earlier = stored.get(item.draft.eventId);
          if (earlier) {
            const same = earlier.type === item.draft.type && canonicalJson(earlier.data) === canonicalJson(normaliseJson(item.draft.data));
            answers.set(
              item.index,
              same
                ? { index: item.index, eventId: item.draft.eventId, executionId, status: 'duplicate', seq: earlier.seq }
                : rejected(item, new DomainError('EVENT_ID_CONFLICT', { eventId: item.draft.eventId, executionId })),
            );
            continue;
          }
          const twin = passed.find((p) => p.draft.eventId === item.draft.eventId);
          if (twin) {
            // Repeated within this batch: the same event is written once, a different one is refused.
            if (twin.draft.type === item.draft.type && canonicalJson(normaliseJson(twin.draft.data)) === canonicalJson(normaliseJson(item.draft.data))) passed.push(item);
            else answers.set(item.index, rejected(item, new DomainError('EVENT_ID_CONFLICT', { eventId: item.draft.eventId, executionId })));
            continue;
          }
          if (item.draft.type === 'execution.created' && exists) {
            answers.set(item.index, rejected(item, new DomainError('EXECUTION_ALREADY_EXISTS', { executionId })));
            continue;
          }
          if (item.draft.type !== 'execution.created' && !exists) {
            answers.set(item.index, rejected(item, new DomainError('EXECUTION_NOT_FOUND', { executionId }, { message: `Execution ${executionId} not found: send execution.started first` })));
            continue;
          }
          if (item.draft.type === 'execution.created') exists = true;
          passed.push(item);
        }
        return passed.map((item) => item.draft);
      },
    });

    result.events.forEach((appended, i) => {
      const item = passed[i]!;
      answers.set(item.index, { index: item.index, eventId: item.draft.eventId, executionId, status: appended.duplicate ? 'duplicate' : 'accepted', seq: appended.event.seq });
    });
    return group.map((item) => answers.get(item.index)!);
  }
}

function rejected(item: IngestItem, error: DomainError): IngestResult {
  return { index: item.index, eventId: item.draft.eventId, executionId: item.executionId, status: 'rejected', error };
}
