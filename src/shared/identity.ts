/** @module Credentials and the caller's identity on the wire. */
import { z } from 'zod';
import type { Role as CoreRole } from '../core/identity/role.js';
import { Id, Timestamp } from './common.js';

const ROLE_VALUES = ['viewer', 'operator', 'approver', 'admin'] as const;
export const Role = z.enum(ROLE_VALUES).meta({ id: 'Role', description: 'viewer < operator < approver < admin' });
// Both directions: the wire enum and the core vocabulary must stay the same set.
const wireCoversCore: (typeof ROLE_VALUES)[number] extends CoreRole ? (CoreRole extends (typeof ROLE_VALUES)[number] ? true : false) : false = true;
void wireCoversCore;

export const WhoAmI = z
  .object({ client_id: z.string(), org_id: z.string(), tenant_id: z.string(), role: Role })
  .meta({ id: 'WhoAmI' });

export const Credential = z
  .object({
    client_id: z.string(),
    org_id: z.string(),
    tenant_id: z.string(),
    role: Role,
    name: z.string().nullable(),
    created_at: Timestamp,
    created_by: z.string().nullable(),
    revoked_at: Timestamp.nullable(),
  })
  .meta({ id: 'Credential' });

export const IssuedCredential = z
  .object({
    client_id: z.string(),
    client_secret: z.string().meta({ description: 'Shown once; only a hash is stored.' }),
    org_id: z.string(),
    tenant_id: z.string(),
    role: Role,
    name: z.string().nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'IssuedCredential' });

export const CreateCredentialRequest = z
  .object({
    role: Role,
    tenant_id: Id.optional().meta({ description: "A tenant of the caller's org; default the caller's tenant. Created when missing." }),
    name: z.string().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: 'CreateCredentialRequest' });

export const CredentialList = z.object({ credentials: z.array(Credential) }).meta({ id: 'CredentialList' });

export const TenantQuery = z
  .object({ tenant_id: Id.optional().meta({ description: "A tenant of the caller's org (admins); default the caller's tenant." }) })
  .strict();

export const ClientIdParams = z.object({ client_id: Id }).strict();

export const RevokedCredential = z.object({ client_id: z.string(), revoked_at: Timestamp }).meta({ id: 'RevokedCredential' });

export type Credential = z.infer<typeof Credential>;
export type IssuedCredential = z.infer<typeof IssuedCredential>;
export type WhoAmI = z.infer<typeof WhoAmI>;
export type CreateCredentialRequest = z.infer<typeof CreateCredentialRequest>;
