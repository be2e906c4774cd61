/** @module Events on the wire: the stored log as clients read it, and the long-poll query. */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const WireEvent = z
  .object({
    seq: z.number().int(),
    event_id: z.string(),
    execution_id: z.string(),
    type: z.string().meta({ description: 'The event type (docs/events.md): execution.*, step.*, provider.called, connector.called, approval.*, …' }),
    at: Timestamp,
    recorded_at: Timestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event' });

export const ExecutionIdParams = z.object({ id: Id }).strict();

export const EventsQuery = z
  .object({
    after_seq: z.coerce.number().int().min(0).default(0).meta({ description: 'Return events with a larger seq (a cursor: the last seq seen).' }),
    wait_ms: z.coerce.number().int().min(0).max(30_000).default(0).meta({ description: 'When nothing is there yet, wait up to this long for an event (long poll).' }),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const EventsResponse = z
  .object({
    execution_id: z.string(),
    status: z.string().meta({ description: 'The execution status after these events were read' }),
    events: z.array(WireEvent),
    last_seq: z.number().int().meta({ description: 'Pass as after_seq to continue.' }),
  })
  .meta({ id: 'EventsResponse' });

export type WireEvent = z.infer<typeof WireEvent>;
export type EventsResponse = z.infer<typeof EventsResponse>;
