/**
 * @module Scope and Caller. Every store call takes a Scope; no query runs without one. The only
 * unscoped read is credential lookup during authentication, which is what produces a Caller.
 */
import type { Role } from './role.js';

export interface Scope {
  readonly orgId: string;
  readonly tenantId: string;
}

export interface Caller extends Scope {
  readonly clientId: string;
  readonly role: Role;
}

export function scopeOf(caller: Scope): Scope {
  return { orgId: caller.orgId, tenantId: caller.tenantId };
}
