export {
  type DetectorFinding,
  type DetectorGroup,
  type DetectorKind,
  type DetectorSelection,
  type PiiKind,
  type SecretKind,
  DETECTOR_GROUPS,
  DETECTOR_KINDS,
  PII_KINDS,
  SECRET_KINDS,
  isDetectorKind,
  selectKinds,
} from './detector-kinds.js';
export { DETECTORS, detect, detectedKinds } from './detect.js';
export { resolveOverlaps } from './resolve-overlaps.js';
export { sqlInjection } from './sql-injection.js';
export { type RedactedValue, type RedactionRecord, MAX_REDACTION_DEPTH, redactText, redactValue, redactionMask } from './redact-value.js';
export { jsonPathChild } from './json-path.js';
