import { describe, expect, it } from 'vitest';
import { sqlInjection } from './sql-injection.js';

describe('sqlInjection', () => {
  it.each([
    ["quoted tautology", "' OR '1'='1"],
    ['double-quoted tautology', '" or "a"="a'],
    ['empty-string tautology', "x' or ''='"],
    ['quote then numeric tautology', "admin' or 1=1--"],
    ['numeric tautology', 'SELECT * FROM users WHERE id = 5 OR 1=1'],
    ['OR TRUE and a comment', "name' OR TRUE --"],
    ['stacked DROP after a quote', "Robert'); DROP TABLE Students;--"],
    ['stacked DROP after a number', '5; DROP TABLE users'],
    ['stacked TRUNCATE', 'SELECT 1; truncate table audit_log'],
    ['stacked DELETE without a WHERE', 'SELECT 1; DELETE FROM users;'],
    ['xp_cmdshell', "1; EXEC xp_cmdshell 'dir'"],
    ['comment terminator', "admin'--"],
    ['hash comment terminator', "admin'#"],
    ['quote, space, comment at the end', "admin' -- "],
    ['UNION SELECT after a quote', "x' UNION SELECT username, password FROM users--"],
    ['UNION ALL SELECT with NULL fillers', '1 UNION ALL SELECT NULL,NULL,NULL'],
    ['UNION SELECT with numbered columns', '-1 union select 1,2,3'],
    ['UNION SELECT from information_schema', 'UNION SELECT table_name FROM information_schema.tables'],
    ['comment-obfuscated UNION', '1 UNION/**/SELECT password FROM users'],
    ['SLEEP probe', "1' AND SLEEP(5)"],
    ['pg_sleep probe', '1; select pg_sleep(10)'],
    ['WAITFOR DELAY probe', "1'; WAITFOR DELAY '0:0:5'--"],
    ['BENCHMARK probe', '1 AND BENCHMARK(5000000,MD5(1))'],
  ])('flags a %s', (_, text) => {
    expect(sqlInjection(text)).toBe(true);
  });

  it.each([
    ['English with union and select', 'select a union representative or two'],
    ['English with or and numbers', 'pick 2 or 3 of them; either is fine'],
    ['English with a semicolon and a verb', 'we will meet; update me later and delete from the list whatever is stale'],
    ['English with sleep', 'I need to sleep (8 hours at least) before the demo'],
    ['English with quotes and a dash', "the 'best' option - honestly - was the cheapest"],
    ['contractions and hashtags', "it's the '#general' channel"],
    ['a read-only query', 'SELECT id FROM users WHERE id = 5'],
    ['a query with a quoted literal', "SELECT * FROM customers WHERE name = 'O''Brien' AND status = 'active'"],
    ['a query with OR between columns', "SELECT * FROM t WHERE a = 'x' OR b = 'y'"],
    ['a legitimate UNION', 'SELECT a FROM t1 UNION SELECT a FROM t2 ORDER BY a'],
    ['a join with aggregates', 'SELECT u.id, count(*) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id LIMIT 10'],
  ])('does not flag %s', (_, text) => {
    expect(sqlInjection(text)).toBe(false);
  });
});
