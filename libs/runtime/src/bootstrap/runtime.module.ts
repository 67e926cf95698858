import { Controller, type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';
import { AI_ENTITIES, AI_MIGRATIONS, AiModule } from '@mt/ai';
import { type AgentHealth, MessagingModule, type MessagingModuleOptions, OnTask, SYSTEM_HEALTH, TASK_ROUTES } from '@mt/messages';
import { agentDataSourceOptions, ensureSchema } from '../database/data-source';
import { migrateSchema } from '../database/migrate';
import type { RuntimeConfig } from '../config/runtime-config';
import type { KeyValueStore } from '../kv/key-value.store';
import type { Runtime } from '../runtime';
import { Metrics } from '../metrics/metrics';

export const RUNTIME = Symbol('RUNTIME');
export const KV_STORE = Symbol('KV_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_NAME = Symbol('APP_NAME');
/** The app's own database schema. */
export const APP_SCHEMA = Symbol('APP_SCHEMA');

export interface AppSeat {
  /** 'brand-agent', 'gateway', … */
  name: string;
  /** Its own database schema. */
  schema: string;
  entities: (abstract new (...args: never[]) => unknown | EntitySchema)[];
  migrations: (new () => MigrationInterface)[];
  /**
   * The app calls AI: AiService (libs/ai) becomes injectable, configured from the runtime's AI_*
   * settings, with its log, budgets and cache in the shared `ai` schema (ADR 006).
   */
  ai?: boolean;
}

/** Answers the gateway's readiness probe: this agent consumes, and its database answers. */
@Controller()
export class SystemHealthHandler {
  constructor(
    @Inject(APP_NAME) private readonly agent: string,
    private readonly dataSource: DataSource,
  ) {}

  @OnTask(SYSTEM_HEALTH, { query: true })
  async health(): Promise<AgentHealth> {
    let db = { ok: true } as { ok: boolean; detail?: string };
    try {
      await this.dataSource.query('SELECT 1');
    } catch (err) {
      db = { ok: false, detail: (err as Error).message };
    }
    return { agent: this.agent, status: db.ok ? 'ok' : 'degraded', checks: { database: db } };
  }
}

/** The longest wait of an idle outbox relay between two polls in the one-process system (ADR 204; 15 s otherwise, ADR 112). */
export const EMBEDDED_RELAY_IDLE_MAX_MS = 60_000;

/**
 * Everything an app gets from its process: the runtime's services as injectables, its own
 * TypeORM connection (its schema, migrations run at start-up), and its seat on the mesh.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forApp(runtime: Runtime, seat: AppSeat): DynamicModule {
    const { entities, migrations } = seatDatabase(seat);
    const aiOptions = {
      ...runtime.aiOptions,
      runtime: { ...runtime.aiOptions.runtime, observer: runtime.aiOptions.runtime?.observer ?? runtime.metrics.aiObserver() },
    };
    const ai = seat.ai ? [AiModule.forRoot(runtime.config.ai, aiOptions)] : [];
    return {
      module: RuntimeModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            const db = {
              url: runtime.databaseUrl,
              schema: seat.schema,
              entities,
              migrations,
              // PGlite serves one session: keep each app's pool small in the embedded mode.
              poolSize: runtime.embedded ? 2 : 10,
              // To the in-process PGlite, keep the connections: reconnecting on every idle poll was most
              // of what those polls cost (ADR 204).
              keepIdleConnections: runtime.embeddedDatabase,
            };
            // Replicas starting together migrate one at a time (advisory lock per schema); a release
            // job that migrates first (MIGRATIONS_RUN=false) leaves nothing to do here. The embedded
            // mode is one process on one PGlite session: its connection migrates as it opens.
            const migrateAtStart = runtime.config.migrationsRun;
            if (migrateAtStart && !runtime.embedded) {
              await migrateSchema({
                ...db,
                lockSchemas: seatDatabase(seat).lockSchemas,
                log: (msg, meta) => runtime.logger.child(seat.name).info(msg, meta),
              });
            } else if (migrateAtStart) {
              await ensureSchema(db.url, db.schema);
            }
            return {
              ...agentDataSourceOptions(db),
              migrationsRun: migrateAtStart && runtime.embedded,
              retryAttempts: 3,
              retryDelay: 1_000,
            };
          },
        }),
        MessagingModule.forApp(seatMeshOptions(runtime, seat)),
        ...ai,
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: KV_STORE, useValue: runtime.kv },
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: APP_NAME, useValue: seat.name },
        { provide: APP_SCHEMA, useValue: seat.schema },
        { provide: Metrics, useValue: runtime.metrics },
      ],
      exports: [RUNTIME, KV_STORE, APP_CONFIG, APP_NAME, APP_SCHEMA, Metrics, MessagingModule, TypeOrmModule, ...ai],
    };
  }
}

export type { KeyValueStore, RuntimeConfig };

/** An app's seat on the mesh: its schema, the runtime's broker and mesh settings. */
export function seatMeshOptions(runtime: Runtime, seat: AppSeat): MessagingModuleOptions {
  const mesh = runtime.config.mesh;
  return {
    agent: seat.name,
    schema: seat.schema,
    broker: runtime.broker,
    topology: runtime.topology,
    routes: TASK_ROUTES,
    prefetch: mesh.prefetch,
    batchSize: mesh.batchSize,
    concurrency: runtime.embedded ? 1 : mesh.concurrency,
    unbatchedConcurrency: mesh.unbatchedConcurrency,
    rpcTimeoutMs: mesh.rpcTimeoutMs,
    // One process (in-process transport): every outbox row is this process's, published by its
    // fast path after commit; the poller is left with rows whose fast path failed (it then polls
    // every second again) and a previous run's leftovers (taken at start). Idle, once a minute.
    relayIdleMaxMs: runtime.embedded ? EMBEDDED_RELAY_IDLE_MAX_MS : undefined,
    logger: runtime.logger.child(seat.name),
    observer: runtime.metrics.meshObserver(seat.name),
  };
}

/** An app's entities and migrations as its connection sees them (with the shared AI tables when it calls AI). */
export function seatDatabase(seat: AppSeat): Pick<AppSeat, 'entities' | 'migrations'> & { lockSchemas: string[] } {
  return {
    entities: seat.ai ? [...seat.entities, ...AI_ENTITIES] : seat.entities,
    migrations: seat.ai ? [...AI_MIGRATIONS, ...seat.migrations] : seat.migrations,
    lockSchemas: seat.ai ? ['ai', seat.schema] : [seat.schema],
  };
}
