/**
 * @module `axonctl executions rerun <id> --reason "…" [--from-step N|STEP_ID] [--input-overrides JSON|@file]`:
 * asks the application to run an ended execution again (POST /api/v1/executions/{id}/rerun). The
 * control plane records the request on the run and sends it, signed, to the workflow's re-run
 * target; this prints what the target answered. Exit 1 when the target did not accept it, 5 when
 * the workflow has no target or the run has not ended, 3 when there is no such run.
 */
import { Option, type Command } from 'commander';
import type { RerunResponse } from '../sdk/index.js';
import { RERUN_REASON_MIN } from '../shared/vocabularies.js';
import { examples, type CliContext } from './cli-context.js';
import { CommandFailed, UsageError } from './exit-codes.js';
import { readDataFile } from './read-data-file.js';
import { json } from './render.js';
import type { Colors } from './terminal.js';
import { formatDuration } from './units.js';

/** `--from-step 3` is a step index, anything else a step id. */
export function parseFromStep(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  if (value === '') throw new UsageError('--from-step needs a step index (0, 1, …) or a step id');
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Inline JSON, or `@file` (JSON or YAML; `@-` reads stdin). It must be an object. */
export function parseInputOverrides(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  if (text.startsWith('@')) value = readDataFile(text.slice(1));
  else {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--input-overrides: not valid JSON (${(error as Error).message}); pass an object, or @file`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--input-overrides must be a JSON object, e.g. \'{"amount": 700}\'');
  return value as Record<string, unknown>;
}

function outcomeText(color: Colors, r: RerunResponse): string {
  const d = r.delivery;
  const detail = [d.response_status !== undefined ? `HTTP ${d.response_status}` : undefined, d.error && d.error !== `HTTP ${d.response_status}` ? d.error : undefined, formatDuration(d.duration_ms)].filter(Boolean).join(', ');
  return d.status === 'delivered' ? `${color.green('accepted')} (${detail})` : `${color.red('not accepted')} (${detail})`;
}

function rerunLines(color: Colors, r: RerunResponse): string[] {
  const field = (name: string, value: string) => `  ${color.bold(name.padEnd(11))}${value}`;
  return [
    `${color.bold(`Re-run ${r.rerun_id}`)} of ${r.execution_id} (${r.workflow_name}) requested by ${r.requested_by}`,
    field('Reason', r.reason),
    field('From step', r.from_step ? `#${r.from_step.step_index} ${r.from_step.step_name} (${r.from_step.step_id})` : 'the start'),
    field('Target', `${r.target_url}: ${outcomeText(color, r)}`),
  ];
}

export function rerunCommand(group: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  return examples(
    group
      .command('rerun <id>')
      .description('ask the application to run an ended execution again (operators); sent signed to the workflow’s re-run target')
      .requiredOption('--reason <text>', `why (at least ${RERUN_REASON_MIN} characters; recorded on the run and sent to the application)`)
      .option('--from-step <step>', 'start from this step: its index (0, 1, …) or its step id')
      .option('--input-overrides <json>', 'members to change in the original input: a JSON object, or @file (JSON or YAML; @- for stdin)')
      .option('--tenant <id>', 'admins: a run of another tenant of the org')
      .option('--idempotency-key <key>', 'for scripts that retry: a second call with the same key answers the first re-run instead of sending another (default: a fresh key per call)')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .action(async (id: string, flags: { reason: string; fromStep?: string; inputOverrides?: string; tenant?: string; idempotencyKey?: string; format: string }, command: Command) => {
        if (flags.reason.trim().length < RERUN_REASON_MIN) throw new UsageError(`--reason must be at least ${RERUN_REASON_MIN} characters: say why the run is done again`);
        const answer = await ctx.client(command).reruns.request(id, {
          reason: flags.reason,
          fromStep: parseFromStep(flags.fromStep),
          inputOverrides: parseInputOverrides(flags.inputOverrides),
          tenantId: flags.tenant,
          idempotencyKey: flags.idempotencyKey,
        });
        if (flags.format === 'json') terminal.out(json(answer));
        else {
          terminal.out(rerunLines(terminal.color, answer).join('\n'));
          if (answer.delivery.status === 'delivered') terminal.err(terminal.errColor.dim(`The application starts the new run; it is listed under re-runs in: axonctl exec get ${answer.execution_id} --format json`));
        }
        if (answer.delivery.status !== 'delivered') {
          throw new CommandFailed(`the re-run target did not accept re-run ${answer.rerun_id}: ${answer.delivery.error ?? `HTTP ${answer.delivery.response_status}`} (recorded on the run; fix the target and run this again)`);
        }
      }),
    [
      'axonctl exec rerun wf_123 --reason "payments provider fixed, refund again"',
      'axonctl exec rerun wf_123 --reason "retry from the refund step" --from-step 2',
      'axonctl exec rerun wf_123 --reason "smaller amount approved by finance" --input-overrides \'{"amount": 700}\'',
      'axonctl exec rerun wf_123 --reason "new prompt for the writer" --from-step draft-reply --input-overrides @overrides.yaml --format json',
    ],
  );
}
