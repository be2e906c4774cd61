export * from './common.js';
export * from './health.js';
export * from './identity.js';
export * from './workflows.js';
export * from './events.js';
export * from './ingest.js';
export * from './policies.js';
