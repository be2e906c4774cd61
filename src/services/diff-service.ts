/**
 * @module DiffService: reads two runs of one scope (a run of another tenant is not found) and
 * diffs them. Steps are read in pages and never more than DIFF_STEP_LIMIT + 1 per run, so a
 * 100,000-step run costs what a 5,001-step one does.
 */
import { DIFF_STEP_LIMIT, diffRuns, type DiffSide, type RunDiff } from '../core/executions/diff-runs.js';
import type { Step } from '../core/executions/index.js';
import type { Scope } from '../core/identity/scope.js';
import type { Store } from '../core/ports/store.js';
import type { ExecutionService } from './execution-service.js';

const PAGE = 1000;

export interface DiffServiceOptions {
  readonly store: Pick<Store, 'readSteps'>;
  readonly executions: Pick<ExecutionService, 'get'>;
}

export class DiffService {
  readonly #o: DiffServiceOptions;

  constructor(options: DiffServiceOptions) {
    this.#o = options;
  }

  async diff(scope: Scope, a: string, b: string): Promise<{ a: DiffSide; b: DiffSide; diff: RunDiff }> {
    const [sideA, sideB] = await Promise.all([this.#side(scope, a), this.#side(scope, b)]);
    return { a: sideA, b: sideB, diff: diffRuns(sideA, sideB) };
  }

  async #side(scope: Scope, executionId: string): Promise<DiffSide> {
    const execution = await this.#o.executions.get(scope, executionId);
    const steps: Step[] = [];
    let after: number | undefined;
    while (steps.length <= DIFF_STEP_LIMIT) {
      const limit = Math.min(PAGE, DIFF_STEP_LIMIT + 1 - steps.length);
      const page = await this.#o.store.readSteps(scope, { executionId, afterIndex: after, limit });
      steps.push(...page);
      if (page.length < limit) break;
      after = page[page.length - 1]!.stepIndex;
    }
    const truncated = steps.length > DIFF_STEP_LIMIT;
    return { execution, steps: truncated ? steps.slice(0, DIFF_STEP_LIMIT) : steps, truncated };
  }
}
