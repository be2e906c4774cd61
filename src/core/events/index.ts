export {
  type EventDataMap,
  type EventType,
  type EventDraft,
  type EventEnvelope,
  type ExecutionEvent,
  type EventOf,
  EVENT_TYPES,
  isEventType,
} from './event-catalogue.js';
export { canonicalJson, fingerprint } from './canonical-json.js';
export { encodeJson, normaliseJson } from './storable-json.js';
