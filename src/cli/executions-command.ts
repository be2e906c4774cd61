/**
 * @module `axonctl executions` (alias `exec`): list, get, steps, timeline, replay, export, watch,
 * cancel. AxonFlow's flags and output are kept (reference §4); the rest is added around them.
 */
import { Option, type Command } from 'commander';
import { FAILURE_CLASS_VALUES, ATTENTION_VALUES } from '../shared/vocabularies.js';
import { examples, type CliContext } from './cli-context.js';
import { getExecution, listSteps } from './execution-details.js';
import { diffCommand } from './execution-diff.js';
import { exportExecution } from './execution-export.js';
import { rerunCommand } from './execution-rerun.js';
import { listExecutions } from './execution-list.js';
import { replayExecution } from './execution-replay.js';
import { showTimeline } from './execution-timeline.js';
import { watchExecutions } from './execution-watch.js';
import { LIST_FORMATS } from './render.js';

const detailFormat = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export function executionsCommand(program: Command, ctx: CliContext): Command {
  const group = program.command('executions').alias('exec').description('list, inspect, replay, export, watch and cancel executions (runs)');
  examples(group, ['axonctl executions list --status failed --since 1h', 'axonctl exec get wf_123', 'axonctl exec watch wf_123']);

  examples(
    group
      .command('list')
      .description('list executions, newest first (replay list: GET /api/v1/executions)')
      .option('--limit <n>', 'executions per page (1-1000)', '20')
      .option('--offset <n>', 'skip this many', '0')
      .addOption(new Option('--status <status>', 'pending|running|completed|failed, comma-separated (failed covers cancelled, aborted, expired)'))
      .option('--workflow-id <name>', 'workflow name (AxonFlow matches workflow_id against the name)')
      .option('--since <when>', 'started at or after: a duration ago (30m, 1h, 7d) or RFC 3339')
      .option('--until <when>', 'started at or before: a duration ago or RFC 3339')
      .addOption(new Option('--type <type>', 'execution type').choices(['wcp_workflow', 'reported']))
      .option('--failure-class <class>', `comma-separated: ${FAILURE_CLASS_VALUES.join(', ')}`)
      .option('--attention <attention>', `comma-separated: ${ATTENTION_VALUES.join(', ')}`)
      .option('--provider <provider>', 'runs with a step on this LLM provider')
      .option('--search <text>', 'text in any step input, output or error (2+ characters)')
      .addOption(new Option('--sort <field>', 'sort field').choices(['started_at', 'duration', 'cost']))
      .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']))
      .option('--all', 'every page (follows next_cursor; --limit is the page size)')
      .addOption(new Option('--format <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
      .action((flags, command: Command) => listExecutions(ctx, command, flags)),
    [
      'axonctl executions list',
      'axonctl exec list --status failed --since 24h --failure-class provider_failure,connector_failure',
      'axonctl exec list --workflow-id refund-agent --attention approval_pending --format json',
      'axonctl exec list --all --since 7d --format csv > runs.csv',
      'axonctl exec list --search "timeout" --sort cost --order desc --limit 5',
    ],
  );

  examples(
    group.command('get <id>').description('an execution: summary, steps, policy events, approvals').addOption(detailFormat()).action((id: string, flags, command: Command) => getExecution(ctx, command, id, flags)),
    ['axonctl exec get wf_123', 'axonctl exec get wf_123 --format json | jq .summary.failure_class'],
  );

  examples(
    group.command('steps <id>').description('the steps of an execution').addOption(detailFormat()).action((id: string, flags, command: Command) => listSteps(ctx, command, id, flags)),
    ['axonctl exec steps wf_123', 'axonctl exec steps wf_123 --format json'],
  );

  examples(
    group
      .command('timeline <id>')
      .description('a text waterfall: one bar per step on the run’s duration; R retry, A approval, X block')
      .addOption(detailFormat())
      .action((id: string, flags, command: Command) => showTimeline(ctx, command, id, flags)),
    ['axonctl exec timeline wf_123', 'axonctl exec timeline wf_123 --format json   # every event, in order'],
  );

  examples(
    group
      .command('replay <id>')
      .description('step through an execution (Enter next, b back, q quit); prints every step when not on a terminal')
      .option('--show-io', 'show each step’s input and output (first 200 characters)')
      .action((id: string, flags, command: Command) => replayExecution(ctx, command, id, flags)),
    ['axonctl exec replay wf_123', 'axonctl exec replay wf_123 --show-io | less'],
  );

  examples(
    group
      .command('export <id>')
      .description('download an execution into a file: json (AxonFlow’s), ndjson (events), csv (steps), html (review report) or bundle (signed evidence); prints the bytes written')
      .option('-o, --output <file>', 'file to write, - for stdout (default execution-<id>.json, .events.ndjson, .steps.csv, .report.html or .bundle.tar.gz)')
      .option('--include-io', 'include step inputs and outputs (json, and the bundle’s execution.json)')
      .addOption(new Option('--format <format>', 'export format').choices(['json', 'ndjson', 'csv', 'html', 'bundle']).default('json'))
      .action((id: string, flags, command: Command) => exportExecution(ctx, command, id, flags)),
    [
      'axonctl exec export wf_123',
      'axonctl exec export wf_123 --include-io -o /tmp/run.json',
      'axonctl exec export wf_123 -o - | jq .execution.summary',
      'axonctl exec export wf_123 --format html',
      'axonctl exec export wf_123 --format bundle && axonctl verify execution-wf_123.bundle.tar.gz',
    ],
  );

  examples(
    group
      .command('watch [id]')
      .description('live events of one execution (exits when it ends) or of the executions matching the filters (Ctrl-C stops)')
      .option('--status <status>', 'list stream: unified statuses, comma-separated (pending, running, completed, failed, cancelled, aborted, expired)')
      .option('--workflow-id <name>', 'list stream: workflow name')
      .option('--failure-class <class>', 'list stream: failure classes, comma-separated')
      .addOption(new Option('--type <type>', 'list stream: execution type').choices(['wcp_workflow', 'reported']))
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'ndjson']).default('text'))
      .action((id: string | undefined, flags, command: Command) => watchExecutions(ctx, command, id, flags)),
    ['axonctl exec watch wf_123', 'axonctl exec watch --status running --workflow-id refund-agent', 'axonctl exec watch --failure-class policy_block --format ndjson | jq -c .'],
  );

  examples(
    group
      .command('cancel <id>')
      .description('cancel a running execution (unified cancel); 5 when it has already ended')
      .option('--reason <text>', 'why (recorded with who cancelled)')
      .action(async (id: string, flags: { reason?: string }, command: Command) => {
        const status = await ctx.client(command).unified.cancel(id, flags.reason);
        ctx.terminal.out(`Execution ${status.execution_id} ${String(status.status)}${flags.reason ? ` (reason: ${flags.reason})` : ''}`);
      }),
    ['axonctl exec cancel wf_123 --reason "runaway loop"'],
  );
  diffCommand(group, ctx);
  rerunCommand(group, ctx);
  return group;
}
