/**
 * @module The composition root: the only file that picks store and bus adapters and wires services
 * to transports. `buildApp` returns a ready Fastify instance; `main.ts` listens and handles signals.
 */
import { maxHeaderSize } from 'node:http';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createMemoryBus } from '../bus/memory-bus.js';
import { createPgNotifyBus } from '../bus/pg-notify-bus.js';
import { DomainError } from '../core/errors/domain-error.js';
import { DEFAULT_STUCK_AFTER_MS } from '../core/executions/stuck.js';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { EventBus } from '../core/ports/event-bus.js';
import { type Ids, randomIds } from '../core/ports/ids.js';
import type { PolicyEvaluator } from '../core/ports/policy-evaluator.js';
import type { Store } from '../core/ports/store.js';
import { BUILT_IN_PRICES, type PriceTable } from '../core/pricing/index.js';
import type { CompiledPolicy } from '../core/policies/index.js';
import { PolicyService } from '../services/policy-service.js';
import { ApprovalService } from '../services/approval-service.js';
import { ApprovalSweeper } from '../services/approval-sweeper.js';
import { AlertEvaluator } from '../services/alert-evaluator.js';
import { AlertService } from '../services/alert-service.js';
import { alertRoutes } from './routes/alert-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { AuditService } from '../services/audit-service.js';
import { CancelService } from '../services/cancel-service.js';
import { CredentialService } from '../services/credential-service.js';
import { EventWaiter } from '../services/event-waiter.js';
import { EventWriter } from '../services/event-writer.js';
import { IngestService } from '../services/ingest-service.js';
import { StreamTokenService } from '../services/stream-token-service.js';
import { WorkflowService } from '../services/workflow-service.js';
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
import { clientErrorHandler } from './http/client-error-handler.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './http/json-depth.js';
import { refuseNulInUrl } from './http/refuse-nul-in-url.js';
import { storableBody } from './http/storable-body.js';
import { LOG_REDACT_PATHS, pathOnly, serializeError } from './http/log-redaction.js';
import { BARE_SECURITY_HEADERS, registerSecurityHeaders } from './http/security-headers.js';
import { DEFAULT_RATE_LIMITS, registerRateLimits, type RateLimits } from './limits/rate-limits.js';
import { credentialRoutes } from './routes/credential-routes.js';
import { budgetRoutes } from './routes/budget-routes.js';
import { pricingRoutes } from './routes/pricing-routes.js';
import { usageRoutes } from './routes/usage-routes.js';
import { BudgetCheckingEvaluator } from '../services/budget-checking-evaluator.js';
import { BudgetService } from '../services/budget-service.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from '../services/webhook-dispatcher.js';
import { WebhookService } from '../services/webhook-service.js';
import { RerunService } from '../services/rerun-service.js';
import { rerunRoutes } from './routes/rerun-routes.js';
import type { WebhookTransport } from '../core/ports/webhook-transport.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { fetchWebhookTransport } from './webhooks/fetch-webhook-transport.js';
import { PriceBook } from '../services/price-book.js';
import { UsageService } from '../services/usage-service.js';
import { policyRoutes } from './routes/policy-routes.js';
import { executionEventRoutes } from './routes/execution-event-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { streamRoutes } from './routes/stream-routes.js';
import { workflowRoutes } from './routes/workflow-routes.js';
import { workflowApprovalRoutes } from './routes/workflow-approval-routes.js';
import { approvalRoutes } from './routes/approval-routes.js';
import { tailReads } from './sse/log-tail.js';
import { replayRoutes } from './routes/replay-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { auditKeyRoutes } from './routes/audit-key-routes.js';
import { ExportService } from '../services/export-service.js';
import { ServerSigner } from '../services/server-signer.js';
import { diffRoutes } from './routes/diff-routes.js';
import { DiffService } from '../services/diff-service.js';
import { unifiedRoutes } from './routes/unified-routes.js';
import { uiRoutes } from './routes/ui-routes.js';
import { ExecutionService } from '../services/execution-service.js';
import { StreamRegistry } from './sse/stream-registry.js';
import { ControlPlaneMetrics } from './metrics/control-plane-metrics.js';
import { metricsRoutes } from './routes/metrics-routes.js';

export interface AppOptions {
  readonly store: Store;
  readonly config: Pick<ServerConfig, 'bodyLimitBytes' | 'logLevel' | 'authCacheTtlMs'>;
  /** Wake-ups between replicas; default in-process (one replica). */
  readonly bus?: EventBus;
  /** Replaces the policy engine at the gates (tests, benchmarks); the policies API still works. */
  readonly evaluator?: PolicyEvaluator;
  /** The policies of `--policies DIR`, applied in every org. */
  readonly filePolicies?: readonly CompiledPolicy[];
  /** How long a replica reuses an org's policy set before re-reading the store. @default 2000 */
  readonly policyCacheTtlMs?: number;
  /** The built-in prices (per 1K tokens) calls are charged from. @default BUILT_IN_PRICES */
  readonly prices?: PriceTable;
  /** The deployment's pricing file (`--pricing`), laid over `prices`; each org's stored overrides go over both. */
  readonly filePrices?: PriceTable;
  /** How long approvals wait before they expire. @default 24 h */
  readonly approvalTtlMs?: number;
  /** How long reviewers have before an approval is past its SLA, unless its policy says. @default 4 h */
  readonly approvalSlaMs?: number;
  /** Time between approval sweeps (expiry, SLA breaches); 0 turns this replica's sweeper off. @default 15 s */
  readonly approvalSweepIntervalMs?: number;
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly version?: string;
  /**
   * Adds `POST /bench/echo`, an authenticated route that returns its body: the floor the gate
   * benchmark compares against. Never on in a served deployment.
   */
  readonly benchEcho?: boolean;
  /** When a run with no progress counts as stuck. @default 15 min */
  readonly stuckAfterMs?: number;
  /** Live streams: heartbeat comment interval (default 15 s); how long a client may not read before it is cut off (default 30 s). */
  readonly sse?: { readonly heartbeatMs?: number; readonly slowClientTimeoutMs?: number };
  /** The Execution Viewer's build (vite build output), served at /ui. @default dist/ui of this package */
  readonly uiDir?: string;
  /** Where evidence bundles are built before they are sent (removed after each). @default the OS temp directory */
  readonly exportSpoolDir?: string;
  /**
   * Webhook delivery: retry schedule, timeouts and the pass interval (tests shrink them); `dispatch:
   * false` keeps this replica from delivering (the API still works; other replicas deliver).
   */
  readonly webhooks?: Pick<WebhookDispatcherOptions, 'retry' | 'timeoutMs' | 'leaseMs' | 'tickMs' | 'batchSize'> & {
    readonly dispatch?: boolean;
    /** How deliveries are sent. @default fetch */
    readonly transport?: WebhookTransport;
    /** Where people reach this deployment (`AXONFLOW_PUBLIC_URL`): Slack-format deliveries link to the viewer under it. */
    readonly publicUrl?: string;
  };
  /** Re-run requests (docs/rerun.md): how long a target has to answer (default 10 s) and how requests are sent (default fetch). */
  readonly reruns?: { readonly timeoutMs?: number; readonly transport?: WebhookTransport };
  /** Built-in alerts (docs/alerts.md): time between evaluations; 0 turns this replica's evaluator off. @default 60 s */
  readonly alertEvaluateIntervalMs?: number;
  /** Requests per credential and failed authentications per address (docs/security.md). @default DEFAULT_RATE_LIMITS */
  readonly rateLimits?: RateLimits;
  /** `/metrics` (docs/metrics.md): label cap, store-gauge cache, and an optional scrape token. */
  readonly metrics?: {
    /** Distinct values each client-chosen label keeps before "other". @default 50 */
    readonly labelCap?: number;
    /** How long one read of the approval backlog serves scrapes. @default 5000 */
    readonly storeCacheMs?: number;
    /** When set, /metrics needs `Authorization: Bearer <token>`; open otherwise. */
    readonly token?: string;
  };
}

export interface Services {
  readonly credentials: CredentialService;
  readonly workflows: WorkflowService;
  readonly approvals: ApprovalService;
  readonly cancels: CancelService;
  readonly ingest: IngestService;
  readonly executions: ExecutionService;
  readonly policies: PolicyService;
  readonly webhooks: WebhookService;
  readonly reruns: RerunService;
}

export interface App extends Services {
  readonly server: FastifyInstance;
  readonly bus: EventBus;
  /** The live streams open on this replica. */
  readonly streams: StreamRegistry;
  /** Expires approvals and records SLA breaches (started unless its interval is 0). */
  readonly approvalSweeper: ApprovalSweeper;
  /** Evaluates the built-in alert rules (started unless its interval is 0; `evaluate()` runs one evaluation). */
  readonly alertEvaluator: AlertEvaluator;
  /** This replica's Prometheus registry, served at /metrics. */
  readonly metrics: ControlPlaneMetrics;
}

/** How long a client may take to send a whole request (headers and body); responses (streams, long polls) are not bounded by it. */
const REQUEST_TIMEOUT_MS = 60_000;

/** Longest path parameter: ids are at most 255 characters. */
const MAX_PARAM_LENGTH = 300;

export async function buildApp(options: AppOptions): Promise<App> {
  const { store, config } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const version = options.version ?? '0.0.0';
  const prices = options.prices ?? BUILT_IN_PRICES;
  const bus = options.bus ?? createMemoryBus();

  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const domain = toDomainError(error, { bodyLimit: request.routeOptions?.bodyLimit });
    const status = HTTP_STATUS_OF[domain.code];
    if (status >= 500) request.log.error({ err: error, code: domain.code }, 'request failed');
    if (status === 401) reply.header('www-authenticate', WWW_AUTHENTICATE);
    if (domain.code === 'RATE_LIMITED') reply.header('retry-after', String(domain.details.retryAfterSeconds));
    // Nothing was written; the store is usually back within seconds (a restart, a failover).
    if (domain.code === 'STORE_UNAVAILABLE') reply.header('retry-after', '1');
    // Errors raised before routing skip the onRequest hooks that set the security headers.
    if (!reply.hasHeader('content-security-policy')) reply.headers(BARE_SECURITY_HEADERS);
    return reply.code(status).send(errorBody(domain, request.url, request.id));
  };

  const server = Fastify({
    logger: { level: config.logLevel, redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' }, serializers: { err: serializeError } },
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Headers over Node's limit (16 KiB) are refused by its parser: answered 431 in our envelope.
    clientErrorHandler: clientErrorHandler(maxHeaderSize),
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdOf,
    requestIdHeader: false,
    return503OnClosing: true,
    // Every request at info would bury the useful lines under agent traffic; see the onResponse hook.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors raised before routing (a malformed URL, an over-long path parameter) get our envelope too.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  // JSON only: any other body type is a 415 with a code, not a string handed to a handler. An
  // empty JSON body reads as no body, so routes whose body is optional accept a bare POST.
  server.removeContentTypeParser(['text/plain', 'application/json']);
  const parseJson = server.getDefaultJsonParser('error', 'error');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    if (nestsDeeperThan(body as string)) {
      const message = `nested deeper than ${MAX_JSON_DEPTH} levels`;
      return done(new DomainError('VALIDATION_FAILED', { summary: `body: ${message}`, issues: [{ location: 'body', field: '(root)', message }] }), undefined);
    }
    return parseJson(request, body as string, (error, parsed) => (error ? done(error, undefined) : done(null, storableBody(body as string, parsed))));
  });
  server.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  server.setNotFoundHandler((request, reply) => {
    const error = new DomainError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] });
    return reply.code(404).send(errorBody(error, request.url, request.id));
  });
  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  server.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, url: request.routeOptions.url ?? pathOnly(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed');
  });
  // Shutdown: long polls end at once, in-flight requests finish, and connections close as they go
  // idle. Once no request is running, every remaining socket (keep-alive, or opened by a client
  // that never sent a request) is closed, so draining never waits for a client's timeouts.
  const closing = new AbortController();
  const streams = new StreamRegistry();
  let running = 0;
  server.addHook('onRequest', async (_request, reply) => {
    running++;
    reply.raw.once('close', () => running--);
  });
  let sweeper: NodeJS.Timeout | undefined;
  // Started below, once the routes are registered; stopped first on close, while the store is open.
  let dispatcher: WebhookDispatcher | undefined;
  server.addHook('preClose', async () => {
    await dispatcher?.stop();
    closing.abort();
    streams.endAll();
    sweeper = setInterval(() => (running === 0 ? server.server.closeAllConnections() : server.server.closeIdleConnections()), 50);
  });
  server.addHook('onClose', async () => clearInterval(sweeper));

  const metrics = new ControlPlaneMetrics({
    labelCap: options.metrics?.labelCap,
    storeCacheMs: options.metrics?.storeCacheMs,
    backlog: () => store.pendingApprovalBacklog(),
    streams: () => streams.size,
    clock,
    onError: (error) => server.log.warn({ err: error }, 'approval backlog not read for /metrics'),
  });
  const writer = new EventWriter(
    store,
    bus,
    (error) => server.log.warn({ err: error }, 'wake-up not published'),
    [metrics.observe],
    (error) => server.log.warn({ err: error }, 'append observer failed'),
  );
  const policies = new PolicyService({ store, clock, ids, filePolicies: options.filePolicies, cacheTtlMs: options.policyCacheTtlMs });
  const budgets = new BudgetService({ store, clock, ids });
  const priceBook = new PriceBook({
    store,
    base: [{ source: 'built_in', table: prices }, ...(options.filePrices ? [{ source: 'file' as const, table: options.filePrices }] : [])],
    clock,
    ids,
  });
  const services: Services = {
    policies,
    credentials: new CredentialService({ store, clock, ids, cacheTtlMs: config.authCacheTtlMs }),
    webhooks: new WebhookService({ store, clock, ids, publicUrl: options.webhooks?.publicUrl, onDue: () => dispatcher?.wake() }),
    workflows: new WorkflowService({ store, writer, evaluator: new BudgetCheckingEvaluator(options.evaluator ?? policies, budgets), prices, priceBook, clock, ids, approvalTtlMs: options.approvalTtlMs, approvalSlaMs: options.approvalSlaMs }),
    approvals: new ApprovalService(store, writer, clock),
    cancels: new CancelService(writer, store),
    ingest: new IngestService(store, writer),
    executions: new ExecutionService({ store, clock, ids, stuckAfterMs: options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS }),
    reruns: new RerunService({
      store,
      writer,
      transport: options.reruns?.transport ?? fetchWebhookTransport(),
      clock,
      ids,
      timeoutMs: options.reruns?.timeoutMs,
      signal: closing.signal,
      onError: (error) => server.log.warn({ err: error }, 're-run outcome not recorded'),
    }),
  };

  // Both before any route: they attach to routes as they are added.
  await registerSecurityHeaders(server);
  server.addHook('onRequest', refuseNulInUrl);
  const authAttempts = await registerRateLimits(server, options.rateLimits ?? DEFAULT_RATE_LIMITS);
  await registerOpenApi(server, version);
  const streamTokens = new StreamTokenService({ keys: store, clock });
  registerAuth(server, services.credentials, streamTokens, authAttempts);
  healthRoutes(server, { store, version });
  metricsRoutes(server, { metrics, token: options.metrics?.token });
  credentialRoutes(server, { credentials: services.credentials });
  policyRoutes(server, { policies, now: () => clock.now() });
  workflowRoutes(server, { workflows: services.workflows });
  workflowApprovalRoutes(server, { approvals: services.approvals });
  approvalRoutes(server, { approvals: services.approvals });
  const approvalSweeper = new ApprovalSweeper({ store, writer, clock, intervalMs: options.approvalSweepIntervalMs, onError: (error) => server.log.warn({ err: error }, 'approval sweep failed') });
  // Stopped (and a sweep in flight awaited) while the store is still open.
  server.addHook('preClose', () => approvalSweeper.stop());
  ingestRoutes(server, { ingest: services.ingest, prices, priceBook });
  pricingRoutes(server, { prices: priceBook });
  usageRoutes(server, { usage: new UsageService(store, clock) });
  budgetRoutes(server, { budgets });
  webhookRoutes(server, { webhooks: services.webhooks });
  rerunRoutes(server, { reruns: services.reruns });
  const alertEvaluator = new AlertEvaluator({
    store,
    clock,
    ids,
    intervalMs: options.alertEvaluateIntervalMs,
    publicUrl: options.webhooks?.publicUrl,
    onDeliveries: () => dispatcher?.wake(),
    onError: (error) => server.log.warn({ err: error }, 'alert evaluation failed'),
  });
  server.addHook('preClose', () => alertEvaluator.stop());
  alertRoutes(server, { alerts: new AlertService({ store, evaluator: alertEvaluator, clock, ids }) });
  auditRoutes(server, { audit: new AuditService({ store }) });
  replayRoutes(server, { executions: services.executions, reruns: services.reruns });
  // The deployment's evidence-signing key, shared by replicas through the store (docs/exports.md).
  const signer = new ServerSigner(store);
  exportRoutes(server, { exports: new ExportService({ store, executions: services.executions, signer, clock, ids }), executions: services.executions, spoolDir: options.exportSpoolDir });
  auditKeyRoutes(server, { signer });
  diffRoutes(server, { diffs: new DiffService({ store, executions: services.executions }) });
  unifiedRoutes(server, { executions: services.executions, cancels: services.cancels, reruns: services.reruns });
  executionEventRoutes(server, { store, waiter: new EventWaiter(store, bus), closing: closing.signal });
  streamRoutes(server, { store, reads: tailReads(store), bus, clock, registry: streams, streamTokens, stuckAfterMs: options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS, heartbeatMs: options.sse?.heartbeatMs ?? 15_000, slowClientTimeoutMs: options.sse?.slowClientTimeoutMs ?? 30_000 });
  uiRoutes(server, { dir: options.uiDir ?? fileURLToPath(new URL('../../dist/ui', import.meta.url)) });
  if (options.benchEcho) server.post('/bench/echo', { schema: { hide: true } }, async (request) => request.body ?? {});
  await server.ready();
  if (options.approvalSweepIntervalMs !== 0) approvalSweeper.start();
  if (options.alertEvaluateIntervalMs !== 0) alertEvaluator.start();
  if (options.webhooks?.dispatch !== false) {
    const { dispatch: _dispatch, transport, ...tuning } = options.webhooks ?? {};
    dispatcher = new WebhookDispatcher({
      store,
      bus,
      clock,
      ids,
      transport: transport ?? fetchWebhookTransport(),
      onError: (error) => server.log.warn({ err: error }, 'webhook pass failed'),
      ...tuning,
    });
    dispatcher.start();
  }
  return { server, bus, streams, approvalSweeper, alertEvaluator, metrics, ...services };
}

export interface OpenStoreOptions {
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly payloadCapBytes?: number;
  readonly onIdleError?: (error: Error) => void;
}

export function openStore(db: DbSetting, options: OpenStoreOptions = {}): Store {
  switch (db.kind) {
    case 'sqlite':
      return createSqliteStore({ path: db.path, clock: options.clock, ids: options.ids, payloadCapBytes: options.payloadCapBytes });
    case 'postgres':
      return createPostgresStore({
        connectionString: db.connectionString,
        schema: db.schema,
        clock: options.clock,
        ids: options.ids,
        payloadCapBytes: options.payloadCapBytes,
        onIdleError: options.onIdleError,
      });
  }
}

/** The bus that matches the store: in-process for SQLite (one process), LISTEN/NOTIFY for PostgreSQL. */
export function openBus(db: DbSetting, onError: (error: Error) => void): Promise<EventBus> {
  switch (db.kind) {
    case 'sqlite':
      return Promise.resolve(createMemoryBus());
    case 'postgres':
      return createPgNotifyBus({ connectionString: db.connectionString, schema: db.schema, onError });
  }
}
