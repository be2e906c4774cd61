/**
 * @module A real HTTP server (port 0) on a fresh store of a given kind, for SDK tests that need a
 * socket: long polls, retries, keep-alive. Credentials of every role are issued up front.
 */
import type { GateDecision } from '../core/executions/vocabularies.js';
import type { Role } from '../core/identity/role.js';
import type { CompiledPolicy } from '../core/policies/index.js';
import type { PolicyEvaluator } from '../core/ports/policy-evaluator.js';
import type { Store } from '../core/ports/store.js';
import type { Clock } from '../core/ports/clock.js';
import { AxonFlowClient } from '../sdk/axonflow-client.js';
import type { EventBus } from '../core/ports/event-bus.js';
import { buildApp, type App, type AppOptions } from '../server/app.js';
import { scriptedEvaluator } from './scripted-evaluator.js';
import type { StoreHarness, StoreLocation } from './store-harness.js';

export interface LiveApp {
  readonly url: string;
  readonly app: App;
  readonly store: Store;
  /** An SDK client for a credential of that role in org `default`, tenant `default`. */
  client(role: Role, tenant?: string): Promise<AxonFlowClient>;
  close(): Promise<void>;
}

export interface LiveAppOptions {
  readonly decisions?: Record<string, GateDecision>;
  readonly evaluator?: PolicyEvaluator;
  /** Deployment policies: with these and no `evaluator`, gates run the real policy engine. */
  readonly filePolicies?: readonly CompiledPolicy[];
  readonly approvalTtlMs?: number;
  readonly approvalSlaMs?: number;
  /** @default 0: tests sweep by hand (`app.approvalSweeper.sweep()`) unless they set one. */
  readonly approvalSweepIntervalMs?: number;
  /** @default 0: tests evaluate by hand (`app.alertEvaluator.evaluate()`) unless they set one. */
  readonly alertEvaluateIntervalMs?: number;
  /** The app's and the store's clock (approvals expire by it). */
  readonly clock?: Clock;
  readonly stuckAfterMs?: number;
  readonly sse?: AppOptions['sse'];
  /** Webhook delivery tuning (tests shrink the retry waits and the tick). */
  readonly webhooks?: AppOptions['webhooks'];
  /** Re-run requests: the target timeout and transport. */
  readonly reruns?: AppOptions['reruns'];
  /** Open the store here instead of on a fresh database (replicas, restarts). */
  readonly location?: StoreLocation;
  /** The app's bus (closed by close()); default in-process. */
  readonly bus?: EventBus;
  /** Listen on this port (a restart on the same address); default any free port. */
  readonly port?: number;
  /** /metrics settings (label cap, store-gauge cache, token). */
  readonly metrics?: AppOptions['metrics'];
  /** Rate limits; the app's defaults when absent. */
  readonly rateLimits?: AppOptions['rateLimits'];
}

export async function startLiveApp(harness: StoreHarness, options: LiveAppOptions = {}): Promise<LiveApp> {
  const store = (options.location ?? harness.location()).open({ clock: options.clock });
  await store.migrate();
  const app = await buildApp({
    store,
    bus: options.bus,
    config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', authCacheTtlMs: 60_000 },
    evaluator: options.evaluator ?? (options.filePolicies ? undefined : scriptedEvaluator(options.decisions ?? {})),
    filePolicies: options.filePolicies,
    approvalTtlMs: options.approvalTtlMs,
    approvalSlaMs: options.approvalSlaMs,
    approvalSweepIntervalMs: options.approvalSweepIntervalMs ?? 0,
    alertEvaluateIntervalMs: options.alertEvaluateIntervalMs ?? 0,
    clock: options.clock,
    stuckAfterMs: options.stuckAfterMs,
    sse: options.sse,
    webhooks: options.webhooks,
    reruns: options.reruns,
    metrics: options.metrics,
    rateLimits: options.rateLimits,
    version: 'test',
  });
  await app.server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.addresses()[0];
  const url = `http://127.0.0.1:${typeof address === 'object' ? address.port : 0}`;
  const issued = new Map<string, AxonFlowClient>();
  return {
    url,
    app,
    store,
    async client(role, tenant = 'default') {
      const key = `${role}/${tenant}`;
      const existing = issued.get(key);
      if (existing) return existing;
      const credential = await app.credentials.create({ scope: { orgId: 'default', tenantId: tenant }, role });
      const client = new AxonFlowClient({ endpoint: url, clientId: credential.credential.clientId, clientSecret: credential.clientSecret, retryBackoffMs: 20 });
      issued.set(key, client);
      return client;
    },
    async close() {
      await app.server.close();
      await app.bus.close();
      await store.close().catch(() => undefined);
    },
  };
}
