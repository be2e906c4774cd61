import { describe, expect, it } from 'vitest';
import { goDuration } from './go-duration.js';

describe('goDuration', () => {
  it('writes durations as Go does after AxonFlow’s rounding', () => {
    expect([0, 850, 999.6, 1000, 1499, 1500, 45_000, 90_000, 3_599_400, 3_600_000, 7_500_000, 7_530_000].map(goDuration)).toEqual([
      '0s', '850ms', '1s', '1s', '1s', '2s', '45s', '1m30s', '59m59s', '1h0m0s', '2h5m0s', '2h6m0s',
    ]);
  });
});
