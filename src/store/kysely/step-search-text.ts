/**
 * @module The searchable text of a step: its name, every string in its input and output (and
 * tool input), and its error, capped so one huge payload cannot bloat the index.
 */
import type { Step } from '../../core/executions/index.js';
import { textOf } from '../../core/policies/policy-facts.js';

const MAX_SEARCH_CHARS = 32 * 1024;

export function stepSearchText(step: Step): string {
  const parts = [step.name, textOf(step.input), textOf(step.tool?.input), textOf(step.output), step.error?.message ?? ''];
  return parts.filter((p) => p.length > 0).join('\n').slice(0, MAX_SEARCH_CHARS);
}
