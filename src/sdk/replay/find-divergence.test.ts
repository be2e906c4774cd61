import { describe, expect, it } from 'vitest';
import { compareStep, findDivergence, StepMatcher, type ReplayStep } from './find-divergence.js';

const recorded: ReplayStep[] = [
  { stepId: 'triage-ticket-1', name: 'triage ticket', type: 'llm_call', input: { ticket: 'Refund to [REDACTED:email] please' } },
  { stepId: 'search-kb-2', name: 'search kb', type: 'tool_call', toolInput: { query: 'refund' } },
  { stepId: 'draft-reply-3', name: 'draft reply', type: 'llm_call', input: { tone: 'friendly', intent: 'refund' } },
];
const same = (): ReplayStep[] => [
  { stepId: 'triage-ticket-1', name: 'triage ticket', type: 'llm_call', input: { ticket: 'Refund to ana@example.com please' } },
  { stepId: 'search-kb-2', name: 'search kb', type: 'tool_call', toolInput: { query: 'refund' } },
  { stepId: 'draft-reply-3', name: 'draft reply', type: 'llm_call', input: { intent: 'refund', tone: 'friendly' } },
];

describe('findDivergence', () => {
  it('finds none when the code makes the recorded steps (masked values and key order aside)', () => {
    expect(findDivergence(recorded, same())).toBeUndefined();
    expect(findDivergence([], [])).toBeUndefined();
  });

  it('reports a changed input at its step with the paths, under $.input and $.tool_input', () => {
    const actual = same();
    actual[2] = { ...actual[2]!, input: { intent: 'refund', tone: 'formal' } };
    expect(findDivergence(recorded, actual)).toEqual({ index: 2, kind: 'input', paths: ['$.input.tone'], recorded: recorded[2], actual: actual[2] });
    actual[1] = { ...actual[1]!, toolInput: { query: 'refunds', limit: 5 } };
    expect(findDivergence(recorded, actual)).toMatchObject({ index: 1, kind: 'input', paths: ['$.tool_input.query', '$.tool_input.limit'] });
  });

  it('checks the name, then the type, then the input', () => {
    expect(compareStep(recorded[0]!, { name: 'classify ticket', type: 'tool_call', input: 1 })).toEqual({ kind: 'name' });
    expect(compareStep(recorded[0]!, { name: 'triage ticket', type: 'tool_call', input: 1 })).toEqual({ kind: 'type' });
    expect(compareStep(recorded[0]!, { name: 'triage ticket', type: 'llm_call', input: 1 })).toEqual({ kind: 'input', paths: ['$.input'] });
    const renamed = same();
    renamed[1] = { ...renamed[1]!, stepId: 'search-docs-2', name: 'search docs' };
    expect(findDivergence(recorded, renamed)).toMatchObject({ index: 1, kind: 'name', recorded: { name: 'search kb' }, actual: { name: 'search docs' } });
  });

  it('reports a step made after the recording ran out as extra, and one the code never reached as missing', () => {
    const more = [...same(), { stepId: 'notify-4', name: 'notify customer', type: 'action' }];
    expect(findDivergence(recorded, more)).toEqual({ index: 3, kind: 'extra_step', actual: more[3] });
    expect(findDivergence(recorded, same().slice(0, 2))).toEqual({ index: 2, kind: 'missing_step', recorded: recorded[2] });
    expect(findDivergence(recorded, [])).toMatchObject({ index: 0, kind: 'missing_step' });
    expect(findDivergence([], same().slice(0, 1))).toMatchObject({ index: 0, kind: 'extra_step' });
  });

  it('pairs steps by id first, so steps run together pair up whatever order their gates were recorded in', () => {
    // Recorded with the second call's gate first.
    const recordedOutOfOrder = [recorded[1]!, recorded[0]!, recorded[2]!];
    expect(findDivergence(recordedOutOfOrder, same())).toBeUndefined();
    // Without ids, order decides.
    const noIds = same().map(({ stepId: _, ...step }) => step);
    expect(findDivergence(recordedOutOfOrder, noIds)).toMatchObject({ index: 0, kind: 'name' });
  });

  it('pairs as the calls come, so a replay can stop at the first divergence', () => {
    const matcher = new StepMatcher(recorded);
    expect(matcher.next(same()[0]!)).toEqual({ index: 0, recorded: recorded[0] });
    expect(matcher.next({ name: 'draft reply', type: 'llm_call' })).toMatchObject({ index: 1, divergence: { kind: 'name', recorded: recorded[1] } });
    expect(matcher.calls).toBe(2);
    expect(matcher.finish()).toMatchObject({ index: 2, kind: 'missing_step' });
  });
});
