export type { RerunTarget } from './rerun-target.js';
export { type Rerun, type RerunDispatch, type RerunFromStep, MIN_RERUN_REASON_CHARS } from './rerun.js';
export { RERUN_SIGNATURE_VERSION, rerunSignatureDigest, signRerunBody } from './rerun-signature.js';
export { RERUN_EVENT, rerunPayload, type RerunPayloadInput } from './rerun-payload.js';
export { assertRerunnable, decideRerun } from './decide-rerun.js';
