import { describe, expect, it } from 'vitest';
import { periodWindow, usageWindow } from './period-window.js';

describe('periodWindow (UTC calendar periods, half-open)', () => {
  // A Wednesday in Q2, late in the day UTC.
  const at = '2026-05-13T23:30:00.000Z';

  it.each([
    ['daily', '2026-05-13T00:00:00.000Z', '2026-05-14T00:00:00.000Z'],
    ['weekly', '2026-05-11T00:00:00.000Z', '2026-05-18T00:00:00.000Z'],
    ['monthly', '2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'],
    ['quarterly', '2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    ['yearly', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
  ] as const)('%s runs from %s to %s', (period, start, end) => {
    expect(periodWindow(period, at)).toEqual({ start, end });
  });

  it('starts ISO weeks on Monday: a Sunday belongs to the week before, a Monday starts one', () => {
    expect(periodWindow('weekly', '2026-05-17T12:00:00.000Z').start).toBe('2026-05-11T00:00:00.000Z');
    expect(periodWindow('weekly', '2026-05-18T00:00:00.000Z').start).toBe('2026-05-18T00:00:00.000Z');
    // Across a month and a year end.
    expect(periodWindow('weekly', '2027-01-01T00:00:00.000Z')).toEqual({ start: '2026-12-28T00:00:00.000Z', end: '2027-01-04T00:00:00.000Z' });
  });

  it('puts an instant at a boundary in the period it starts, and reads offsets as UTC', () => {
    expect(periodWindow('monthly', '2026-06-01T00:00:00.000Z').start).toBe('2026-06-01T00:00:00.000Z');
    expect(periodWindow('monthly', '2026-05-31T23:59:59.999Z').end).toBe('2026-06-01T00:00:00.000Z');
    expect(periodWindow('daily', '2026-05-14T01:00:00+02:00').start).toBe('2026-05-13T00:00:00.000Z');
    expect(periodWindow('quarterly', '2026-12-31T23:59:59.999Z')).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
    expect(periodWindow('monthly', '2028-02-29T12:00:00.000Z').end).toBe('2028-03-01T00:00:00.000Z');
  });
});

describe('usageWindow', () => {
  const now = '2026-05-13T10:00:00.000Z';

  it('is the current period, with either end replaced by an explicit instant', () => {
    expect(usageWindow('monthly', now)).toEqual({ start: '2026-05-01T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' });
    expect(usageWindow('monthly', now, '2026-05-10T00:00:00Z')).toEqual({ start: '2026-05-10T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' });
    expect(usageWindow('daily', now, '2026-01-01T00:00:00+01:00', '2026-02-01T00:00:00Z')).toEqual({ start: '2025-12-31T23:00:00.000Z', end: '2026-02-01T00:00:00.000Z' });
  });

  it('is undefined when the window is empty', () => {
    expect(usageWindow('monthly', now, '2026-05-02T00:00:00Z', '2026-05-02T00:00:00Z')).toBeUndefined();
    expect(usageWindow('daily', now, '2026-05-20T00:00:00Z')).toBeUndefined();
  });
});
