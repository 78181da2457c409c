/**
 * The one door to PostgreSQL. Repositories write parameterised SQL through it; a transaction hands
 * the same interface to the function it runs, so a use case's writes and its outbox rows commit together.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, MigrationExecutor, type Migration } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from './migrations';

export type Row = Record<string, unknown>;

export interface Sql {
  query<T extends object = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * What part of the work a statement belongs to (signature, intake, dispatch, relay…), for the count by
 * step the benches report. Set with `Database.step`; nested steps replace the outer one.
 */
const currentStep = new AsyncLocalStorage<string>();

export class Database implements Sql {
  /** Statements sent so far (a metric: the position benchmark reports statements per message). */
  statements = 0;
  /** The same count by step, BEGIN and COMMIT included: each is a round trip too. */
  readonly statementsByStep = new Map<string, number>();
  /**
   * Marks code running inside a transaction. A query on the pool from there would wait for a second
   * connection while holding the first: with the embedded database's single connection, forever.
   */
  private readonly inTransaction = new AsyncLocalStorage<true>();

  constructor(readonly dataSource: DataSource) {}

  /** Runs `work` with its statements counted under `name` (see statementsByStep). */
  static step<T>(name: string, work: () => T): T {
    return currentStep.run(name, work);
  }

  /** A part of the current step (the outbox's taps within intake): counted as `intake/review-tap`. */
  static substep<T>(name: string, work: () => T): T {
    return currentStep.run(`${currentStep.getStore() ?? 'other'}/${name}`, work);
  }

  /** `xiaonao_db_statements` keeps its first meaning (no BEGIN/COMMIT); the count by step has them. */
  private count(n = 1, control = false): void {
    if (!control) this.statements += n;
    const step = currentStep.getStore() ?? 'other';
    this.statementsByStep.set(step, (this.statementsByStep.get(step) ?? 0) + n);
  }

  private async run<T>(runner: QueryRunner, sql: string, params: unknown[]): Promise<T[]> {
    this.count();
    const result = await runner.query(sql, params, true);
    return (result.records ?? []) as T[];
  }

  async query<T extends object = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.inTransaction.getStore()) throw new Error(`query on the pool inside a transaction (use the transaction's Sql): ${sql.slice(0, 80)}`);
    const runner = this.dataSource.createQueryRunner();
    try {
      return await this.run<T>(runner, sql, params);
    } finally {
      await runner.release();
    }
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) throw new Error('a transaction inside a transaction');
    // BEGIN and COMMIT (or ROLLBACK) are statements of their own, sent by TypeORM.
    this.count(2, true);
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner;
      if (!runner) throw new Error('transaction without a query runner');
      return this.inTransaction.run(true, () => work({ query: (sql, params = []) => this.run(runner, sql, params) }));
    });
  }

  async isUp(): Promise<boolean> {
    return (await this.check()) === null;
  }

  /** null when PostgreSQL answers; otherwise what went wrong, in the driver's words. */
  async check(): Promise<string | null> {
    try {
      await this.query('SELECT 1');
      return null;
    } catch (error) {
      return error instanceof Error ? error.message || error.name : String(error);
    }
  }
}

export function createDataSource(url: string, poolSize = 10, connectTimeoutMs = 0): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    entities: [],
    // 0: wait as long as it takes (migrations, the CLI); the hub passes DATABASE_CONNECT_TIMEOUT_MS.
    extra: { max: poolSize, connectionTimeoutMillis: connectTimeoutMs },
  });
}

/**
 * One lock for every process migrating this database (hubs starting together, the deploy's init
 * containers: deploy/k8s/base/migrate-locked.js takes the same key). Without it two processes on an
 * empty database both create the first tables and one fails on a duplicate.
 */
const MIGRATION_LOCK = "hashtextextended('xiaonao:schema-migrations', 0)";

/**
 * Applies the pending migrations while holding the advisory lock, all on one connection: the lock is
 * a session's, and a single-connection pool (the embedded default) has no second one to wait on.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return await executor.executePendingMigrations();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}

/** Opens the data source and brings the schema up to date with the versioned migrations. */
export async function openDatabase(url: string, poolSize?: number, connectTimeoutMs?: number): Promise<Database> {
  const dataSource = createDataSource(url, poolSize, connectTimeoutMs);
  await dataSource.initialize();
  await runMigrationsLocked(dataSource);
  return new Database(dataSource);
}
