/** @module React access to the session and its SDK client. */
import { createContext, useContext } from 'react';
import type { AxonFlowClient } from '../../../src/sdk/axonflow-client.js';
import type { Role, Session } from './session.js';

export interface SessionContextValue {
  readonly session: Session;
  readonly client: AxonFlowClient;
  readonly role: Role;
  signOut(): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}
