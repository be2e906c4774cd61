/** @module The demo's own credential: an operator in org `default`, tenant `default`, where the bootstrap admin looks. */
export const DEMO_CLIENT_ID = 'axf_demo_traffic';
export const DEMO_SCOPE = { orgId: 'default', tenantId: 'default' } as const;
