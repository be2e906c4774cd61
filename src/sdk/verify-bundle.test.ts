/**
 * verifyBundle on real bundles from a live server (both stores), and on tampered copies of them:
 * a changed byte, an added, a removed or a misplaced file, an edited manifest (with or without
 * fixing its digests), a signature by another key, a truncated archive. Each is caught and named.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../test-support/event-drafts.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { readTarGz, type TarMember, writeTarGz } from '../test-support/tar-gz.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { signingKeyId, verifyBundle } from './verify-bundle.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

for (const harness of storeHarnesses()) {
  describe(`verifyBundle [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;
    let bundle: Uint8Array;
    let members: TarMember[];
    let pem: string;
    const dir = mkdtempSync(join(tmpdir(), 'axonflow-verify-'));

    const replace = (name: string, data: Buffer) => members.map((m) => (m.name === name ? { ...m, data } : m));
    const codes = async (bytes: Uint8Array, key = pem) => (await verifyBundle(bytes, key)).problems.map((p) => `${p.code}:${p.file ?? ''}`);

    beforeAll(async () => {
      live = await startLiveApp(harness);
      client = await live.client('operator');
      await live.store.append({ orgId: 'default', tenantId: 'default' }, { executionId: 'evidence-1', decide: () => [ev.created('refund-agent'), ev.stepStarted('s1', 'charge card'), ev.stepCompleted('s1'), ev.completed()] });
      bundle = await client.executions.export('evidence-1', { format: 'bundle' });
      members = await readTarGz(bundle);
      pem = (await client.evidence.signingKey()).public_key_pem;
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await live.close();
      await harness.cleanup();
    });

    it('passes an untouched bundle, from bytes, from a file, and with the key the SDK fetches', async () => {
      const fromBytes = await verifyBundle(bundle, pem);
      expect(fromBytes).toMatchObject({ ok: true, problems: [], keyId: signingKeyId(pem), signedBy: signingKeyId(pem) });
      expect(fromBytes.manifest?.files.map((f) => f.name)).toEqual(['execution.json', 'events.ndjson', 'steps.csv', 'report.html', 'audit.json']);
      const path = join(dir, 'bundle.tar.gz');
      writeFileSync(path, bundle);
      expect((await verifyBundle(path, pem)).ok).toBe(true);
      expect((await client.evidence.verify(path)).ok).toBe(true);
      // Re-packing the same members (another tar layout, same files) still verifies: the files are what is signed.
      expect(await codes(await writeTarGz(members))).toEqual([]);
    });

    it('names the file when one byte of it changed', async () => {
      const events = Buffer.from(members.find((m) => m.name === 'events.ndjson')!.data);
      events[10] = events[10] === 0x61 ? 0x62 : 0x61;
      expect(await codes(await writeTarGz(replace('events.ndjson', events)))).toEqual(['sha256_mismatch:events.ndjson']);
      const csv = Buffer.concat([members.find((m) => m.name === 'steps.csv')!.data, Buffer.from('9,x\n')]);
      expect(await codes(await writeTarGz(replace('steps.csv', csv)))).toEqual(['size_mismatch:steps.csv']);
    });

    it('finds an added, a removed and a misplaced file', async () => {
      expect(await codes(await writeTarGz([...members, { name: 'extra.txt', data: Buffer.from('not in the manifest') }]))).toEqual(['file_unlisted:extra.txt']);
      expect(await codes(await writeTarGz(members.filter((m) => m.name !== 'audit.json')))).toEqual(['file_missing:audit.json']);
      expect(await codes(await writeTarGz([...members, { name: '../escape.json', data: Buffer.from('{}') }]))).toContain('unexpected_entry:../escape.json');
      expect(await codes(await writeTarGz([...members, { name: 'link', data: Buffer.alloc(0), type: 'symlink' }]))).toContain('unexpected_entry:link');
      expect(await codes(await writeTarGz([...members, members.find((m) => m.name === 'steps.csv')!]))).toContain('duplicate_file:steps.csv');
    });

    it('catches an edited manifest, also when its digests were fixed to match edited files', async () => {
      const manifest = JSON.parse(members.find((m) => m.name === 'manifest.json')!.data.toString());
      const edited = Buffer.from(JSON.stringify({ ...manifest, exported_by: 'someone-else' }, null, 2) + '\n');
      expect(await codes(await writeTarGz(replace('manifest.json', edited)))).toEqual(['bad_signature:signature.json']);

      const forgedCsv = Buffer.from('index,step_id\n0,forged\n');
      const fixed = { ...manifest, files: manifest.files.map((f: { name: string }) => (f.name === 'steps.csv' ? { name: 'steps.csv', size: forgedCsv.length, sha256: sha256(forgedCsv) } : f)) };
      const tampered = replace('steps.csv', forgedCsv).map((m) => (m.name === 'manifest.json' ? { ...m, data: Buffer.from(JSON.stringify(fixed, null, 2) + '\n') } : m));
      expect(await codes(await writeTarGz(tampered))).toEqual(['bad_signature:signature.json']);
    });

    it('refuses a bundle re-signed by another key, and says which key signed it', async () => {
      const other = generateKeyPairSync('ed25519');
      const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const otherId = signingKeyId(otherPem);
      const manifest = JSON.parse(members.find((m) => m.name === 'manifest.json')!.data.toString());
      const manifestBytes = Buffer.from(JSON.stringify({ ...manifest, signature: { ...manifest.signature, key_id: otherId } }, null, 2) + '\n');
      const signature = Buffer.from(JSON.stringify({ algorithm: 'ed25519', key_id: otherId, signed_file: 'manifest.json', signature: sign(null, manifestBytes, other.privateKey).toString('base64') }));
      const forged = await writeTarGz(replace('manifest.json', manifestBytes).map((m) => (m.name === 'signature.json' ? { ...m, data: signature } : m)));
      const result = await verifyBundle(forged, pem);
      expect(result.ok).toBe(false);
      expect(result.signedBy).toBe(otherId);
      expect(result.problems.map((p) => p.code)).toEqual(['key_mismatch', 'bad_signature']);
      expect(result.problems[0]!.message).toContain(`signed by key ${otherId}`);
      // With the forger's own key it is, of course, a good signature: trust comes from the key you hold.
      expect((await verifyBundle(forged, otherPem)).ok).toBe(true);
    });

    it('reports a missing signature or manifest, and an archive that is not one', async () => {
      expect(await codes(await writeTarGz(members.filter((m) => m.name !== 'signature.json')))).toEqual(['signature_missing:signature.json']);
      expect(await codes(await writeTarGz(members.filter((m) => m.name !== 'manifest.json')))).toEqual(['manifest_missing:manifest.json']);
      expect(await codes(await writeTarGz(replace('manifest.json', Buffer.from('{"bundle":"something else"}'))))).toEqual(['manifest_invalid:manifest.json']);
      expect(await codes(bundle.slice(0, bundle.length - 40))).toEqual(['unreadable:']);
      expect(await codes(new TextEncoder().encode('plain text'))).toEqual(['unreadable:']);
      await expect(verifyBundle(bundle, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString())).rejects.toThrow(/Ed25519/);
    });
  });
}
