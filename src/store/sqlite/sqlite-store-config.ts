/** @module SqliteStoreConfig: options of the embedded store. */
import type { Clock } from '../../core/ports/clock.js';
import type { Ids } from '../../core/ports/ids.js';

export interface SqliteStoreConfig {
  /** Database file; its directory is created when missing. `:memory:` for a throwaway store. */
  readonly path: string;
  /**
   * How long a writer waits for another process's write lock before failing with
   * STORE_UNAVAILABLE. @default 5000
   */
  readonly busyTimeoutMs?: number;
  /** Payloads over this many bytes of JSON are previewed in projections, whole in the log. @default 65536 */
  readonly payloadCapBytes?: number;
  readonly clock?: Clock;
  readonly ids?: Ids;
}
