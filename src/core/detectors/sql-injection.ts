/**
 * @module A heuristic for SQL injection in a string a tool will pass to a database. It looks for
 * the shapes attacks take, not for SQL: a quote that closes a literal and then changes the query
 * (tautologies, stacked statements, comment terminators, UNION SELECT), numeric tautologies,
 * UNION SELECT with filler columns or system tables, stacked DDL, and timing probes. Plain
 * English ("select a union representative or two") and ordinary read-only SQL
 * (`SELECT id FROM users WHERE id = 5`, `… WHERE name = 'O''Brien'`, `… UNION SELECT a FROM t2`)
 * are not flagged. False negatives are expected: this is a tripwire, not a parser.
 */

// Every pattern anchors on a literal character or keyword and uses only unambiguous
// repetitions (`\s*(?:\)\s*)*`, never `\s*\)*\s*`), so a test stays linear in the text.
const QUOTE_CLOSE = `['"]\\s*(?:\\)\\s*)*`;
const GAP = `(?:\\s|\\/\\*[^*]{0,64}\\*\\/)+`;

const SIGNALS: readonly RegExp[] = [
  // ' OR '1'='1    " or "a"="a    ' or ''='    ' OR 1=1
  new RegExp(`${QUOTE_CLOSE}or\\s+(['"]?)(\\w{0,20})\\1\\s*=\\s*\\1\\2(?!\\w)`, 'i'),
  // ' OR TRUE--    ' or 1 #
  new RegExp(`${QUOTE_CLOSE}or\\s+(?:true|not\\s+false|\\d+)\\s*(?:--|#|\\/\\*|;|$)`, 'i'),
  // id=5 OR 1=1
  /\bor\s+(\d{1,10})\s*=\s*\1(?![\d.])/i,
  // '; DROP TABLE users    ') ; exec …
  new RegExp(`${QUOTE_CLOSE};\\s*(?:select|insert|update|delete|drop|alter|create|truncate|exec|execute|declare|shutdown|grant)\\b`, 'i'),
  // …; DROP TABLE users    ; TRUNCATE TABLE t    ; SHUTDOWN    ; EXEC xp_cmdshell
  /;\s*(?:drop\s+(?:table|database|schema|view|user|index)\b|truncate\s+table\b|shutdown\b|exec(?:ute)?\s+(?:master\.\.)?xp_\w+|delete\s+from\s+[\w.]+\s*(?:;|--|#|$))/i,
  /\bxp_cmdshell\b/i,
  // admin'--    admin'#    admin'/*    admin' -- (at the end); not '#general'
  /'(?:\s*\)\s*)*(?:--|\/\*|#(?=\s|$))/,
  /'\s*(?:--|#)\s*$/,
  // ' UNION SELECT …    1 UNION/**/SELECT …
  new RegExp(`${QUOTE_CLOSE}union${GAP}(?:all${GAP})?select\\b`, 'i'),
  /union\s*\/\*[^*]{0,64}\*\/\s*(?:all\s*)?select\b/i,
  // UNION SELECT NULL,…    UNION SELECT 1,2,3    UNION SELECT @@version    … information_schema
  /\bunion\s+(?:all\s+)?select\s+(?:null\b|\d+\s*,|@@|char\s*\(|concat\s*\(|group_concat\s*\(|[^;]{0,200}\binformation_schema\b)/i,
  // SLEEP(5)    pg_sleep(5)    WAITFOR DELAY '0:0:5'    BENCHMARK(1000000, …)
  /\b(?:pg_)?sleep\(\s*\d+(?:\.\d+)?\s*\)/i,
  /\bwaitfor\s+delay\s+['"]\d/i,
  /\bbenchmark\s*\(\s*\d{4,}\s*,/i,
];

/** True when `text` carries a known SQL injection shape. */
export function sqlInjection(text: string): boolean {
  return SIGNALS.some((signal) => signal.test(text));
}
