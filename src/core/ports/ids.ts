/** @module Ids port: identifier generation, injectable so tests get deterministic ids. */
import { randomUUID } from 'node:crypto';

export interface Ids {
  /** A new unique id, optionally with a readable prefix (`wf_…`, `apr_…`). */
  next(prefix?: string): string;
}

export const randomIds: Ids = {
  next: (prefix) => (prefix ? `${prefix}_${randomUUID().replaceAll('-', '')}` : randomUUID()),
};
