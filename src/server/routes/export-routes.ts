/**
 * @module Exports (docs/exports.md): `GET /api/v1/executions/{id}/export?format=` (json, AxonFlow's
 * default and byte for byte its body; ndjson; csv; html; bundle) and the bulk export
 * `GET /api/v1/executions/export` (NDJSON of the runs matching the list filters). Operators and up.
 *
 * Everything streams: the run is checked (404 outside the caller's scope) and the export recorded
 * in the audit chain before the first byte; then the body is written page by page as the client
 * reads. A failure after that cuts the stream, which every format shows (no closing bracket, no
 * `export_end` line, a truncated gzip).
 *
 * `/api/v1/executions/export` is a static path, so the router prefers it to `/api/v1/executions/:id`
 * whatever the registration order: no run can be named `export` through the by-id routes.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fromReplayStatus } from '../../core/executions/index.js';
import type { ExecutionService } from '../../services/execution-service.js';
import type { ExportFormat, ExportService, RunExport } from '../../services/export-service.js';
import { ExecutionParams, ExportQuery } from '../../shared/executions.js';
import { BulkExportQuery } from '../../shared/exports.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { decodeFilter } from '../executions/decode-execution-filter.js';
import type { ExportParts } from '../presenters/replay-presenter.js';
import { bulkNdjson } from '../exports/bulk-ndjson.js';
import { eventsNdjson } from '../exports/events-ndjson.js';
import { evidenceBundle } from '../exports/evidence-bundle.js';
import { exportJson } from '../exports/export-json.js';
import { REPORT_CSP, reviewReport } from '../exports/review-report.js';
import { stepsCsv } from '../exports/steps-csv.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

const TAGS = ['executions'];

interface FormatOutput {
  readonly type: string;
  readonly suffix: string;
  readonly body: (run: RunExport, parts: ExportParts, exports: ExportService, spoolDir: string | undefined) => Promise<Readable>;
}

const text = (chunks: AsyncIterable<string>) => Readable.from(chunks, { objectMode: false });

const OUTPUTS: Record<ExportFormat, FormatOutput> = {
  json: { type: 'application/json', suffix: '.json', body: async (run, parts) => text(exportJson(run, parts)) },
  ndjson: { type: 'application/x-ndjson', suffix: '.events.ndjson', body: async (run) => text(eventsNdjson(run)) },
  csv: { type: 'text/csv; charset=utf-8', suffix: '.steps.csv', body: async (run) => text(stepsCsv(run)) },
  html: { type: 'text/html; charset=utf-8', suffix: '.report.html', body: async (run) => text(reviewReport(run)) },
  bundle: { type: 'application/gzip', suffix: '.bundle.tar.gz', body: (run, parts, exports, spoolDir) => evidenceBundle(run, parts, exports, spoolDir) },
};

const fileSafe = (id: string) => id.replace(/[^\w.-]/g, '_');

/** Sends a stream through the raw reply type: the typed reply only knows the error bodies here. */
function sendStream(reply: FastifyReply, body: Readable): FastifyReply {
  (reply as unknown as { send(body: Readable): void }).send(body);
  return reply;
}

export function exportRoutes(app: FastifyInstance, deps: { exports: ExportService; executions: ExecutionService; spoolDir?: string }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/executions/:id/export', {
    config: { minRole: 'operator', action: 'export runs' },
    schema: {
      tags: TAGS,
      summary: 'Download the run: json (AxonFlow’s, default), ndjson (events), csv (steps), html (review report) or bundle (signed evidence tar.gz)',
      description: 'include_input, include_output and include_policies (each true unless false) shape the json export and the bundle’s execution.json. Recorded in the audit chain.',
      security: SECURITY,
      params: ExecutionParams,
      querystring: ExportQuery,
      // No 200 schema: the body is streamed in the format asked for.
      response: { ...AUTHENTICATED_ERRORS },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const caller = callerOf(request);
      const run = await deps.exports.openRun(caller, targetScope(caller, q.tenant_id), request.params.id, q.format);
      const output = OUTPUTS[q.format];
      const body = await output.body(run, { input: q.include_input !== 'false', output: q.include_output !== 'false', policies: q.include_policies !== 'false' }, deps.exports, deps.spoolDir);
      reply.header('content-disposition', `attachment; filename=execution-${fileSafe(run.execution.executionId)}${output.suffix}`).type(output.type);
      if (q.format !== 'json') reply.header('cache-control', 'no-store');
      if (q.format === 'html') reply.header('content-security-policy', REPORT_CSP).header('x-content-type-options', 'nosniff');
      return sendStream(reply, body);
    },
  });

  r.get('/api/v1/executions/export', {
    config: { minRole: 'operator', action: 'export runs' },
    schema: {
      tags: TAGS,
      summary: 'Bulk export: the runs matching the list filters as NDJSON, one line per run, then an export_end line',
      description: 'Each line: {"type":"execution","summary":…,"steps":[…]} (with events=true, "events":[…]); the last line {"type":"export_end",count,total,truncated,next_cursor?}. At most `limit` runs; continue with cursor=next_cursor. Recorded in the audit chain.',
      security: SECURITY,
      querystring: BulkExportQuery,
      response: { ...AUTHENTICATED_ERRORS },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const caller = callerOf(request);
      const { limit, status, events, sort, order, cursor, ...filters } = q;
      const filter = decodeFilter(filters, status?.flatMap(fromReplayStatus), deps.executions.stuckBefore());
      const withEvents = events === 'true';
      const bulk = await deps.exports.openBulk(caller, targetScope(caller, q.tenant_id), { filter, sort: { field: sort ?? 'started_at', direction: order ?? 'desc' }, cursor, limit, withEvents }, q);
      const stamp = bulk.exportedAt.replace(/[^\dT]/g, '').slice(0, 15);
      reply.header('content-disposition', `attachment; filename=executions-${stamp}.ndjson`).header('cache-control', 'no-store').type('application/x-ndjson');
      return sendStream(reply, text(bulkNdjson(bulk, withEvents)));
    },
  });
}
