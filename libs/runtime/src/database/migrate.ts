import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type AgentDatabaseOptions, agentDataSourceOptions, ensureSchema } from './data-source';

/** Advisory-lock namespace of schema migrations (the first key of pg_advisory_lock(int, int)). */
const MIGRATION_LOCK_CLASS = 0x4d54_4d47; // "MTMG"

export interface MigrateOptions extends AgentDatabaseOptions {
  /**
   * Schemas whose migration lock is taken, in this order, before migrating (default: the app's
   * own). Apps whose migrations also touch the shared `ai` schema take 'ai' first.
   */
  lockSchemas?: string[];
  /** Off only where one process owns the database (the embedded PGlite serves a single session). */
  lock?: boolean;
  log?: (message: string, meta: Record<string, unknown>) => void;
}

export interface MigrateResult {
  schema: string;
  /** Names of the migrations this call ran; empty when another replica had already run them. */
  applied: string[];
  /** Time spent waiting for another replica's migration run. */
  waitedMs: number;
}

/**
 * Brings one app's schema up to date, once, however many replicas start together: a PostgreSQL
 * session advisory lock per schema is held while the schema is created and TypeORM runs what is
 * pending, so the second replica waits, then finds nothing to do. The lock goes with the session,
 * so a replica that dies mid-migration never leaves it held.
 */
export async function migrateSchema(o: MigrateOptions): Promise<MigrateResult> {
  const lockSchemas = o.lockSchemas ?? [o.schema];
  const locker = o.lock === false ? null : new Client({ connectionString: o.url });
  const started = Date.now();
  await locker?.connect();
  try {
    for (const s of lockSchemas) await locker?.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, s]);
    const waitedMs = Date.now() - started;
    await ensureSchema(o.url, o.schema);
    const ds = new DataSource({ ...agentDataSourceOptions({ ...o, poolSize: 2 }), migrationsRun: false });
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      const applied = ran.map((m) => m.name);
      o.log?.(applied.length ? 'migrations applied' : 'schema up to date', { schema: o.schema, applied, waitedMs });
      return { schema: o.schema, applied, waitedMs };
    } finally {
      await ds.destroy();
    }
  } finally {
    if (locker) {
      await locker.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await locker.end().catch(() => undefined);
    }
  }
}
