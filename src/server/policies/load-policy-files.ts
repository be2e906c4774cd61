/**
 * @module Loads the policies of a directory (`--policies DIR`): every *.yaml, *.yml and *.json file,
 * in name order, each `{policies: [...]}`. Any problem stops the start with the file, the field
 * and, for expressions, the line and column.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DomainError } from '../../core/errors/domain-error.js';
import { type CompiledPolicy, compilePolicy } from '../../core/policies/index.js';
import { PolicyFile } from '../../shared/policies.js';
import { specOf } from '../presenters/policy-presenter.js';

export class PolicyLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid policies:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyLoadError';
  }
}

export function loadPolicyFiles(dir: string): CompiledPolicy[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort();
  } catch (error) {
    throw new PolicyLoadError([`${dir}: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const compiled: CompiledPolicy[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const parsed = PolicyFile.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    parsed.data.policies.forEach((definition, index) => {
      const where = `${file}: policies.${index} (${definition.id})`;
      const earlier = seen.get(definition.id);
      if (earlier) {
        problems.push(`${where}: id ${definition.id} is already defined in ${earlier}`);
        return;
      }
      seen.set(definition.id, file);
      try {
        compiled.push(compilePolicy({ ...specOf(definition), version: 1, source: 'file' }));
      } catch (error) {
        if (DomainError.is(error)) problems.push(`${where}.${String(error.details.field)}: ${String(error.details.problem)}`);
        else throw error;
      }
    });
  }
  if (problems.length > 0) throw new PolicyLoadError(problems);
  return compiled;
}
