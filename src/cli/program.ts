/**
 * @module The axonctl command tree: global flags (`--endpoint`, `--profile`), every command group,
 * and commander set to throw (axonctl.ts turns errors into exit codes).
 */
import { Command, Option } from 'commander';
import { alertsCommand } from './alerts-command.js';
import { auditCommand } from './audit-command.js';
import { approvalsCommand } from './approvals-command.js';
import { budgetsCommand } from './budgets-command.js';
import { examples, type CliContext } from './cli-context.js';
import { completionCommand } from './completion-command.js';
import { executionsCommand } from './executions-command.js';
import { loginCommand } from './login-command.js';
import { policiesCommand } from './policies-command.js';
import { usageCommand } from './usage-command.js';
import { verifyCommand } from './verify-command.js';
import { webhooksCommand } from './webhooks-command.js';
import { rerunTargetsCommand } from './rerun-targets-command.js';

export function buildProgram(ctx: CliContext, version: string): Command {
  const program = new Command()
    .name('axonctl')
    .description('Operate the AxonFlow execution control plane: executions, approvals, policies, webhooks, usage, budgets and alerts')
    .version(version)
    .option('--endpoint <url>', 'control plane URL (env AXONFLOW_ENDPOINT; default http://localhost:8080)')
    .option('--profile <name>', 'profile from the config file (env AXONFLOW_PROFILE; default: the current profile)')
    // Root options only before the command, so `policies get --version 2` is not the program's --version;
    // every command below takes --endpoint and --profile itself, so they work after it too.
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .configureOutput({ writeOut: (text) => ctx.terminal.write(text), writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(ctx.terminal.errColor.red(text)) });
  program.addHelpText(
    'after',
    `
Credentials: AXONFLOW_CLIENT_ID + AXONFLOW_CLIENT_SECRET, or AXONFLOW_API_KEY, or a profile saved by
"axonctl login" ($AXONFLOW_CONFIG, else $XDG_CONFIG_HOME/axonflow/config.yaml). Flags win over the
environment, which wins over the profile.

Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 authentication or permission, 5 conflict.`,
  );
  examples(program, ['axonctl login', 'axonctl exec list --status failed --since 1h', 'axonctl exec get wf_123', 'axonctl approvals list --sla breached', 'axonctl policies apply -f policies.yaml', 'axonctl usage --group-by model']);
  executionsCommand(program, ctx);
  approvalsCommand(program, ctx);
  policiesCommand(program, ctx);
  webhooksCommand(program, ctx);
  rerunTargetsCommand(program, ctx);
  usageCommand(program, ctx);
  budgetsCommand(program, ctx);
  alertsCommand(program, ctx);
  auditCommand(program, ctx);
  verifyCommand(program, ctx);
  loginCommand(program, ctx);
  completionCommand(program, ctx);
  // Subcommands inherit the root's settings only when set before they are added; repeat them.
  const apply = (command: Command) => {
    command.exitOverride().showHelpAfterError('(add --help for usage and examples)').configureOutput(program.configureOutput());
    if (command.commands.length === 0 && command.name() !== 'completion') {
      command.addOption(new Option('--endpoint <url>', 'control plane URL (global)')).addOption(new Option('--profile <name>', 'config profile (global)'));
    }
    command.commands.forEach(apply);
  };
  program.commands.forEach(apply);
  return program;
}
