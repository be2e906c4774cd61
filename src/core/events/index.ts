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
