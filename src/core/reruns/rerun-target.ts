/**
 * @module RerunTarget: where an application takes re-run requests for one workflow of one tenant
 * (a URL and the HMAC secret that signs them). Set by admins; the secret is write-only: it leaves
 * the server in the answer that set it and never again (reads show `secretHint`).
 */
export interface RerunTarget {
  readonly orgId: string;
  readonly tenantId: string;
  /** The workflow name the target serves, exactly as runs carry it. */
  readonly workflowName: string;
  readonly url: string;
  /** HMAC-SHA256 key of `X-AxonFlow-Signature`. */
  readonly secret: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
