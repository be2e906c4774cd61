/**
 * @module Evidence: the deployment's signing key and checking evidence bundles with it
 * (docs/exports.md). Export a bundle with `client.executions.export(id, { format: 'bundle' })`.
 *
 * ```ts
 * const result = await client.evidence.verify('execution-wf_1.bundle.tar.gz');
 * ```
 */
import type { SigningKey } from '../shared/exports.js';
import type { HttpClient } from './http-client.js';
// The verifier is loaded on first use: it needs node:zlib and tar-stream, which must stay out of the
// viewer's browser bundle (the viewer builds on AxonFlowClient) and out of every CLI start.
import type { BundleVerification } from './verify-bundle.js';

// A variable specifier, so bundlers do not follow it; resolved beside this module at run time.
const VERIFIER = './verify-bundle.js';

export type { SigningKey };

export class EvidenceClient {
  constructor(private readonly http: HttpClient) {}

  /** The public key evidence bundles are signed with (any role may read it). */
  signingKey(): Promise<SigningKey> {
    return this.http.request('GET', '/api/v1/audit/signing-key', { idempotent: true });
  }

  /**
   * Checks a bundle (bytes or a path) offline against `publicKeyPem`, or, when none is given,
   * against the key this deployment serves now. Keep the PEM beside archived bundles: a bundle
   * signed before a key change only verifies with the key of its time.
   */
  async verify(bundle: Uint8Array | string, publicKeyPem?: string): Promise<BundleVerification> {
    const { verifyBundle } = (await import(/* @vite-ignore */ VERIFIER)) as typeof import('./verify-bundle.js');
    return verifyBundle(bundle, publicKeyPem ?? (await this.signingKey()).public_key_pem);
  }
}
