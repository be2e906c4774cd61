import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPolicyFiles, PolicyLoadError } from './load-policy-files.js';

describe('loadPolicyFiles', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped example policies', () => {
    dir = mkdtempSync(join(tmpdir(), 'pol-'));
    const compiled = loadPolicyFiles(new URL('../../../examples/policies', import.meta.url).pathname);
    expect(compiled.map((c) => [c.policy.id, c.policy.action])).toEqual([
      ['block-destructive-sql', 'block'],
      ['large-refund-needs-approval', 'require_approval'],
      ['warn-expensive-model', 'warn'],
      ['mask-customer-pii', 'redact'],
      ['no-secrets-to-llms', 'block'],
    ]);
    expect(compiled[1]!.policy.approvalTtlMs).toBe(86_400_000);
    expect(compiled[3]!.policy).toMatchObject({ source: 'file', redact: { kinds: ['email', 'phone', 'credit_card', 'iban'], inResponse: false } });
  });

  it('reports every problem with its file, field and position', () => {
    dir = mkdtempSync(join(tmpdir(), 'pol-'));
    writeFileSync(join(dir, 'a.yaml'), 'policies:\n  - id: one\n    name: One\n    when: tool.name ==\n    action: block\n    reason: r\n');
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ policies: [{ id: 'one', name: 'dup', when: 'true', action: 'block', reason: 'r' }, { id: 'two', name: 'x', when: 'true', action: 'explode', reason: 'r' }] }));
    writeFileSync(join(dir, 'c.yml'), 'policies: [unclosed');
    writeFileSync(join(dir, 'ignored.txt'), 'not a policy');
    try {
      loadPolicyFiles(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyLoadError);
      const problems = (error as PolicyLoadError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toBe(`${join(dir, 'a.yaml')}: policies.0 (one).when: Unexpected token: EOF (line 1, column 13)`);
      expect(problems[1]).toContain(`${join(dir, 'b.json')}: policies.1.action: Invalid option`);
      expect(problems[2]).toContain(`${join(dir, 'c.yml')}: not valid YAML or JSON`);
    }
  });
});
