/**
 * @module Roles, ordered: each role can do everything the roles before it can.
 * viewer reads; operator cancels, re-runs and exports; approver approves and rejects;
 * admin manages credentials, policies, budgets and deletes.
 */

export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
