/**
 * The dependency rules of docs/architecture.md, checked on every source file (tests,
 * test-support and the conformance suite are exempt): core imports no HTTP, SQL, React or filesystem code; services use core
 * only; stores never reach up into services or transports; buses import core and their driver only;
 * shared imports core types only; the server is imported by nobody outside it; the Execution Viewer
 * (web/src) imports only src/sdk, src/shared and browser packages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

interface Import {
  readonly file: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
  /** For relative imports: the top-level folder under src it lands in. */
  readonly layer?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Test code (test-support, the conformance suite) may import anything.
    if (statSync(path).isDirectory()) return name === 'test-support' || name === 'conformance' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(test|case)\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4]!;
    const typeOnly = match[2] !== undefined;
    const layer = specifier.startsWith('.') ? relative(SRC, resolve(dirname(file), specifier)).split('/')[0] : undefined;
    found.push({ file: relative(SRC, file), specifier, typeOnly, layer });
  }
  return found;
}

const all = sourceFiles(SRC).flatMap(importsOf);
const layerOf = (i: Import) => i.file.split('/')[0];

function violations(layer: string, allowed: (i: Import) => boolean): string[] {
  return all.filter((i) => layerOf(i) === layer && !allowed(i)).map((i) => `${i.file} imports ${i.specifier}`);
}

/** Pure computation the core may use: hashing, and CEL for policy conditions (architecture §2). */
const NODE_PURE = new Set(['node:crypto', 'node:util', '@marcbachmann/cel-js']);

describe('architecture dependency rules', () => {
  it('reads the imports of the source tree', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all.map(layerOf))).toEqual(expect.objectContaining(new Set(['core', 'store', 'server', 'services', 'shared'])));
  });

  it('core imports nothing but itself and pure Node modules', () => {
    expect(violations('core', (i) => i.layer === 'core' || NODE_PURE.has(i.specifier))).toEqual([]);
  });

  it('services import core, each other and pure Node modules only', () => {
    expect(violations('services', (i) => i.layer === 'core' || i.layer === 'services' || NODE_PURE.has(i.specifier))).toEqual([]);
  });

  it('stores import core, their drivers and each other, never services or transports', () => {
    const drivers = new Set(['kysely', 'pg', 'better-sqlite3', 'node:fs', 'node:path']);
    expect(violations('store', (i) => i.layer === 'core' || i.layer === 'store' || drivers.has(i.specifier))).toEqual([]);
  });

  it('buses import core, their drivers and node:events only', () => {
    const allowed = new Set(['pg', 'node:events', 'node:crypto']);
    expect(violations('bus', (i) => i.layer === 'core' || i.layer === 'bus' || allowed.has(i.specifier))).toEqual([]);
  });

  it('shared imports zod and only types from core', () => {
    expect(violations('shared', (i) => i.specifier === 'zod' || i.layer === 'shared' || (i.layer === 'core' && i.typeOnly))).toEqual([]);
  });

  it('nothing outside the server imports it', () => {
    expect(all.filter((i) => i.layer === 'server' && layerOf(i) !== 'server').map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });

  it('the SDK, the CLI and the demo talk to the server only through shared schemas and the SDK', () => {
    const clientSide = (layer: string) => violations(layer, (i) => i.layer === undefined || i.layer === 'sdk' || i.layer === 'shared' || i.layer === layer);
    expect([...clientSide('sdk'), ...clientSide('cli'), ...clientSide('demo')]).toEqual([]);
  });

  it('the Execution Viewer (web/src) imports only the SDK, shared schemas and browser packages', () => {
    const web = join(SRC, '..', 'web', 'src');
    const files = sourceFiles(web);
    expect(files.length).toBeGreaterThan(5);
    const bad = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(IMPORT)].flatMap((match) => {
        const specifier = match[3] ?? match[4]!;
        if (!specifier.startsWith('.')) return specifier.startsWith('node:') ? [`${relative(web, file)} imports ${specifier}`] : [];
        const target = relative(SRC, resolve(dirname(file), specifier));
        const inside = !target.startsWith('..') ? target.split('/')[0] : relative(web, resolve(dirname(file), specifier)).startsWith('..') ? undefined : 'web';
        return inside === 'web' || inside === 'sdk' || inside === 'shared' ? [] : [`${relative(web, file)} imports ${specifier}`];
      }),
    );
    expect(bad).toEqual([]);
  });
});
