/** @module Reading and writing tar.gz archives in tests (evidence bundles, and tampered copies of them). */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';

export interface TarMember {
  readonly name: string;
  readonly data: Buffer;
  readonly type?: 'file' | 'directory' | 'symlink';
}

export async function readTarGz(bytes: Uint8Array): Promise<TarMember[]> {
  const members: TarMember[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      members.push({ name: header.name, data: Buffer.concat(chunks), type: header.type as TarMember['type'] });
      next();
    });
  });
  await pipeline(Readable.from([gunzipSync(bytes)]), reader);
  return members;
}

export async function writeTarGz(members: readonly TarMember[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const m of members) {
    await new Promise<void>((resolve, reject) => {
      const callback = (e?: Error | null) => (e ? reject(e) : resolve());
      if (m.type === 'symlink') archive.entry({ name: m.name, type: 'symlink', linkname: 'manifest.json' }, callback);
      else if (m.type === 'directory') archive.entry({ name: m.name, type: 'directory' }, callback);
      else archive.entry({ name: m.name, type: 'file' }, m.data, callback);
    });
  }
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
