/**
 * @module `axonctl executions export`: streams `GET /api/v1/executions/{id}/export` in a format
 * (json, ndjson, csv, html, bundle) into a file (default `execution-<id>` with the format's
 * suffix, `-` for stdout), prints the bytes written; a byte counter on
 * stderr while it streams when stderr is a terminal. Without `--include-io`, inputs and outputs are
 * left out, as AxonFlow's axonctl does; policies are always in.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import type { ExportFormat } from '../sdk/index.js';
import type { CliContext } from './cli-context.js';

/** The file name the server suggests for each format, after `execution-<id>`. */
const SUFFIX: Record<ExportFormat, string> = { json: '.json', ndjson: '.events.ndjson', csv: '.steps.csv', html: '.report.html', bundle: '.bundle.tar.gz' };

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
  const format = flags.format as ExportFormat;
  // A bundle is built (and signed) before its first byte: allow it longer than a request to start.
  const chunks = ctx.client(command).executions.exportBytes(id, { format, includeInput: io, includeOutput: io, includePolicies: true, timeoutMs: format === 'bundle' ? 300_000 : undefined });
  const target = flags.output ?? `execution-${id.replace(/[^\w.-]/g, '_')}${SUFFIX[format]}`;
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
