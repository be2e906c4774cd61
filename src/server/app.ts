/**
 * @module The composition root: the only file that picks store adapters and wires services to
 * transports. `buildApp` returns a ready Fastify instance; `main.ts` listens and handles signals.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { DomainError } from '../core/errors/domain-error.js';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { Store } from '../core/ports/store.js';
import { CredentialService } from '../services/credential-service.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { registerAuth, WWW_AUTHENTICATE } from './auth/auth-hook.js';
import type { DbSetting } from './config/db-url.js';
import type { ServerConfig } from './config/server-config.js';
import { errorBody } from './http/error-envelope.js';
import { HTTP_STATUS_OF } from './http/error-map.js';
import { requestIdOf } from './http/request-id.js';
import { toDomainError } from './http/to-domain-error.js';
import { registerOpenApi } from './openapi.js';
import { credentialRoutes } from './routes/credential-routes.js';
import { healthRoutes } from './routes/health-routes.js';

export interface AppOptions {
  readonly store: Store;
  readonly config: Pick<ServerConfig, 'bodyLimitBytes' | 'logLevel' | 'authCacheTtlMs'>;
  readonly clock?: Clock;
  readonly version?: string;
}

export interface App {
  readonly server: FastifyInstance;
  readonly credentials: CredentialService;
}

/** Header values that must never reach a log line. */
const REDACTED = ['req.headers.authorization', 'req.headers["x-client-secret"]', 'req.headers.cookie'];

/** Longest path parameter: ids are at most 255 characters. */
const MAX_PARAM_LENGTH = 300;

export async function buildApp(options: AppOptions): Promise<App> {
  const { store, config } = options;
  const clock = options.clock ?? systemClock;
  const version = options.version ?? '0.0.0';
  const credentials = new CredentialService({ store, clock, cacheTtlMs: config.authCacheTtlMs });

  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const domain = toDomainError(error, { bodyLimit: request.routeOptions?.bodyLimit });
    const status = HTTP_STATUS_OF[domain.code];
    if (status >= 500) request.log.error({ err: error, code: domain.code }, 'request failed');
    if (status === 401) reply.header('www-authenticate', WWW_AUTHENTICATE);
    return reply.code(status).send(errorBody(domain, request.url, request.id));
  };

  const server = Fastify({
    logger: { level: config.logLevel, redact: { paths: REDACTED, censor: '[redacted]' } },
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdOf,
    requestIdHeader: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors raised before routing (a malformed URL, an over-long path parameter) get our envelope too.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  // JSON only: any other body type is a 415 with a code, not a string handed to a handler.
  server.removeContentTypeParser('text/plain');

  server.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  server.setNotFoundHandler((request, reply) => {
    const error = new DomainError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] });
    return reply.code(404).send(errorBody(error, request.url, request.id));
  });
  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await registerOpenApi(server, version);
  registerAuth(server, credentials);
  healthRoutes(server, { store, version });
  credentialRoutes(server, { credentials });
  await server.ready();
  return { server, credentials };
}

export interface OpenStoreOptions {
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly onIdleError?: (error: Error) => void;
}

export function openStore(db: DbSetting, options: OpenStoreOptions = {}): Store {
  switch (db.kind) {
    case 'sqlite':
      return createSqliteStore({ path: db.path, clock: options.clock, ids: options.ids });
    case 'postgres':
      return createPostgresStore({ connectionString: db.connectionString, schema: db.schema, clock: options.clock, ids: options.ids, onIdleError: options.onIdleError });
  }
}
