import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, attemptOutcome, retryDelayMs } from './retry-schedule.js';

const NOW = Date.parse('2026-05-01T10:00:00.000Z');

describe('retry schedule', () => {
  it('waits 5 s, 30 s, 2 min, 10 min… with jitter of at most 20 %, repeating the last wait', () => {
    const p = DEFAULT_RETRY_POLICY;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(p, n, 0.5))).toEqual([5_000, 30_000, 120_000, 600_000]);
    expect(retryDelayMs(p, 1, 0)).toBe(4_000);
    expect(retryDelayMs(p, 1, 1)).toBe(6_000);
    expect(retryDelayMs(p, 99, 0.5)).toBe(p.delaysMs[p.delaysMs.length - 1]);
  });

  it('delivers on 2xx, fails at once and disables on 410, retries anything else until the attempts are spent', () => {
    const p = { maxAttempts: 3, delaysMs: [100, 1000], jitter: 0 };
    expect(attemptOutcome(p, { status: 204 }, 1, NOW, 0.5)).toEqual({ status: 'delivered' });
    expect(attemptOutcome(p, { status: 410 }, 1, NOW, 0.5)).toEqual({ status: 'failed', disableWebhook: 'gone' });
    expect(attemptOutcome(p, { status: 500 }, 1, NOW, 0.5)).toEqual({ status: 'pending', nextAttemptAt: '2026-05-01T10:00:00.100Z' });
    expect(attemptOutcome(p, { error: 'timed out' }, 2, NOW, 0.5)).toEqual({ status: 'pending', nextAttemptAt: '2026-05-01T10:00:01.000Z' });
    expect(attemptOutcome(p, { status: 302 }, 3, NOW, 0.5)).toEqual({ status: 'failed' });
  });
});
