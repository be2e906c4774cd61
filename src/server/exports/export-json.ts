/**
 * @module The `json` export (AxonFlow's, reference §3.1) written step page by step page. The bytes
 * are exactly `JSON.stringify(presentExport(...), null, 2) + '\n'`, the body AxonFlow sends, without
 * ever holding every step: the envelope is serialised with an empty step array and each step is
 * serialised alone and indented to its depth in the array.
 */
import type { RunExport } from '../../services/export-service.js';
import { type ExportParts, presentExportStep, presentExportSummary } from '../presenters/replay-presenter.js';

/** Steps sit three objects deep: root, execution, the steps array. */
const STEP_INDENT = '      ';
const EMPTY_STEPS = '"steps": []';

export async function* exportJson(run: RunExport, parts: ExportParts): AsyncGenerator<string> {
  const envelope = JSON.stringify({ exported_at: run.exportedAt, format: 'json', execution: { summary: presentExportSummary(run.execution, parts), steps: [] } }, null, 2);
  // The summary is serialised before the steps key, and a quote inside a string value is escaped,
  // so the last unescaped `"steps": []` is the key itself.
  const at = envelope.lastIndexOf(EMPTY_STEPS);
  const head = envelope.slice(0, at + EMPTY_STEPS.length - 1);
  const tail = envelope.slice(at + EMPTY_STEPS.length);
  let first = true;
  for await (const page of run.steps()) {
    let chunk = first ? `${head}\n` : '';
    for (const step of page) {
      const text = JSON.stringify(presentExportStep(step, run.execution.createdAt, parts), null, 2).replaceAll('\n', `\n${STEP_INDENT}`);
      chunk += `${first ? '' : ',\n'}${STEP_INDENT}${text}`;
      first = false;
    }
    yield chunk;
  }
  yield first ? `${head}]${tail}\n` : `\n    ]${tail}\n`;
}
