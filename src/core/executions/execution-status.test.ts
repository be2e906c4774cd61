import { describe, expect, it } from 'vitest';
import { fromReplayStatus, fromWcpStatus, isTerminalStatus, toReplayStatus, toUnifiedStatus, toWcpStatus } from './execution-status.js';
import { EXECUTION_STATUSES } from './vocabularies.js';

describe('status maps to the wire surfaces (architecture §1)', () => {
  it('maps every internal status as the table says', () => {
    const table = EXECUTION_STATUSES.map((s) => [s, toUnifiedStatus(s), toReplayStatus(s), toWcpStatus(s), isTerminalStatus(s)]);
    expect(table).toEqual([
      ['pending', 'pending', 'pending', 'in_progress', false],
      ['running', 'running', 'running', 'in_progress', false],
      ['completed', 'completed', 'completed', 'completed', true],
      ['failed', 'failed', 'failed', 'failed', true],
      ['cancelled', 'cancelled', 'failed', 'aborted', true],
      ['aborted', 'aborted', 'failed', 'aborted', true],
      ['expired', 'expired', 'failed', 'aborted', true],
    ]);
  });

  it('maps wire filters back to every internal status they cover', () => {
    for (const status of EXECUTION_STATUSES) {
      expect(fromReplayStatus(toReplayStatus(status))).toContain(status);
      expect(fromWcpStatus(toWcpStatus(status))).toContain(status);
    }
    expect(fromWcpStatus('in_progress')).toEqual(['pending', 'running']);
    expect(fromReplayStatus('failed')).toEqual(['failed', 'cancelled', 'aborted', 'expired']);
  });
});
