export * from './webhook.js';
export * from './webhook-signature.js';
export * from './retry-schedule.js';
export * from './webhook-payload.js';
export * from './slack-payload.js';
export * from './delivery-body.js';
