/**
 * examples/replay/support-desk.mjs as a user runs it (node, importing the built `axonflow/sdk`)
 * against a live server with the example policies: it records a run, finds it deterministic, and
 * names the changed step; given a run id, it replays that run. Needs `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFiles } from '../../server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { sqliteHarness } from '../../test-support/store-harness.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/replay/support-desk.mjs', import.meta.url));
const run = promisify(execFile);

describe('examples/replay/support-desk.mjs', () => {
  const harness = sqliteHarness();
  let live: LiveApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(fileURLToPath(new URL('../../../examples/policies', import.meta.url))) });
    const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'operator' });
    env = { PATH: process.env.PATH, AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
  });

  afterAll(async () => {
    await live.close();
    await harness.cleanup();
  });

  it('records a run, replays it as deterministic, and names the step the change diverges at', async () => {
    const { stdout } = await run(process.execPath, [EXAMPLE], { cwd: ROOT, env });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^recorded wf_[0-9a-f]{32}$/);
    expect(lines[1]).toBe('unchanged code: deterministic (3 steps)');
    expect(lines[2]).toBe('changed code: diverges at step 2 (draft reply): input $.input.tone');
    expect(lines.slice(3)).toEqual([
      'note: step 0 (triage ticket): the recorded output was masked by a redact policy; the code received it masked',
      'note: step 2 (draft reply): the recorded output was masked by a redact policy; the code received it masked',
    ]);

    const runId = lines[0]!.split(' ')[1]!;
    const again = await run(process.execPath, [EXAMPLE, runId], { cwd: ROOT, env });
    expect(again.stdout.trim().split('\n')[0]).toBe('unchanged code: deterministic (3 steps)');
  });
});
