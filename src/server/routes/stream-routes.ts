/**
 * @module Live streams (Server-Sent Events, docs/sse.md): one run at
 * `GET /api/v1/unified/executions/{id}/stream`, a filtered list at
 * `GET /api/v1/unified/executions/stream`, and `POST /api/v1/stream-tokens` for browsers, whose
 * EventSource cannot send credential headers: the stream routes take the token in the query or
 * the `axonflow_stream_token` cookie instead.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExecutionStatus, FailureClass } from '../../core/executions/vocabularies.js';
import type { StreamTokenService } from '../../services/stream-token-service.js';
import { NestedErrorEnvelope } from '../../shared/common.js';
import { ExecutionIdParams } from '../../shared/events.js';
import { ExecutionsStreamQuery, ExecutionStreamQuery, StreamToken, StreamTokenRequest } from '../../shared/streams.js';
import { callerOf } from '../auth/target-scope.js';
import { type ExecutionStreamDeps, serveExecutionStream } from '../sse/execution-stream.js';
import { BODY_ERRORS, SECURITY } from './error-responses.js';

const TAGS = ['streams'];

/** The unified surface answers errors in AxonFlow's nested envelope. */
const UNIFIED_ERRORS = { 400: NestedErrorEnvelope, 401: NestedErrorEnvelope, 403: NestedErrorEnvelope, 404: NestedErrorEnvelope, 429: NestedErrorEnvelope, 503: NestedErrorEnvelope } as const;

const EVENT_STREAM = {
  description:
    'An event stream (text/event-stream): `snapshot` first, then one frame per event with `id: <seq>` (resume with Last-Event-ID), `execution.updated` and `cost.updated` when a run changes, `: keepalive` comments every 15 s. Catalogue: docs/sse.md.',
  content: { 'text/event-stream': { schema: z.string() } },
};

const list = <T extends string>(value: string | undefined): T[] | undefined => (value === undefined ? undefined : [...new Set(value.split(','))] as T[]);

export function streamRoutes(app: FastifyInstance, deps: ExecutionStreamDeps & { streamTokens: StreamTokenService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/unified/executions/:id/stream', {
    config: { streamToken: true },
    schema: {
      tags: TAGS,
      summary: "A run's live stream: its status, then each event as it is written, until it ends",
      description: 'Ends with `event: end` once the run is over. 204 when the run is over and Last-Event-ID is at or past its last event.',
      security: SECURITY,
      params: ExecutionIdParams,
      querystring: ExecutionStreamQuery,
      response: { 200: EVENT_STREAM, 204: z.null().meta({ description: 'The run is over and the client has seen all of it' }), ...UNIFIED_ERRORS },
    },
    handler: (request, reply) => serveExecutionStream(request, reply, deps, { kind: 'execution', executionId: request.params.id }, request.query.last_event_id),
  });

  r.get('/api/v1/unified/executions/stream', {
    config: { streamToken: true },
    schema: {
      tags: TAGS,
      summary: 'A live stream of the runs matching a filter: the newest 50, then the events of every matching run',
      description: "Filters match each run's current fields, so a run that enters the filter later starts appearing.",
      security: SECURITY,
      querystring: ExecutionsStreamQuery,
      response: { 200: EVENT_STREAM, ...UNIFIED_ERRORS },
    },
    handler: (request, reply) => {
      const { status, workflow, failure_class: failureClass, execution_type: executionType, last_event_id: lastEventId } = request.query;
      const filter = { statuses: list<ExecutionStatus>(status), name: workflow, failureClasses: list<FailureClass>(failureClass), executionType };
      return serveExecutionStream(request, reply, deps, { kind: 'list', filter }, lastEventId);
    },
  });

  r.post('/api/v1/stream-tokens', {
    schema: {
      tags: TAGS,
      summary: 'A token (valid 5 minutes) that opens live streams without credential headers, for browsers',
      description: 'The token carries the caller’s identity and role; a credential revoked after issue keeps its tokens working until they expire.',
      security: SECURITY,
      body: StreamTokenRequest,
      response: { 200: StreamToken, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const issued = await deps.streamTokens.issue(callerOf(request));
      return { token: issued.token, expires_at: issued.expiresAt };
    },
  });
}
