/** @module PostgresStoreConfig: options of the shared store for several replicas. */
import type { Clock } from '../../core/ports/clock.js';
import type { Ids } from '../../core/ports/ids.js';

export interface PostgresStoreConfig {
  /** `postgres://user:pass@host:port/db`. */
  readonly connectionString: string;
  /** Schema holding every table (created when missing). @default 'public' */
  readonly schema?: string;
  /** @default 10 */
  readonly poolSize?: number;
  /** How long to wait for a connection before the call fails with STORE_UNAVAILABLE. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** How long to wait for one query's answer before the call fails with STORE_UNAVAILABLE (migrations excepted). @default 30000 */
  readonly queryTimeoutMs?: number;
  /** Payloads over this many bytes of JSON are previewed in projections, whole in the log. @default 65536 */
  readonly payloadCapBytes?: number;
  readonly clock?: Clock;
  readonly ids?: Ids;
  /** Receives errors of idle pooled connections (the server went away); they are otherwise dropped. */
  readonly onIdleError?: (error: Error) => void;
}
