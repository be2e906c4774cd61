/**
 * `axonctl executions export --format …` and `axonctl verify` as users run them (the built command)
 * against a live server on each store: every format written to its default file, a bundle verified
 * with the served key, a saved key (PEM or the endpoint's JSON), and tampered bundles refused with
 * exit 1 and the file or signature named.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../test-support/event-drafts.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { parseCsv } from '../test-support/parse-csv.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { readTarGz, writeTarGz } from '../test-support/tar-gz.js';

for (const harness of storeHarnesses()) {
  describe(`axonctl export and verify [${harness.kind}]`, () => {
    let live: LiveApp;
    let env: Record<string, string>;
    let dir: string;
    const axonctl = (...args: string[]) => runAxonctl(args, env, { cwd: dir });
    const path = (name: string) => join(dir, name);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'axonctl-verify-'));
      live = await startLiveApp(harness);
      const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'operator' });
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
      await live.store.append({ orgId: 'default', tenantId: 'default' }, {
        executionId: 'wf_cli',
        decide: () => [ev.created('refund-agent'), ev.stepStarted('s1', 'look up order'), ev.stepCompleted('s1'), ev.stepStarted('s2', 'refund, partial'), ev.stepFailed('s2'), ev.failed('s2')],
      });
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exports each format to its default file name', async () => {
      const files = { json: 'execution-wf_cli.json', ndjson: 'execution-wf_cli.events.ndjson', csv: 'execution-wf_cli.steps.csv', html: 'execution-wf_cli.report.html', bundle: 'execution-wf_cli.bundle.tar.gz' };
      for (const [format, file] of Object.entries(files)) {
        const result = await axonctl('exec', 'export', 'wf_cli', '--format', format);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toMatch(new RegExp(`Exported \\d+ bytes to ${file.replaceAll('.', '\\.')}`));
      }
      expect(JSON.parse(readFileSync(path(files.json), 'utf8')).execution.steps).toHaveLength(2);
      expect(readFileSync(path(files.ndjson), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).type)).toEqual(['execution.created', 'step.started', 'step.completed', 'step.started', 'step.failed', 'execution.failed']);
      expect(parseCsv(readFileSync(path(files.csv), 'utf8')).map((r) => r[2])).toEqual(['name', 'look up order', 'refund, partial']);
      expect(readFileSync(path(files.html), 'utf8')).toContain('refund, partial');
      expect((await readTarGz(readFileSync(path(files.bundle)))).map((m) => m.name)).toContain('manifest.json');
      const bad = await axonctl('exec', 'export', 'wf_cli', '--format', 'pdf');
      expect(bad.code).toBe(2);
    });

    it('verifies a bundle with the served key, and with a saved PEM or JSON key', async () => {
      expect((await axonctl('exec', 'export', 'wf_cli', '--format', 'bundle', '-o', 'good.tar.gz')).code).toBe(0);
      const served = await axonctl('verify', 'good.tar.gz');
      expect(served.code, served.stderr).toBe(0);
      expect(served.stdout).toContain('good.tar.gz: verified');
      expect(served.stdout).toContain('execution  wf_cli (refund-agent)');
      for (const name of ['execution.json', 'events.ndjson', 'steps.csv', 'report.html', 'audit.json']) expect(served.stdout).toMatch(new RegExp(`✓ ${name.replace('.', '\\.')}\\s+\\d+ B  sha256 [0-9a-f]{64}`));

      const key = await (await live.client('viewer')).evidence.signingKey();
      writeFileSync(path('key.pem'), key.public_key_pem);
      writeFileSync(path('key.json'), JSON.stringify(key));
      // Offline: no endpoint, no credential.
      for (const keyFile of ['key.pem', 'key.json']) {
        const offline = await runAxonctl(['verify', 'good.tar.gz', '--key', keyFile], { AXONFLOW_ENDPOINT: 'http://127.0.0.1:9' }, { cwd: dir });
        expect(offline.code, offline.stderr).toBe(0);
        expect(offline.stdout).toContain(`signature  ed25519, key ${key.key_id}`);
      }
    });

    it('fails with exit 1 naming the altered file, the added file, or the bad signature', async () => {
      const members = await readTarGz(readFileSync(path('good.tar.gz')));
      const events = Buffer.from(members.find((m) => m.name === 'events.ndjson')!.data);
      events[5] ^= 1;
      writeFileSync(path('altered.tar.gz'), await writeTarGz(members.map((m) => (m.name === 'events.ndjson' ? { ...m, data: events } : m))));
      const altered = await axonctl('verify', 'altered.tar.gz', '--key', 'key.pem');
      expect(altered.code).toBe(1);
      expect(altered.stderr).toContain('events.ndjson: sha256');
      expect(altered.stderr).toContain('does not match the manifest');
      expect(altered.stderr).toContain('altered.tar.gz failed verification (1 problem)');

      writeFileSync(path('added.tar.gz'), await writeTarGz([...members, { name: 'notes.txt', data: Buffer.from('slipped in') }]));
      const added = await axonctl('verify', 'added.tar.gz', '--key', 'key.pem');
      expect(added.code).toBe(1);
      expect(added.stderr).toContain('notes.txt: in the bundle but not in the manifest');

      const other = generateKeyPairSync('ed25519');
      const manifest = members.find((m) => m.name === 'manifest.json')!.data;
      const forgedSignature = JSON.stringify({ algorithm: 'ed25519', key_id: JSON.parse(manifest.toString()).signature.key_id, signed_file: 'manifest.json', signature: sign(null, manifest, other.privateKey).toString('base64') });
      writeFileSync(path('forged.tar.gz'), await writeTarGz(members.map((m) => (m.name === 'signature.json' ? { ...m, data: Buffer.from(forgedSignature) } : m))));
      const forged = await axonctl('verify', 'forged.tar.gz');
      expect(forged.code).toBe(1);
      expect(forged.stderr).toContain('bad signature');
    });

    it('answers a missing bundle or an unreadable key with a usage error (exit 2)', async () => {
      const missing = await axonctl('verify', 'nope.tar.gz', '--key', 'key.pem');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('nope.tar.gz: cannot be read (ENOENT)');
      writeFileSync(path('junk.key'), 'not a key');
      const junk = await axonctl('verify', 'good.tar.gz', '--key', 'junk.key');
      expect(junk.code).toBe(2);
      expect(junk.stderr).toContain('junk.key: not a PEM public key');
    });
  });
}
