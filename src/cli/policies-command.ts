/**
 * @module `axonctl policies`: list, get (any version), versions, apply a YAML/JSON file (one policy
 * or `{policies: [...]}`, each upserted: created, updated or unchanged), delete, and simulate draft
 * policies over recorded runs.
 */
import { Option, type Command } from 'commander';
import { NotFoundError, type PolicyInput } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';
import { readDataFile } from './read-data-file.js';
import { json, table } from './render.js';
import { formatTime, parseCount, parseTimeFlag, truncate } from './units.js';

const format = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

/** The policies in a file: one policy object, a list, or `{policies: [...]}`. */
export function readPolicyFile(path: string): PolicyInput[] {
  const parsed = readDataFile(path);
  const list = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { policies?: unknown }).policies) ? (parsed as { policies: unknown[] }).policies : [parsed];
  if (list.length === 0) throw new UsageError(`${path}: no policies in the file`);
  list.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || typeof (p as { id?: unknown }).id !== 'string') throw new UsageError(`${path}: policy ${i + 1} needs an id`);
  });
  return list as PolicyInput[];
}

export function policiesCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  const group = program.command('policies').description('read, apply, delete and simulate policies');
  examples(group, ['axonctl policies list', 'axonctl policies apply -f policies.yaml', 'axonctl policies simulate -f draft.yaml --since 7d']);

  examples(
    group
      .command('list')
      .description('the live policies (deployment files and API)')
      .addOption(format())
      .action(async (flags: { format: string }, command: Command) => {
        const { policies, count } = await ctx.client(command).policies.list();
        if (flags.format === 'json') return terminal.out(json({ policies, count }));
        if (count === 0) return terminal.err('No policies. Apply some with: axonctl policies apply -f policies.yaml');
        terminal.out(table(['ID', 'NAME', 'ACTION', 'SEVERITY', 'ENABLED', 'VERSION', 'SOURCE'], policies.map((p) => [p.id, truncate(p.name, 40), p.action, p.severity, String(p.enabled), String(p.version), p.source])));
      }),
    ['axonctl policies list', 'axonctl policies list --format json | jq -r ".policies[].id"'],
  );

  examples(
    group
      .command('get <id>')
      .description('a policy: the live version, or --version N')
      .option('--version <n>', 'a past version (deleted policies stay readable by version)')
      .addOption(format())
      .action(async (id: string, flags: { version?: string; format: string }, command: Command) => {
        const version = flags.version === undefined ? undefined : parseCount('--version', flags.version, 1);
        const entry = await ctx.client(command).policies.get(id, version);
        if (flags.format === 'json') return terminal.out(json(entry));
        const p = entry.policy;
        terminal.out(`${terminal.color.bold(entry.policy_id)} version ${entry.version}${entry.deleted ? terminal.color.red(' (deleted)') : ''}${entry.created_by ? ` by ${entry.created_by}` : ''} ${formatTime(entry.created_at)}`);
        if (p) terminal.out([`  name:     ${p.name}`, `  action:   ${p.action}`, `  severity: ${p.severity}`, `  enabled:  ${p.enabled}`, `  when:     ${p.when}`, `  reason:   ${p.reason}`, ...(p.scope ? [`  scope:    ${JSON.stringify(p.scope)}`] : [])].join('\n'));
      }),
    ['axonctl policies get block-destructive-sql', 'axonctl policies get block-destructive-sql --version 1 --format json'],
  );

  examples(
    group
      .command('versions <id>')
      .description('every version of a policy, oldest first, deletions included')
      .addOption(format())
      .action(async (id: string, flags: { format: string }, command: Command) => {
        const answer = await ctx.client(command).policies.versions(id);
        if (flags.format === 'json') return terminal.out(json(answer));
        terminal.out(table(['VERSION', 'CHANGE', 'BY', 'AT', 'ACTION'], answer.versions.map((v) => [String(v.version), v.deleted ? 'deleted' : v.version === 1 ? 'created' : 'updated', v.created_by ?? '-', formatTime(v.created_at), v.policy?.action ?? '-'])));
      }),
    ['axonctl policies versions large-refund-needs-approval'],
  );

  examples(
    group
      .command('apply')
      .description('create or update the policies of a YAML or JSON file (one policy or {policies: [...]}); unchanged ones add no version')
      .requiredOption('-f, --file <file>', 'the file (- for stdin)')
      .addOption(format())
      .action(async (flags: { file: string; format: string }, command: Command) => {
        const policies = readPolicyFile(flags.file);
        const client = ctx.client(command);
        const results: { id: string; result: 'created' | 'updated' | 'unchanged'; version: number; previous_version?: number }[] = [];
        for (const policy of policies) {
          const before = await client.policies.get(policy.id).then(
            (v) => (v.deleted ? undefined : v.version),
            (error: unknown) => {
              if (error instanceof NotFoundError) return undefined;
              throw error;
            },
          );
          const after = await client.policies.apply(policy);
          const result = before === undefined ? 'created' : after.version === before ? 'unchanged' : 'updated';
          results.push({ id: policy.id, result, version: after.version, ...(before !== undefined ? { previous_version: before } : {}) });
        }
        if (flags.format === 'json') return terminal.out(json({ results }));
        const { color } = terminal;
        for (const r of results) {
          const word = r.result === 'created' ? color.green('created') : r.result === 'updated' ? color.yellow('updated') : color.dim('unchanged');
          terminal.out(`policy/${r.id} ${word} (version ${r.previous_version !== undefined && r.result === 'updated' ? `${r.previous_version} -> ` : ''}${r.version})`);
        }
      }),
    ['axonctl policies apply -f examples/policies/agent-guardrails.yaml', 'cat policy.json | axonctl policies apply -f -'],
  );

  examples(
    group
      .command('delete <id>')
      .description('delete a policy (a deletion version; earlier versions stay readable)')
      .option('--expected-version <n>', 'refuse (exit 5) unless this version is live')
      .action(async (id: string, flags: { expectedVersion?: string }, command: Command) => {
        const expected = flags.expectedVersion === undefined ? undefined : parseCount('--expected-version', flags.expectedVersion, 1);
        const entry = await ctx.client(command).policies.delete(id, { expectedVersion: expected });
        terminal.out(`policy/${id} deleted (version ${entry.version})`);
      }),
    ['axonctl policies delete warn-expensive-model'],
  );

  examples(
    group
      .command('simulate')
      .description('what draft policies would have decided on recorded steps: transitions and per-policy counts with examples')
      .requiredOption('-f, --file <file>', 'draft policies, YAML or JSON (- for stdin)')
      .option('--since <when>', 'runs started at or after: a duration ago (7d) or RFC 3339 (default 7 days)')
      .option('--until <when>', 'runs started at or before (default now)')
      .option('--workflow <name>', 'only runs of this workflow')
      .addOption(new Option('--mode <mode>', 'overlay: drafts replace live policies of the same id and join the others; replace: drafts alone').choices(['overlay', 'replace']).default('overlay'))
      .option('--examples <n>', 'examples per policy (0-20)', '3')
      .addOption(format())
      .action(async (flags: { file: string; since?: string; until?: string; workflow?: string; mode: 'overlay' | 'replace'; examples: string; format: string }, command: Command) => {
        const report = await ctx.client(command).policies.simulate({
          policies: readPolicyFile(flags.file) as never,
          mode: flags.mode,
          start_time: flags.since ? parseTimeFlag('--since', flags.since) : undefined,
          end_time: flags.until ? parseTimeFlag('--until', flags.until) : undefined,
          workflow: flags.workflow,
          examples_per_policy: parseCount('--examples', flags.examples),
        });
        if (flags.format === 'json') return terminal.out(json(report));
        const { color } = terminal;
        const lines = [
          `${color.bold('Simulation')} (${report.mode}) ${formatTime(report.start_time)} .. ${formatTime(report.end_time)}`,
          `  ${report.executions_scanned} executions, ${report.steps_evaluated} steps evaluated, ${report.steps_changed} would change${report.truncated ? color.yellow(' (truncated: max steps reached)') : ''}`,
          '',
          color.bold('Transitions'),
        ];
        if (report.transitions.length === 0) lines.push(color.dim('  (no decision would change)'));
        for (const t of report.transitions) lines.push(`  ${t.from} -> ${t.to}: ${t.steps} steps`);
        lines.push('', color.bold('Policies'));
        for (const p of report.policies) {
          lines.push(`  ${p.policy_id} [${p.action}] matched ${p.matched_steps}, changed ${p.changed_steps}${p.errors ? color.yellow(`, ${p.errors} errors`) : ''}`);
          for (const e of p.examples) lines.push(color.dim(`    e.g. ${e.execution_id} ${e.workflow_name} / ${e.step_name}: ${e.recorded_decision} -> ${e.simulated_decision} (${e.reason})`));
        }
        terminal.out(lines.join('\n'));
      }),
    ['axonctl policies simulate -f draft.yaml', 'axonctl policies simulate -f draft.yaml --since 30d --workflow refund-agent --mode replace'],
  );
  return group;
}
