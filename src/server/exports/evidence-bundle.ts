/**
 * @module The `bundle` export: an evidence bundle, a gzipped tar of
 *
 *   manifest.json   what the bundle holds: the run, who exported it when, and each file's size and SHA-256
 *   signature.json  an Ed25519 signature over the exact bytes of manifest.json, with the key id
 *   execution.json  the `json` export;  events.ndjson  the `ndjson` export;  steps.csv  the `csv` export
 *   report.html     the `html` export;  audit.json     the run's audit records
 *
 * Every member is spooled to a private temporary directory while its digest is computed (memory
 * holds a page, never a file), the manifest is signed, then the tar is streamed from the spooled
 * files. The directory is removed when the response ends, however it ends (sent, failed, or the
 * client gone), and at once when building fails. Checking a bundle: docs/exports.md.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack as tarPack, type Header, type Pack } from 'tar-stream';
import type { Signature, SigningPublicKey } from '../../core/ports/signer.js';
import type { RunExport } from '../../services/export-service.js';
import { BUNDLE_MANIFEST_FILE as MANIFEST_FILE, BUNDLE_SIGNATURE_FILE as SIGNATURE_FILE, type BundleManifest, type BundleSignature } from '../../shared/exports.js';
import type { ExportParts } from '../presenters/replay-presenter.js';
import { auditJson } from './audit-json.js';
import { eventsNdjson } from './events-ndjson.js';
import { exportJson } from './export-json.js';
import { reviewReport } from './review-report.js';
import { type SpooledFile, spoolFile } from './spool-file.js';
import { stepsCsv } from './steps-csv.js';

type TarHeader = Partial<Header> & Pick<Header, 'name'>;

export interface BundleSigner {
  sign(data: Uint8Array): Promise<Signature>;
  publicKey(): Promise<Pick<SigningPublicKey, 'keyId' | 'algorithm'>>;
}

function members(run: RunExport, parts: ExportParts): readonly (readonly [string, () => AsyncIterable<string>])[] {
  return [
    ['execution.json', () => exportJson(run, parts)],
    ['events.ndjson', () => eventsNdjson(run)],
    ['steps.csv', () => stepsCsv(run)],
    ['report.html', () => reviewReport(run)],
    ['audit.json', () => auditJson(run)],
  ];
}

/** Adds one member; a file member is piped from disk (`opened` learns the stream, so a teardown can close it). */
async function addEntry(pack: Pack, header: TarHeader, source: Buffer | string, opened: (file: Readable) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    if (Buffer.isBuffer(source)) {
      pack.entry(header, source, (error) => (error ? reject(error) : resolve()));
      return;
    }
    const entry = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    const file = createReadStream(source);
    opened(file);
    file.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    file.pipe(entry);
  });
}

/** Builds the bundle's members (in a new directory under `spoolDir`) and signature, then returns the tar.gz as a stream. */
export async function evidenceBundle(run: RunExport, parts: ExportParts, signer: BundleSigner, spoolDir: string = tmpdir()): Promise<Readable> {
  const dir = await mkdtemp(join(spoolDir, 'axonflow-bundle-'));
  const cleanup = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  let files: SpooledFile[];
  let manifestBytes: Buffer;
  let signatureBytes: Buffer;
  try {
    files = [];
    for (const [name, chunks] of members(run, parts)) files.push(await spoolFile(join(dir, name), name, chunks()));
    const key = await signer.publicKey();
    const manifest: BundleManifest = {
      bundle: 'axonflow-evidence-bundle',
      version: 1,
      execution_id: run.execution.executionId,
      workflow_name: run.execution.name,
      org_id: run.execution.orgId,
      tenant_id: run.execution.tenantId,
      exported_at: run.exportedAt,
      exported_by: run.exportedBy,
      last_seq: run.execution.lastSeq,
      signature: { algorithm: key.algorithm, key_id: key.keyId, file: SIGNATURE_FILE },
      files: files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 })),
    };
    manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const signature = await signer.sign(manifestBytes);
    const signed: BundleSignature = { algorithm: signature.algorithm, key_id: signature.keyId, signed_file: MANIFEST_FILE, signature: Buffer.from(signature.signature).toString('base64') };
    signatureBytes = Buffer.from(`${JSON.stringify(signed, null, 2)}\n`, 'utf8');
  } catch (error) {
    await cleanup();
    throw error;
  }

  const mtime = new Date(run.exportedAt);
  const header = (name: string, size: number): TarHeader => ({ name, size, mtime, mode: 0o644, type: 'file' });
  const pack = tarPack();
  const gzip = createGzip();
  const out = new PassThrough();
  let reading: Readable | undefined;
  const opened = (file: Readable) => (reading = file);
  // Fed one member at a time: the pack asks for more only as the response drains.
  const feeding = (async () => {
    await addEntry(pack, header(MANIFEST_FILE, manifestBytes.length), manifestBytes, opened);
    await addEntry(pack, header(SIGNATURE_FILE, signatureBytes.length), signatureBytes, opened);
    for (const file of files) await addEntry(pack, header(file.name, file.size), file.path, opened);
    pack.finalize();
  })();
  const fail = (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error)));
  feeding.catch(fail);
  pack.on('error', fail);
  gzip.on('error', fail);
  pack.pipe(gzip).pipe(out);
  // However the response ends (sent, failed, client gone): stop reading, then remove the spool.
  // The removal does not wait for `feeding`, which never settles when the pack is torn down mid-entry.
  out.once('close', () => {
    reading?.destroy();
    pack.destroy();
    gzip.destroy();
    void cleanup();
  });
  return out;
}
