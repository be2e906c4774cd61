/**
 * @module The `ndjson` export: every event of the run, one JSON object per line in seq order, in
 * the shape `GET /api/v1/executions/{id}/events` answers. The log as stored: payloads a policy
 * masked at the gate are masked here too; nothing is left out or added.
 */
import type { RunExport } from '../../services/export-service.js';
import { presentEvent } from '../presenters/event-presenter.js';

export async function* eventsNdjson(run: RunExport): AsyncGenerator<string> {
  for await (const page of run.events()) {
    let chunk = '';
    for (const event of page) chunk += `${JSON.stringify(presentEvent(event))}\n`;
    yield chunk;
  }
}
