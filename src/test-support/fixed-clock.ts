/** A Clock tests move by hand. */
import type { Clock } from '../core/ports/clock.js';

export class FixedClock implements Clock {
  #ms: number;

  constructor(start = '2026-01-01T00:00:00.000Z') {
    this.#ms = Date.parse(start);
  }

  now(): string {
    return new Date(this.#ms).toISOString();
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}
