/**
 * @module verifyBundle: checks an evidence bundle (`format=bundle`, docs/exports.md) offline, with
 * nothing but the deployment's public key (`GET /api/v1/audit/signing-key`, or a PEM file).
 *
 * A bundle passes when: it is a readable tar.gz of plain files; manifest.json parses; signature.json
 * holds a valid Ed25519 signature by that key over the exact bytes of manifest.json; every file the
 * manifest lists is there once with the listed size and SHA-256; and nothing else is in it. Every
 * problem found is reported, not only the first. The archive is streamed: memory holds one chunk
 * and the two small JSON files, whatever the bundle's size.
 *
 * ```ts
 * import { verifyBundle } from 'axonflow/sdk';
 * const result = await verifyBundle('execution-wf_1.bundle.tar.gz', publicKeyPem);
 * if (!result.ok) console.error(result.problems.map((p) => p.message).join('\n'));
 * ```
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { BUNDLE_MANIFEST_FILE, BUNDLE_SIGNATURE_FILE, BundleManifest, BundleSignature } from '../shared/exports.js';

export type { BundleManifest, BundleSignature };

export const BUNDLE_PROBLEMS = [
  'unreadable',
  'unexpected_entry',
  'duplicate_file',
  'manifest_missing',
  'manifest_invalid',
  'signature_missing',
  'signature_invalid',
  'key_mismatch',
  'bad_signature',
  'file_missing',
  'file_unlisted',
  'size_mismatch',
  'sha256_mismatch',
] as const;
export type BundleProblemCode = (typeof BUNDLE_PROBLEMS)[number];

export interface BundleProblem {
  readonly code: BundleProblemCode;
  /** The member the problem is about, when it is about one. */
  readonly file?: string;
  readonly message: string;
}

export interface BundleVerification {
  readonly ok: boolean;
  readonly problems: readonly BundleProblem[];
  /** The manifest, when it could be read (also when other checks failed). */
  readonly manifest?: BundleManifest;
  /** The id of the key given, and of the key the bundle says signed it. */
  readonly keyId: string;
  readonly signedBy?: string;
}

/** JSON members read whole; anything larger is not a manifest or signature this server wrote. */
const SMALL_FILE_LIMIT = 1024 * 1024;

/** The key id the server gives its key: 16 hex digits of SHA-256 over the DER SubjectPublicKeyInfo. */
export function signingKeyId(publicKeyPem: string | KeyObject): string {
  const key = typeof publicKeyPem === 'string' ? createPublicKey(publicKeyPem) : publicKeyPem;
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

interface SeenFile {
  readonly size: number;
  readonly sha256: string;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Reads the archive: digests of every member, and the bytes of the two JSON members. */
async function readArchive(source: Readable, problems: BundleProblem[]) {
  const seen = new Map<string, SeenFile>();
  const small = new Map<string, Buffer>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const name = header.name;
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    let size = 0;
    const plain = header.type === 'file' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
    if (!plain) problems.push({ code: 'unexpected_entry', file: name, message: `${name}: not a plain file at the top of the bundle (${header.type ?? 'unknown'} entry)` });
    else if (seen.has(name)) problems.push({ code: 'duplicate_file', file: name, message: `${name}: appears more than once in the bundle` });
    const keep = name === BUNDLE_MANIFEST_FILE || name === BUNDLE_SIGNATURE_FILE;
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      hash.update(chunk);
      size += chunk.length;
      if (keep && size <= SMALL_FILE_LIMIT) kept.push(chunk);
    });
    stream.on('end', () => {
      if (plain && !seen.has(name)) {
        seen.set(name, { size, sha256: hash.digest('hex') });
        if (keep && size <= SMALL_FILE_LIMIT) small.set(name, Buffer.concat(kept));
      }
      next();
    });
    stream.on('error', next);
  });
  await pipeline(source, createGunzip(), reader);
  return { seen, small };
}

/**
 * Checks a bundle (its bytes, or a path to it) against the deployment's public key (PEM).
 * Never throws for a bad bundle: the answer lists its problems. Throws only for a bad key.
 */
export async function verifyBundle(bundle: Uint8Array | string, publicKeyPem: string): Promise<BundleVerification> {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`verifyBundle needs an Ed25519 public key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  const keyId = signingKeyId(key);
  const problems: BundleProblem[] = [];
  const source = typeof bundle === 'string' ? createReadStream(bundle) : Readable.from([Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength)]);
  let archive: Awaited<ReturnType<typeof readArchive>>;
  try {
    archive = await readArchive(source, problems);
  } catch (error) {
    problems.push({ code: 'unreadable', message: `not a readable tar.gz: ${(error as Error).message}` });
    return { ok: false, problems, keyId };
  }
  const { seen, small } = archive;

  const manifestBytes = small.get(BUNDLE_MANIFEST_FILE);
  if (!manifestBytes) {
    if (seen.has(BUNDLE_MANIFEST_FILE)) problems.push({ code: 'manifest_invalid', file: BUNDLE_MANIFEST_FILE, message: `${BUNDLE_MANIFEST_FILE} is larger than a manifest can be (over ${SMALL_FILE_LIMIT} bytes)` });
    else problems.push({ code: 'manifest_missing', file: BUNDLE_MANIFEST_FILE, message: `${BUNDLE_MANIFEST_FILE} is missing` });
    return { ok: false, problems, keyId };
  }
  const parsed = BundleManifest.safeParse(parseJson(manifestBytes));
  if (!parsed.success) {
    problems.push({ code: 'manifest_invalid', file: BUNDLE_MANIFEST_FILE, message: `${BUNDLE_MANIFEST_FILE} is not a bundle manifest: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` });
    return { ok: false, problems, keyId };
  }
  const manifest = parsed.data;

  let signedBy: string | undefined;
  const signatureBytes = small.get(BUNDLE_SIGNATURE_FILE);
  const signature = signatureBytes ? BundleSignature.safeParse(parseJson(signatureBytes)) : undefined;
  if (!signature) {
    problems.push({ code: 'signature_missing', file: BUNDLE_SIGNATURE_FILE, message: `${BUNDLE_SIGNATURE_FILE} is missing` });
  } else if (!signature.success) {
    problems.push({ code: 'signature_invalid', file: BUNDLE_SIGNATURE_FILE, message: `${BUNDLE_SIGNATURE_FILE} is not a bundle signature` });
  } else {
    signedBy = signature.data.key_id;
    if (signedBy !== keyId) problems.push({ code: 'key_mismatch', file: BUNDLE_SIGNATURE_FILE, message: `signed by key ${signedBy}, but the key given is ${keyId}` });
    if (manifest.signature.key_id !== signedBy) problems.push({ code: 'key_mismatch', file: BUNDLE_MANIFEST_FILE, message: `the manifest names key ${manifest.signature.key_id}, the signature key ${signedBy}` });
    if (!verify(null, manifestBytes, key, Buffer.from(signature.data.signature, 'base64'))) {
      problems.push({ code: 'bad_signature', file: BUNDLE_SIGNATURE_FILE, message: `bad signature: ${BUNDLE_MANIFEST_FILE} was not signed by key ${keyId} as it is (altered, or signed by another key)` });
    }
  }

  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.name)) problems.push({ code: 'duplicate_file', file: file.name, message: `${file.name}: listed more than once in the manifest` });
    listed.add(file.name);
    const found = seen.get(file.name);
    if (!found) problems.push({ code: 'file_missing', file: file.name, message: `${file.name}: listed in the manifest but not in the bundle` });
    else if (found.size !== file.size) problems.push({ code: 'size_mismatch', file: file.name, message: `${file.name}: ${found.size} bytes, the manifest says ${file.size}` });
    else if (found.sha256 !== file.sha256) problems.push({ code: 'sha256_mismatch', file: file.name, message: `${file.name}: sha256 ${found.sha256} does not match the manifest (${file.sha256})` });
  }
  for (const name of seen.keys()) {
    if (name !== BUNDLE_MANIFEST_FILE && name !== BUNDLE_SIGNATURE_FILE && !listed.has(name)) problems.push({ code: 'file_unlisted', file: name, message: `${name}: in the bundle but not in the manifest` });
  }
  return { ok: problems.length === 0, problems, manifest, keyId, signedBy };
}
