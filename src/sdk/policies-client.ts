/**
 * @module The policies API (`/api/v1/policies`): read, write as versions, and simulate drafts over
 * recorded runs. Types are the wire's (src/shared/policies.ts).
 */
import type { z } from 'zod';
import type { PolicyDefinition, PolicyResource, PolicySimulationRequest, PolicySimulationResponse, PolicyUpdate, PolicyVersionEntry } from '../shared/policies.js';
import type { HttpClient } from './http-client.js';

export type PolicyVersion = z.infer<typeof PolicyVersionEntry>;
export type SimulationRequest = z.input<typeof PolicySimulationRequest>;
export type SimulationReport = z.infer<typeof PolicySimulationResponse>;
export type PolicyInput = z.input<typeof PolicyDefinition>;

const path = (id: string) => `/api/v1/policies/${encodeURIComponent(id)}`;

export class PoliciesClient {
  constructor(private readonly http: HttpClient) {}

  list(): Promise<{ policies: PolicyResource[]; count: number }> {
    return this.http.request('GET', '/api/v1/policies', { idempotent: true });
  }

  /** The live version, or `version` when given (deleted policies stay readable by version). */
  get(id: string, version?: number): Promise<PolicyVersion> {
    return this.http.request('GET', path(id), { query: { version }, idempotent: true });
  }

  versions(id: string): Promise<{ policy_id: string; versions: PolicyVersion[] }> {
    return this.http.request('GET', `${path(id)}/versions`, { idempotent: true });
  }

  /** Creates a policy; fails with POLICY_ALREADY_EXISTS when it is live. */
  create(policy: PolicyInput): Promise<PolicyResource> {
    return this.http.request('POST', '/api/v1/policies', { body: policy });
  }

  /** Creates or replaces; with `expectedVersion`, only if that version is live (else POLICY_VERSION_CONFLICT). */
  apply(policy: PolicyInput | (z.input<typeof PolicyUpdate> & { id: string }), options: { expectedVersion?: number } = {}): Promise<PolicyResource> {
    return this.http.request('PUT', path(policy.id as string), { body: policy, query: { expected_version: options.expectedVersion }, idempotent: true });
  }

  delete(id: string, options: { expectedVersion?: number } = {}): Promise<PolicyVersion> {
    return this.http.request('DELETE', path(id), { query: { expected_version: options.expectedVersion } });
  }

  simulate(request: SimulationRequest): Promise<SimulationReport> {
    return this.http.request('POST', '/api/v1/policies/simulate', { body: request, idempotent: true });
  }
}
