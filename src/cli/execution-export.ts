/**
 * @module `axonctl executions export`: streams `GET /api/v1/executions/{id}/export` into a file
 * (default `execution-<id>.json`, `-` for stdout), prints the bytes written; a byte counter on
 * stderr while it streams when stderr is a terminal. Without `--include-io`, inputs and outputs are
 * left out, as AxonFlow's axonctl does; policies are always in.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export interface ExportFlags {
  readonly output?: string;
  readonly includeIo?: boolean;
  readonly format: string;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export async function exportExecution(ctx: CliContext, command: Command, id: string, flags: ExportFlags): Promise<void> {
  const { terminal } = ctx;
  const io = flags.includeIo === true;
  const chunks = ctx.client(command).executions.exportBytes(id, { format: flags.format, includeInput: io, includeOutput: io, includePolicies: true });
  const target = flags.output ?? `execution-${id.replace(/[^\w.-]/g, '_')}.json`;
  const toStdout = target === '-';
  // Written beside the target and renamed at the end: a failed export leaves no half file.
  const temp = `${target}.partial`;
  const file = toStdout ? process.stdout : createWriteStream(temp);
  let bytes = 0;
  let lastShown = 0;
  const progress = terminal.stderrIsTTY && !toStdout;
  try {
    for await (const chunk of chunks) {
      if (!file.write(chunk)) await once(file, 'drain');
      bytes += chunk.byteLength;
      if (progress && Date.now() - lastShown > 100) {
        lastShown = Date.now();
        process.stderr.write(`\r${terminal.errColor.dim(`downloading… ${human(bytes)}`)}`);
      }
    }
    if (!toStdout) {
      file.end();
      await once(file, 'finish');
      renameSync(temp, target);
    }
  } catch (error) {
    if (!toStdout) {
      file.destroy();
      rmSync(temp, { force: true });
    }
    throw error;
  } finally {
    if (progress && lastShown > 0) process.stderr.write('\r\u001b[K');
  }
  terminal.err(toStdout ? `Exported ${bytes} bytes` : `Exported ${bytes} bytes to ${target}`);
}
