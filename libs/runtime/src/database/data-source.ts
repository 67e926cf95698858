import { Client } from 'pg';
import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';
import { messagingMigration } from '@mt/messages';

type EntityClass = abstract new (...args: never[]) => unknown;

export interface AgentDatabaseOptions {
  url: string;
  /** The agent's own schema: its tables, its outbox/inbox/dead letters, its migrations table. */
  schema: string;
  entities: (EntityClass | EntitySchema)[];
  /** The agent's migrations, run after the messaging tables' migration. */
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
  /**
   * Keep idle connections open instead of closing them after pg's 10 s (the embedded mode, ADR 204):
   * to the in-process PGlite a connection costs nothing to hold, while the idle pollers of every app,
   * each looking every 15–30 s, would otherwise reconnect (socket, start-up, authentication) on
   * almost every look. The pool stays bounded by poolSize.
   */
  keepIdleConnections?: boolean;
}

/** The TypeORM options of one agent's connection. `synchronize` is never on: migrations own the schema. */
export function agentDataSourceOptions(o: AgentDatabaseOptions) {
  return {
    type: 'postgres' as const,
    url: o.url,
    schema: o.schema,
    entities: o.entities,
    migrations: [messagingMigration(o.schema), ...o.migrations],
    migrationsTableName: 'migrations',
    migrationsRun: true,
    synchronize: false,
    // pg-pool: idleTimeoutMillis 0 never closes an idle connection.
    extra: o.keepIdleConnections ? { max: o.poolSize ?? 10, idleTimeoutMillis: 0 } : { max: o.poolSize ?? 10 },
  };
}

/**
 * Creates the agent's schema before TypeORM runs migrations: TypeORM keeps its migrations table in
 * the schema, so the schema must exist first. Idempotent; safe for concurrent replicas.
 */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two replicas creating the same schema at once: the loser's unique violation is harmless.
    if ((err as { code?: string }).code !== '23505') throw err;
  } finally {
    await c.end();
  }
}

/** Opens an agent's DataSource outside Nest (tools, tests): schema, then migrations. */
export async function openAgentDataSource(o: AgentDatabaseOptions): Promise<DataSource> {
  await ensureSchema(o.url, o.schema);
  const ds = new DataSource(agentDataSourceOptions(o));
  await ds.initialize();
  return ds;
}
