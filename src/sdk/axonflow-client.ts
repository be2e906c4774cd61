/**
 * @module AxonFlowClient: the SDK's entry point, a facade of resource clients over one HTTP client.
 *
 * ```ts
 * import { AxonFlowClient } from 'axonflow/sdk';
 * const client = new AxonFlowClient({ endpoint: 'http://localhost:8080', clientId, clientSecret });
 * ```
 */
import type { Health } from '../shared/health.js';
import type { WhoAmI } from '../shared/identity.js';
import { EventsClient } from './events-client.js';
import { ExecutionsClient } from './executions-client.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import { PoliciesClient } from './policies-client.js';
import { StreamsClient } from './stream-client.js';
import { WorkflowsClient } from './workflows-client.js';
import { UnifiedClient } from './unified-client.js';

export type AxonFlowClientOptions = HttpClientOptions;

export class AxonFlowClient {
  readonly http: HttpClient;
  readonly workflows: WorkflowsClient;
  readonly events: EventsClient;
  readonly executions: ExecutionsClient;
  /** Live streams (SSE) of one run or of the runs matching a filter. */
  readonly streams: StreamsClient;
  readonly unified: UnifiedClient;
  readonly policies: PoliciesClient;

  constructor(options: AxonFlowClientOptions = {}) {
    this.http = new HttpClient(options);
    this.executions = new ExecutionsClient(this.http);
    this.unified = new UnifiedClient(this.http);
    this.events = new EventsClient(this.http);
    this.workflows = new WorkflowsClient(this.http, this.executions, this.events);
    this.streams = new StreamsClient(this.http, options);
    this.policies = new PoliciesClient(this.http);
  }

  whoami(): Promise<WhoAmI> {
    return this.http.request('GET', '/api/v1/whoami', { idempotent: true });
  }

  health(): Promise<Health> {
    return this.http.request('GET', '/healthz', { idempotent: true });
  }
}
