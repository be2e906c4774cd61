/**
 * Which PostgreSQL driver errors mean "the store is not reachable" (STORE_UNAVAILABLE, a 503 the
 * SDK retries) rather than a bug (INTERNAL_ERROR, a 500): the errors pg, pg-pool and Node raise
 * when the server is down, shutting down, full or silent.
 */
import { describe, expect, it } from 'vitest';
import { postgresStoreDialect } from './postgres-store.js';

const { isUnavailable } = postgresStoreDialect('public');
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('PostgreSQL errors that mean the store is unavailable', () => {
  it.each([
    ['connection refused (nothing listens)', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['every address refused (Node tries each)', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')])],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['admin shutdown (pg_ctl stop -m fast)', withCode('terminating connection due to administrator command', '57P01')],
    ['crash shutdown (stop -m immediate)', withCode('terminating connection because of crash of another server process', '57P02')],
    ['starting up or shutting down', withCode('the database system is shutting down', '57P03')],
    ['connection failure class 08', withCode('could not receive data from client', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['no connection within the connect timeout (pg-pool)', new Error('timeout exceeded when trying to connect')],
    ['connect timeout hit while connecting (pg-pool)', new Error('Connection terminated due to connection timeout')],
    ['no answer within the query timeout', new Error('Query read timeout')],
    ['a client whose connection failed earlier', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s', (_what, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['an undefined table (a migration bug)', withCode('relation "events" does not exist', '42P01')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['a statement cancelled by statement_timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['any other error', new TypeError('Cannot read properties of undefined')],
    ['something not an Error', 'ECONNREFUSED'],
  ])('not %s', (_what, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
