/**
 * @module Where a replay first leaves the recorded run. Each step the code makes is paired with a
 * recorded step: the one with the same step id (so steps started together, whose gates reached the
 * server in another order, still pair up), else the earliest recorded step not yet paired. The
 * pair diverges on a different name, then type, then input (step input and tool input, compared
 * by `compareRecorded`: as JSON, masked values matching what they masked). A step after the
 * recording ran out is an `extra_step`; a recorded step no call reached, once the code is done,
 * is a `missing_step`.
 */
import { compareRecorded } from './compare-recorded.js';

export const DIVERGENCE_KINDS = ['name', 'type', 'input', 'missing_step', 'extra_step'] as const;
export type DivergenceKind = (typeof DIVERGENCE_KINDS)[number];

/** A step as replay compares it: recorded, or made by the code now. */
export interface ReplayStep {
  readonly stepId?: string;
  readonly name: string;
  readonly type: string;
  readonly input?: unknown;
  readonly toolInput?: unknown;
}

export interface Divergence {
  /** The code's step number (0-based); for `missing_step`, the recorded step's index. */
  readonly index: number;
  readonly kind: DivergenceKind;
  readonly recorded?: ReplayStep;
  readonly actual?: ReplayStep;
  /** For `input`: the JSONPaths that differ, under `$.input` and `$.tool_input`. */
  readonly paths?: readonly string[];
}

const payload = (step: ReplayStep) => ({ input: step.input, tool_input: step.toolInput });

/** How `actual` differs from the recorded step it is paired with, or undefined when it does not. */
export function compareStep(recorded: ReplayStep, actual: ReplayStep): Pick<Divergence, 'kind' | 'paths'> | undefined {
  if (recorded.name !== actual.name) return { kind: 'name' };
  if (recorded.type !== actual.type) return { kind: 'type' };
  const paths = compareRecorded(payload(recorded), payload(actual));
  return paths.length > 0 ? { kind: 'input', paths } : undefined;
}

export type Pairing<R> = { readonly index: number; readonly recorded: R } | { readonly index: number; readonly divergence: Divergence };

/** Pairs the code's steps with recorded ones as they come (a replay stops at the first divergence). */
export class StepMatcher<R extends ReplayStep> {
  readonly #recorded: readonly R[];
  readonly #byId = new Map<string, number>();
  readonly #paired = new Set<number>();
  #calls = 0;

  constructor(recorded: readonly R[]) {
    this.#recorded = recorded;
    recorded.forEach((step, i) => step.stepId !== undefined && this.#byId.set(step.stepId, i));
  }

  /** Steps the code has made so far. */
  get calls(): number {
    return this.#calls;
  }

  next(actual: ReplayStep): Pairing<R> {
    const index = this.#calls++;
    const byId = actual.stepId !== undefined ? this.#byId.get(actual.stepId) : undefined;
    let at = byId !== undefined && !this.#paired.has(byId) ? byId : undefined;
    if (at === undefined) for (let i = 0; i < this.#recorded.length && at === undefined; i++) if (!this.#paired.has(i)) at = i;
    if (at === undefined) return { index, divergence: { index, kind: 'extra_step', actual } };
    this.#paired.add(at);
    const recorded = this.#recorded[at]!;
    const different = compareStep(recorded, actual);
    return different ? { index, divergence: { index, ...different, recorded, actual } } : { index, recorded };
  }

  /** Once the code is done: the first recorded step it never reached. */
  finish(): Divergence | undefined {
    const at = this.#recorded.findIndex((_, i) => !this.#paired.has(i));
    return at < 0 ? undefined : { index: at, kind: 'missing_step', recorded: this.#recorded[at] };
  }
}

/** The first divergence of a whole sequence of the code's steps from the recorded ones. */
export function findDivergence(recorded: readonly ReplayStep[], actual: readonly ReplayStep[]): Divergence | undefined {
  const matcher = new StepMatcher(recorded);
  for (const step of actual) {
    const pairing = matcher.next(step);
    if ('divergence' in pairing) return pairing.divergence;
  }
  return matcher.finish();
}
