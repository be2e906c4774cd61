/**
 * @module ServerKeyStore port: secrets of the deployment (not of a tenant) that every replica must
 * share, such as the key that signs stream tokens. Kept in the store so replicas agree without
 * configuration.
 */

export interface ServerKeyStore {
  /**
   * The key stored under `name`; when there is none yet, stores `candidate` first. Replicas racing
   * with different candidates all get the one that was stored first.
   */
  ensureServerKey(name: string, candidate: string): Promise<string>;
}
