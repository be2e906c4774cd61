/**
 * @module The export wire beyond AxonFlow's JSON: the bulk export's query and lines, the evidence
 * bundle's manifest and signature files, and the deployment's signing key (docs/exports.md).
 */
import { z } from 'zod';
import { Timestamp } from './common.js';
import { ExportQuery, ReplayListQuery, executionFilterFields } from './executions.js';

export const EXPORT_FORMAT_VALUES = ExportQuery.shape.format.unwrap().options;
export type ExportFormat = (typeof EXPORT_FORMAT_VALUES)[number];

export const BULK_EXPORT_DEFAULT_LIMIT = 10_000;
export const BULK_EXPORT_MAX_LIMIT = 100_000;

/** The list route's filters (replay status words), without offset: the export pages by cursor. */
export const BulkExportQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(BULK_EXPORT_MAX_LIMIT)
      .default(BULK_EXPORT_DEFAULT_LIMIT)
      .meta({ description: `Runs at most (default ${BULK_EXPORT_DEFAULT_LIMIT}, max ${BULK_EXPORT_MAX_LIMIT}); the last line says whether more matched` }),
    status: ReplayListQuery.shape.status,
    events: z.enum(['true', 'false']).optional().meta({ description: 'true: each run with its events instead of its steps' }),
    ...executionFilterFields,
  })
  .strict();

/** The last line of a bulk export; a file without it was cut short. */
export const BulkExportEnd = z.object({
  type: z.literal('export_end'),
  exported_at: Timestamp,
  count: z.number().int(),
  total: z.number().int(),
  truncated: z.boolean(),
  next_cursor: z.string().optional(),
});
export type BulkExportEnd = z.infer<typeof BulkExportEnd>;

export const SIGNATURE_ALGORITHM_VALUES = ['ed25519'] as const;

export const SigningKey = z
  .object({
    key_id: z.string().meta({ description: 'First 16 hex digits of the SHA-256 of the DER SubjectPublicKeyInfo' }),
    algorithm: z.enum(SIGNATURE_ALGORITHM_VALUES),
    public_key_pem: z.string().meta({ description: 'SubjectPublicKeyInfo, PEM' }),
    public_key_jwk: z.object({ kty: z.string(), crv: z.string(), x: z.string() }).optional().meta({ description: 'RFC 8037 OKP key' }),
  })
  .meta({ id: 'SigningKey' });
export type SigningKey = z.infer<typeof SigningKey>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
/** Member names are plain file names: no directories, no `..`, nothing a careless extractor could misplace. */
const MemberName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a plain file name');

export const BUNDLE_MANIFEST_FILE = 'manifest.json';
export const BUNDLE_SIGNATURE_FILE = 'signature.json';

/** manifest.json of an evidence bundle: the file the signature covers, byte for byte. */
export const BundleManifest = z.object({
  bundle: z.literal('axonflow-evidence-bundle'),
  version: z.literal(1),
  execution_id: z.string(),
  workflow_name: z.string(),
  org_id: z.string(),
  tenant_id: z.string(),
  exported_at: Timestamp,
  exported_by: z.string(),
  last_seq: z.number().int(),
  signature: z.object({ algorithm: z.enum(SIGNATURE_ALGORITHM_VALUES), key_id: z.string(), file: z.literal(BUNDLE_SIGNATURE_FILE) }),
  files: z.array(z.object({ name: MemberName, size: z.number().int().min(0), sha256: Sha256 })).min(1),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

/** signature.json: an Ed25519 signature (base64) over the exact bytes of manifest.json. */
export const BundleSignature = z.object({
  algorithm: z.enum(SIGNATURE_ALGORITHM_VALUES),
  key_id: z.string(),
  signed_file: z.literal(BUNDLE_MANIFEST_FILE),
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
});
export type BundleSignature = z.infer<typeof BundleSignature>;
