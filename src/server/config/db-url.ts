/** @module Parses the store setting: `sqlite:<path>` or `postgres://…[?schema=name]`. */

export type DbSetting =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function parseDbUrl(raw: string): DbSetting {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) throw new Error('sqlite: needs a file path, e.g. sqlite:./data/axonflow.db');
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error('is not a valid postgres:// URL');
    }
    const schema = url.searchParams.get('schema') ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema "${schema}" is not a valid PostgreSQL identifier`);
    url.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: url.toString(), schema };
  }
  throw new Error('must be sqlite:<path> or postgres://user@host:port/database');
}

/** The setting as it may be printed: the password masked. */
export function describeDb(db: DbSetting): string {
  if (db.kind === 'sqlite') return `sqlite:${db.path}`;
  const url = new URL(db.connectionString);
  if (url.password) url.password = '***';
  return `${url.toString()}${db.schema === 'public' ? '' : ` (schema ${db.schema})`}`;
}
