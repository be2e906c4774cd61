/**
 * @module `axonflow credentials create|list|revoke`: manage credentials directly on the configured
 * store, without a running server (for scripted setups and recovery).
 */
import { isRole, type Role } from '../core/identity/role.js';
import { systemClock } from '../core/ports/clock.js';
import type { Store } from '../core/ports/store.js';
import { CredentialService } from '../services/credential-service.js';
import { openStore } from './app.js';
import type { ServerConfig } from './config/server-config.js';
import { presentCredential } from './presenters/credential-presenter.js';
import type { Output } from './serve.js';

export class UsageError extends Error {}

async function withService<T>(config: Pick<ServerConfig, 'db'>, work: (service: CredentialService, store: Store) => Promise<T>): Promise<T> {
  const store = openStore(config.db);
  try {
    await store.migrate();
    return await work(new CredentialService({ store, clock: systemClock }), store);
  } finally {
    await store.close();
  }
}

export interface CreateOptions {
  readonly org: string;
  readonly tenant: string;
  readonly role: string;
  readonly name?: string;
  readonly format: string;
}

export async function createCredentialCommand(config: Pick<ServerConfig, 'db'>, options: CreateOptions, output: Output): Promise<void> {
  if (!isRole(options.role)) throw new UsageError(`--role must be one of viewer, operator, approver, admin; got "${options.role}"`);
  const role: Role = options.role;
  const issued = await withService(config, (service) =>
    service.create({ scope: { orgId: options.org, tenantId: options.tenant }, role, name: options.name, createdBy: 'axonflow-cli' }),
  );
  const c = issued.credential;
  const body = { client_id: c.clientId, client_secret: issued.clientSecret, org_id: c.orgId, tenant_id: c.tenantId, role: c.role };
  if (options.format === 'json') output.out(JSON.stringify(body, null, 2));
  else for (const [key, value] of Object.entries(body)) output.out(`${key.padEnd(14)} ${value}`);
}

export async function listCredentialsCommand(config: Pick<ServerConfig, 'db'>, options: { org: string; tenant: string; format: string }, output: Output): Promise<void> {
  const list = await withService(config, (service) => service.list({ orgId: options.org, tenantId: options.tenant }));
  const wire = list.map(presentCredential);
  if (options.format === 'json') {
    output.out(JSON.stringify({ credentials: wire }, null, 2));
    return;
  }
  if (wire.length === 0) output.out(`No credentials in org ${options.org}, tenant ${options.tenant}.`);
  for (const c of wire) output.out(`${c.client_id}  ${c.role.padEnd(8)}  ${c.revoked_at ? `revoked ${c.revoked_at}` : 'active'}  ${c.name ?? ''}`);
}

export async function revokeCredentialCommand(config: Pick<ServerConfig, 'db'>, clientId: string, options: { org: string; tenant: string }, output: Output): Promise<void> {
  const revoked = await withService(config, (service) =>
    service.revoke({ orgId: options.org, tenantId: options.tenant }, clientId, { clientId: 'axonflow-cli', orgId: options.org, tenantId: options.tenant, role: 'admin' }),
  );
  output.out(`${revoked.clientId} revoked at ${revoked.revokedAt}`);
}
