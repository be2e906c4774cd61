/**
 * @module SeqReads port: where a scope's event log stands, so a live stream that starts without a
 * cursor can start "now" (everything after the seq returned is new to it).
 */
import type { Scope } from '../identity/scope.js';

export interface SeqReads {
  /** The largest seq of the scope's events; 0 when it has none. */
  latestSeq(scope: Scope): Promise<number>;
}
