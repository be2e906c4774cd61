/** @module readDataFile: a YAML or JSON file (or `-` for stdin) given with `-f`, parsed; any problem is a usage error (exit 2). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './exit-codes.js';

export function readDataFile(path: string): unknown {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML or JSON: ${(error as Error).message}`);
  }
}
