import { describe, expect, it } from 'vitest';
import { describeDb, parseDbUrl } from './db-url.js';

describe('parseDbUrl', () => {
  it('reads SQLite paths, relative, absolute and in memory', () => {
    expect(parseDbUrl('sqlite:./data/a.db')).toEqual({ kind: 'sqlite', path: './data/a.db' });
    expect(parseDbUrl('sqlite:///var/lib/a.db')).toEqual({ kind: 'sqlite', path: '/var/lib/a.db' });
    expect(parseDbUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('reads PostgreSQL URLs with an optional schema', () => {
    expect(parseDbUrl('postgresql://u@h/db')).toEqual({ kind: 'postgres', connectionString: 'postgresql://u@h/db', schema: 'public' });
    expect(parseDbUrl('postgres://u@h/db?schema=s1&sslmode=require')).toEqual({ kind: 'postgres', connectionString: 'postgres://u@h/db?sslmode=require', schema: 's1' });
  });

  it('refuses anything else with a message saying what is accepted', () => {
    expect(() => parseDbUrl('sqlite:')).toThrow('sqlite: needs a file path');
    expect(() => parseDbUrl('mysql://h/db')).toThrow('must be sqlite:<path> or postgres://');
  });

  it('masks the password when printing', () => {
    expect(describeDb(parseDbUrl('postgres://u:hunter2@h/db?schema=x'))).toBe('postgres://u:***@h/db (schema x)');
  });
});
