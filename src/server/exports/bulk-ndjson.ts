/**
 * @module The bulk export: runs matching a filter as NDJSON, one line per run, then one last line.
 *
 *   {"type":"execution","summary":{…},"steps":[…]}       (with events=true: "events":[…] instead of "steps")
 *   …
 *   {"type":"export_end","exported_at":"…","count":N,"total":M,"truncated":false}
 *
 * Summaries and steps are the replay wire (`GET /api/v1/executions/{id}`), events the events wire.
 * The last line is always written when the export completes: a file without it was cut short. When
 * `truncated` is true, `next_cursor` continues the export (pass it as `cursor`). A run's line is
 * written page by page, so a 10,000-step run is never held whole.
 */
import type { BulkExport } from '../../services/export-service.js';
import { presentEvent } from '../presenters/event-presenter.js';
import { presentSnapshot, presentSummary } from '../presenters/replay-presenter.js';

export async function* bulkNdjson(bulk: BulkExport, withEvents: boolean): AsyncGenerator<string> {
  for await (const run of bulk.runs()) {
    yield `{"type":"execution","summary":${JSON.stringify(presentSummary(run.execution))},"${withEvents ? 'events' : 'steps'}":[`;
    let first = true;
    const pages = withEvents ? run.events() : run.steps();
    for await (const page of pages) {
      let chunk = '';
      for (const item of page) {
        const wire = 'seq' in item ? presentEvent(item) : presentSnapshot(item, run.execution.createdAt);
        chunk += `${first ? '' : ','}${JSON.stringify(wire)}`;
        first = false;
      }
      yield chunk;
    }
    yield ']}\n';
  }
  const { count, total, truncated, nextCursor } = bulk.outcome;
  yield `${JSON.stringify({ type: 'export_end', exported_at: bulk.exportedAt, count, total, truncated, next_cursor: nextCursor })}\n`;
}
