/**
 * @module Usage periods and their windows. Periods are UTC calendar periods: a day starts at
 * 00:00 UTC, a week on Monday (ISO weeks), a quarter in January, April, July or October. A window
 * is half-open, `[start, end)`, in the ISO-8601 text the store keeps (so it compares as text).
 */

export const USAGE_PERIODS = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

export interface PeriodWindow {
  /** Inclusive. */
  readonly start: string;
  /** Exclusive: the start of the next period. */
  readonly end: string;
}

/** The period of kind `period` that contains the instant `at`. */
export function periodWindow(period: UsagePeriod, at: string): PeriodWindow {
  const t = new Date(at);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  const d = t.getUTCDate();
  let start: number;
  let end: number;
  switch (period) {
    case 'daily':
      start = Date.UTC(y, m, d);
      end = Date.UTC(y, m, d + 1);
      break;
    case 'weekly': {
      // getUTCDay: Sunday 0 … Saturday 6; ISO weeks start on Monday.
      const sinceMonday = (t.getUTCDay() + 6) % 7;
      start = Date.UTC(y, m, d - sinceMonday);
      end = Date.UTC(y, m, d - sinceMonday + 7);
      break;
    }
    case 'monthly':
      start = Date.UTC(y, m, 1);
      end = Date.UTC(y, m + 1, 1);
      break;
    case 'quarterly': {
      const first = m - (m % 3);
      start = Date.UTC(y, first, 1);
      end = Date.UTC(y, first + 3, 1);
      break;
    }
    case 'yearly':
      start = Date.UTC(y, 0, 1);
      end = Date.UTC(y + 1, 0, 1);
      break;
  }
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/**
 * The window a usage query covers: the current `period` containing `now`, with its start and/or
 * end replaced by explicit instants when given. Undefined when the result is empty (start ≥ end).
 */
export function usageWindow(period: UsagePeriod, now: string, startTime?: string, endTime?: string): PeriodWindow | undefined {
  const current = periodWindow(period, now);
  const start = startTime !== undefined ? new Date(startTime).toISOString() : current.start;
  const end = endTime !== undefined ? new Date(endTime).toISOString() : current.end;
  return start < end ? { start, end } : undefined;
}
