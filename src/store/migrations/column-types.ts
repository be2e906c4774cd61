/** Column types that differ by backend; the one migration set is written against these. */
export interface ColumnTypes {
  readonly json: 'jsonb' | 'text';
  readonly int64: 'bigint' | 'integer';
  readonly float: 'double precision' | 'real';
  /** How step text is indexed for search. */
  readonly search: 'fts5' | 'pg_trgm';
}
