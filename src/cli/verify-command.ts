/**
 * @module `axonctl verify BUNDLE`: checks an evidence bundle (docs/exports.md) offline: every file
 * against the manifest's SHA-256, no file added or missing, and the Ed25519 signature over the
 * manifest. The key is `--key FILE` (a PEM, or the JSON of `/api/v1/audit/signing-key`), or, without
 * it, the one the control plane serves now. Exit 0 when the bundle passes; 1, with every problem
 * on stderr, when it does not; 2 when the bundle or key file cannot be read.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyBundle } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { CommandFailed, UsageError } from './exit-codes.js';

function readKey(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  // The saved JSON holds the PEM too, so it is tried first.
  if (text.trimStart().startsWith('{')) {
    try {
      const served = JSON.parse(text) as { public_key_pem?: unknown };
      if (typeof served.public_key_pem === 'string') return served.public_key_pem;
    } catch {
      // Not JSON after all: said below.
    }
  } else if (text.includes('-----BEGIN PUBLIC KEY-----')) return text;
  throw new UsageError(`${path}: not a PEM public key nor the JSON of /api/v1/audit/signing-key`);
}

async function verify(ctx: CliContext, command: Command, bundle: string, flags: { key?: string }): Promise<void> {
  const { terminal } = ctx;
  try {
    if (!statSync(bundle).isFile()) throw new Error('not a file');
  } catch (error) {
    throw new UsageError(`${bundle}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const pem = flags.key ? readKey(flags.key) : (await ctx.client(command).evidence.signingKey()).public_key_pem;
  let result: Awaited<ReturnType<typeof verifyBundle>>;
  try {
    result = await verifyBundle(bundle, pem);
  } catch (error) {
    throw new UsageError(`${flags.key ?? 'the served key'}: ${(error as Error).message}`);
  }
  const m = result.manifest;
  if (!result.ok) {
    for (const problem of result.problems) terminal.err(terminal.errColor.red(`✗ ${problem.message}`));
    throw new CommandFailed(`${bundle} failed verification (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`);
  }
  const { green, dim } = terminal.color;
  terminal.out(`${green('✓')} ${bundle}: verified`);
  terminal.out(`  execution  ${m!.execution_id} (${m!.workflow_name}), org ${m!.org_id}, tenant ${m!.tenant_id}, as of event seq ${m!.last_seq}`);
  terminal.out(`  exported   ${m!.exported_at} by ${m!.exported_by}`);
  terminal.out(`  signature  ${m!.signature.algorithm}, key ${result.signedBy}`);
  for (const file of m!.files) terminal.out(`  ${green('✓')} ${file.name.padEnd(15)} ${String(file.size).padStart(10)} B  ${dim(`sha256 ${file.sha256}`)}`);
}

export function verifyCommand(program: Command, ctx: CliContext): Command {
  return examples(
    program
      .command('verify <bundle>')
      .description('check an evidence bundle offline: file digests against the manifest, no extra or missing file, the signature')
      .option('--key <file>', 'public key: a PEM file, or the saved JSON of /api/v1/audit/signing-key (default: fetch it from the control plane)')
      .action((bundle: string, flags: { key?: string }, command: Command) => verify(ctx, command, bundle, flags)),
    [
      'axonctl exec export wf_123 --format bundle',
      'axonctl verify execution-wf_123.bundle.tar.gz',
      'curl -H "Authorization: Bearer $SECRET" $AXONFLOW_ENDPOINT/api/v1/audit/signing-key > key.json',
      'axonctl verify execution-wf_123.bundle.tar.gz --key key.json',
    ],
  );
}
