/**
 * @module A Kysely SQLite dialect whose transactions start with BEGIN IMMEDIATE. A deferred BEGIN
 * takes the write lock only at the first write, and when another process (the `axonflow
 * credentials` command, a second server) wrote in between, SQLite fails the upgrade at once
 * instead of waiting. IMMEDIATE takes the lock up front, where busy_timeout applies.
 */
import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, SqliteDriver } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
