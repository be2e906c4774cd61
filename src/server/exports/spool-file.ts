/**
 * @module spoolFile: writes a stream of chunks to a file, hashing (SHA-256) and counting the bytes as
 * they pass, so a bundle can list each member's digest before the member is sent. Honours the
 * file's backpressure: memory holds one chunk at a time, whatever the file's size.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export interface SpooledFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  /** Lower-case hex. */
  readonly sha256: string;
}

export async function spoolFile(path: string, name: string, chunks: AsyncIterable<string | Uint8Array>): Promise<SpooledFile> {
  const hash = createHash('sha256');
  let size = 0;
  // pipeline() ends or destroys every stage on any failure, so a failed source leaves no open file.
  await pipeline(
    chunks,
    async function* measure(source: AsyncIterable<string | Uint8Array>) {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        if (bytes.byteLength === 0) continue;
        hash.update(bytes);
        size += bytes.byteLength;
        yield bytes;
      }
    },
    createWriteStream(path, { flags: 'wx', mode: 0o600 }),
  );
  return { name, path, size, sha256: hash.digest('hex') };
}
