/** @module What each conformance case gets: the store kind, stores to work on, and fresh scopes. */
import { randomBytes } from 'node:crypto';
import type { Scope } from '../../core/identity/scope.js';
import type { Store } from '../../core/ports/store.js';
import type { RawStoreLocation, StoreHarness, StoreOptions } from '../../test-support/store-harness.js';

export type CaseFn = () => Promise<void>;
export type Register = (name: string, fn: CaseFn) => void;

export interface ConformanceContext {
  readonly kind: StoreHarness['kind'];
  /** The suite's shared migrated store; cases keep apart by using their own scopes. */
  store(): Store;
  /** A fresh empty database, for cases about migration, restarts and several replicas. */
  location(): RawStoreLocation;
  /** An open, migrated store on a fresh database; closed when the suite ends. */
  freshStore(options?: StoreOptions): Promise<Store>;
  /** Remembers a store opened by a case so the suite closes it. */
  track(store: Store): Store;
  /** A scope no other case uses. */
  scope(org?: string): Scope;
}

export function uniqueScope(org?: string): Scope {
  const tag = randomBytes(4).toString('hex');
  return { orgId: org ?? `org-${tag}`, tenantId: `tenant-${tag}` };
}
