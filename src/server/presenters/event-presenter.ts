/** @module Stored events on the wire. */
import type { ExecutionEvent } from '../../core/events/event-catalogue.js';
import type { WireEvent } from '../../shared/events.js';
import { toSnakeCase } from './snake-case.js';

export function presentEvent(event: ExecutionEvent): WireEvent {
  return {
    seq: event.seq,
    event_id: event.eventId,
    execution_id: event.executionId,
    type: event.type,
    at: event.at,
    recorded_at: event.recordedAt,
    data: toSnakeCase(event.data) as Record<string, unknown>,
  };
}
