/** @module Clock port: the only source of "now" for the core and services, so tests control time. */
export interface Clock {
  /** Current time as an ISO-8601 UTC string with milliseconds. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
