/**
 * @module The scope a request acts on: the caller's own, or, for an admin naming `tenant_id`,
 * another tenant of the caller's org. Another org is never reachable.
 */
import { DomainError } from '../../core/errors/domain-error.js';
import type { Caller, Scope } from '../../core/identity/scope.js';
import type { FastifyRequest } from 'fastify';
import './route-access.js';

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new DomainError('UNAUTHORIZED');
  return request.caller;
}

export function targetScope(caller: Caller, tenantId?: string): Scope {
  if (tenantId === undefined || tenantId === caller.tenantId) return { orgId: caller.orgId, tenantId: caller.tenantId };
  if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', { role: caller.role, required: 'admin', action: 'act on another tenant' });
  return { orgId: caller.orgId, tenantId };
}
