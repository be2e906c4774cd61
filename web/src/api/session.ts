/**
 * @module The signed-in credential: kept in sessionStorage (gone when the tab closes), turned into
 * an SDK client on the page's own origin. Roles order what the UI offers: viewer < operator <
 * approver < admin, as the server enforces them.
 */
import { AxonFlowClient } from '../../../src/sdk/axonflow-client.js';
import type { WhoAmI } from '../../../src/shared/identity.js';

export type Role = WhoAmI['role'];
export interface Credential {
  readonly clientId?: string;
  readonly clientSecret: string;
}
export interface Session {
  readonly credential: Credential;
  readonly whoami: WhoAmI;
}

const KEY = 'axonflow.session';
const RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2, admin: 3 };

export const roleAtLeast = (role: Role | undefined, needed: Role) => role !== undefined && RANK[role] >= RANK[needed];

export function clientFor(credential: Credential, endpoint = window.location.origin): AxonFlowClient {
  return new AxonFlowClient({ endpoint, clientId: credential.clientId || undefined, clientSecret: credential.clientSecret, maxAttempts: 2, timeoutMs: 20_000 });
}

export function loadSession(): Session | undefined {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** Checks the credential against /api/v1/whoami; throws the SDK's typed error when refused. */
export async function signIn(credential: Credential): Promise<Session> {
  const whoami = await clientFor(credential).whoami();
  const session = { credential, whoami };
  saveSession(session);
  return session;
}
