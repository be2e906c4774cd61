/**
 * @module Runs the built `axonctl` (dist/cli/axonctl.js) as a child process, as users run it, with
 * a clean environment: no AXONFLOW_* or colour variables from the test runner, a config path in a
 * temporary directory unless given. `npm test` builds first; vitest alone needs `npm run build`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandResult } from './spawn-server.js';

export const AXONCTL = fileURLToPath(new URL('../../dist/cli/axonctl.js', import.meta.url));

function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AXONFLOW_|NO_COLOR$|FORCE_COLOR$|XDG_CONFIG_HOME$)/.test(key)) base[key] = value;
  }
  base.AXONFLOW_CONFIG = '/nonexistent/axonctl-test/config.yaml';
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

export function spawnAxonctl(args: readonly string[], env: Record<string, string | undefined> = {}, options: { cwd?: string } = {}): ChildProcess {
  if (!existsSync(AXONCTL)) throw new Error(`${AXONCTL} is missing: run "npm run build" (npm test does it for you)`);
  return spawn(process.execPath, [AXONCTL, ...args], { env: cleanEnv(env), cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `axonctl <args>` to completion; `stdin` is written and closed (default: closed at once). */
export function runAxonctl(args: readonly string[], env: Record<string, string | undefined> = {}, options: { stdin?: string; cwd?: string } = {}): Promise<CommandResult> {
  const child = spawnAxonctl(args, env, options);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin!.end(options.stdin ?? '');
  });
}
