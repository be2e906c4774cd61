/**
 * `axonctl login`, profiles and precedence (flags > env > profile) and bad credentials (exit 4) on
 * each store, and `axonctl completion` scripts generated from the command tree.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { cliContext } from './cli-context.js';
import { commandTree } from './completion-command.js';
import { buildProgram } from './program.js';
import { processTerminal } from './terminal.js';

for (const harness of storeHarnesses()) {
  describe(`axonctl login [${harness.kind}]`, () => {
    let live: LiveApp;
    let dir: string;
    let id: string;
    let secret: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'axonctl-login-'));
      live = await startLiveApp(harness);
      const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
      id = issued.credential.clientId;
      secret = issued.clientSecret;
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    describe('login and profiles', () => {
      it('verifies with whoami, writes the profile 0600, and later commands use it; flags and env win over it', async () => {
        const config = join(dir, 'config.yaml');
        const login = await runAxonctl(['login', '--endpoint', live.url, '--client-id', id, '--client-secret', secret, '--profile', 'ci'], { AXONFLOW_CONFIG: config });
        expect(login.code, login.stderr).toBe(0);
        expect(login.stderr).toContain(`Logged in to ${live.url} as ${id} (org default, tenant default, role viewer).`);
        expect(statSync(config).mode & 0o777).toBe(0o600);
        expect(parseYaml(readFileSync(config, 'utf8'))).toEqual({ current_profile: 'ci', profiles: { ci: { endpoint: live.url, client_id: id, client_secret: secret } } });

        expect((await runAxonctl(['exec', 'list', '--format', 'json'], { AXONFLOW_CONFIG: config })).code).toBe(0);
        expect((await runAxonctl(['--profile', 'ci', 'exec', 'list', '--format', 'json'], { AXONFLOW_CONFIG: config })).code).toBe(0);
        // env beats the profile: a wrong secret in the environment is refused (4); a wrong endpoint flag beats both.
        expect((await runAxonctl(['exec', 'list'], { AXONFLOW_CONFIG: config, AXONFLOW_API_KEY: 'axfs_wrong' })).code).toBe(4);
        const unreachable = await runAxonctl(['exec', 'list', '--endpoint', 'http://127.0.0.1:9'], { AXONFLOW_CONFIG: config });
        expect(unreachable.code).toBe(1);
        expect(unreachable.stderr).toContain('Could not reach http://127.0.0.1:9');
        const missing = await runAxonctl(['exec', 'list', '--profile', 'prod'], { AXONFLOW_CONFIG: config });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('no profile "prod"');

        // An API key alone is sent as a Bearer token.
        const keyed = await runAxonctl(['login', '--endpoint', live.url, '--api-key', secret], { XDG_CONFIG_HOME: dir, AXONFLOW_CONFIG: undefined });
        expect(keyed.code, keyed.stderr).toBe(0);
        expect(parseYaml(readFileSync(join(dir, 'axonflow', 'config.yaml'), 'utf8')).profiles.default).toEqual({ endpoint: live.url, api_key: secret });
      });

      it('refuses bad credentials with exit 4 and writes nothing; without a terminal it needs flags (exit 2)', async () => {
        const config = join(dir, 'bad.yaml');
        const bad = await runAxonctl(['login', '--endpoint', live.url, '--client-id', id, '--client-secret', 'nope'], { AXONFLOW_CONFIG: config });
        expect(bad.code).toBe(4);
        expect(() => statSync(config)).toThrow();
        const noTty = await runAxonctl(['login', '--endpoint', live.url], { AXONFLOW_CONFIG: config });
        expect(noTty.code).toBe(2);
        expect(noTty.stderr).toContain('login needs --client-id and --client-secret, or --api-key');
      });
    });
  });
}

describe('axonctl completion', () => {
  const program = buildProgram(cliContext(processTerminal({}), {}), 'test');
  const paths = commandTree(program).map((n) => n.path).filter(Boolean);

  it.each(['bash', 'zsh'])('the %s script mentions every command, alias and option', async (shell) => {
    const result = await runAxonctl(['completion', shell]);
    expect(result.code, result.stderr).toBe(0);
    expect(paths).toEqual(expect.arrayContaining(['executions list', 'exec watch', 'approvals list', 'approvals approve', 'approvals reject', 'policies simulate', 'webhooks create', 'webhooks redeliver', 'usage', 'budgets status', 'login', 'completion']));
    for (const path of paths) expect(result.stdout).toContain(`"${path}")`);
    for (const flag of ['--failure-class', '--show-io', '--include-io', '--group-by', '--client-secret', '--mode', '--filter-workflow', '--older-than', '--dry-run', '--comment', '--reason', '--events', '--wait']) expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain('"executions list|--format") echo "table json ndjson csv yaml"');
    expect(result.stdout).toContain('"approvals list|--format") echo "table json ndjson csv yaml"');
    expect(result.stdout).toContain('"approvals approve|--sla") echo "ok breached"');
    expect(result.stdout).toContain(shell === 'bash' ? 'complete -o default -F _axonctl axonctl' : 'compdef _axonctl axonctl');
  });

  it('the bash script completes commands and option values', async () => {
    const script = (await runAxonctl(['completion', 'bash'])).stdout;
    const { execFileSync } = await import('node:child_process');
    const complete = (line: string) => {
      const words = line.split(' ');
      const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _axonctl; echo "\${COMPREPLY[*]}"`;
      return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).trim().split(' ');
    };
    expect(complete('axonctl ex')).toEqual(['executions', 'exec']);
    expect(complete('axonctl exec li')).toEqual(['list']);
    expect(complete('axonctl exec list --format n')).toEqual(['ndjson']);
    expect(complete('axonctl policies simulate --mo')).toEqual(['--mode']);
    expect(complete('axonctl approvals re')).toEqual(['reject']);
    expect(complete('axonctl approvals approve --filter-')).toEqual(['--filter-workflow', '--filter-policy']);
    expect(complete('axonctl webhooks deliveries wh_1 --status f')).toEqual(['failed']);
  });

  it('exits 2 for an unknown shell', async () => {
    expect((await runAxonctl(['completion', 'fish'])).code).toBe(2);
  });
});
