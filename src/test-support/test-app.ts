/** @module An in-process app on a fresh store of a given kind, with a known bootstrap admin secret. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { CompiledPolicy } from '../core/policies/index.js';
import type { Store } from '../core/ports/store.js';
import { buildApp } from '../server/app.js';
import type { CredentialService } from '../services/credential-service.js';
import type { StoreHarness } from './store-harness.js';

export const ADMIN_SECRET = 'test-admin-secret-0123456789abcdef';

export interface TestApp {
  readonly server: FastifyInstance;
  readonly store: Store;
  readonly credentials: CredentialService;
  /** Injects with the bootstrap admin's credential unless `headers` says otherwise. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(harness: StoreHarness, options: { bodyLimitBytes?: number; filePolicies?: readonly CompiledPolicy[] } = {}): Promise<TestApp> {
  const store = harness.location().open();
  await store.migrate();
  const { server, credentials } = await buildApp({
    store,
    config: { bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024, logLevel: 'silent', authCacheTtlMs: 30_000 },
    version: 'test',
    filePolicies: options.filePolicies,
    alertEvaluateIntervalMs: 0,
  });
  await credentials.ensureBootstrapAdmin(ADMIN_SECRET);
  return {
    server,
    store,
    credentials,
    inject: (opts) => server.inject({ ...opts, headers: { authorization: `Bearer ${ADMIN_SECRET}`, ...opts.headers } }),
    close: async () => {
      await server.close();
      await store.close().catch(() => undefined);
    },
  };
}

export function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}
