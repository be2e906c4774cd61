export { ROLES, type Role, isRole, roleAtLeast } from './role.js';
export { type Scope, type Caller, scopeOf } from './scope.js';
export { type Credential, type CredentialRecord, BOOTSTRAP_CLIENT_ID, DEFAULT_ORG, DEFAULT_TENANT, publicCredential } from './credential.js';
export {
  MIN_SECRET_LENGTH,
  generateSecret,
  generateClientId,
  secretLookupKey,
  hashSecret,
  verifySecret,
} from './secret-hash.js';
