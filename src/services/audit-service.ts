/**
 * @module AuditService: search a tenant's audit trail and verify its hash chain (docs/audit.md).
 * Verification reads the chain a page at a time (memory stays one page, whatever its length)
 * between two reads of the head, so writers never need to stop while it runs.
 */
import { ChainVerifier, type ChainVerification } from '../core/audit/chain-verifier.js';
import type { Scope } from '../core/identity/scope.js';
import type { AuditPage, AuditSearchQuery, AuditStore } from '../core/ports/audit-store.js';

export interface AuditServiceOptions {
  readonly store: AuditStore;
  /** Records per read while verifying. @default 500 */
  readonly pageSize?: number;
}

export class AuditService {
  readonly #store: AuditStore;
  readonly #pageSize: number;

  constructor(options: AuditServiceOptions) {
    this.#store = options.store;
    this.#pageSize = options.pageSize ?? 500;
  }

  search(scope: Scope, query: AuditSearchQuery): Promise<AuditPage> {
    return this.#store.searchAudit(scope, query);
  }

  async verify(scope: Scope): Promise<ChainVerification> {
    const verifier = new ChainVerifier(await this.#store.auditHead(scope));
    let afterSeq: number | undefined;
    for (;;) {
      const page = await this.#store.readAuditChain(scope, { afterSeq, limit: this.#pageSize });
      if (!verifier.add(page) || page.length < this.#pageSize) break;
      afterSeq = page[page.length - 1]!.seq;
    }
    return verifier.finish(await this.#store.auditHead(scope));
  }
}
