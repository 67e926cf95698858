import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { AiModuleOptions } from '@mt/ai';
import { AmqpBroker, type BrokerPort, enableMeshTracing, MemoryBroker, MESH_TRACER, MeshTopology } from '@mt/messages';
import type { RuntimeConfig } from './config/runtime-config';
import { EmbeddedPostgres } from './database/embedded-postgres';
import type { KeyValueStore } from './kv/key-value.store';
import { MemoryKeyValueStore } from './kv/memory.store';
import { RedisKeyValueStore } from './kv/redis.store';
import { JsonLogger } from './logging/json-logger';
import { Metrics } from './metrics/metrics';
import { ownedSpans, stopTelemetry, telemetryStarted } from './telemetry';

/**
 * The shared services of one process: database URL, broker, key-value store, mesh topology, logger.
 * In the embedded mode every app of the process shares one instance (one PGlite, one in-process
 * broker, one memory store); in the distributed mode each process has its own connections.
 */
export class Runtime {
  /** Seams of libs/ai for tests and benchmarks (a provider, a clock); production leaves them empty. */
  aiOptions: AiModuleOptions = {};
  /** Set when the process starts stopping: readiness answers 503 from then on. */
  draining = false;

  private constructor(
    readonly config: RuntimeConfig,
    readonly databaseUrl: string,
    readonly broker: BrokerPort,
    readonly kv: KeyValueStore,
    readonly topology: MeshTopology,
    readonly logger: JsonLogger,
    readonly jwtSecret: string,
    private readonly embeddedPostgres: EmbeddedPostgres | null,
    readonly metrics: Metrics,
    /** AES-256 key (base64) for channel credentials: CREDENTIALS_KEY, else one generated into DATA_DIR. */
    readonly credentialsKey: string,
  ) {}

  get embedded(): boolean {
    return this.broker.kind === 'memory';
  }

  /** Whether the database is the in-process PGlite (no DATABASE_URL). */
  get embeddedDatabase(): boolean {
    return this.embeddedPostgres !== null;
  }

  static async start(config: RuntimeConfig, processName: string): Promise<Runtime> {
    const logger = new JsonLogger(processName, config.logLevel);
    // The SDK was started by the process's first import (telemetry.ts) if an OTLP endpoint is set.
    if (telemetryStarted()) {
      enableMeshTracing(true, { startSpan: ownedSpans(MESH_TRACER) });
      logger.info('traces are exported over OTLP (OTEL_* settings)');
    } else {
      logger.info('traces are not exported: set OTEL_EXPORTER_OTLP_ENDPOINT to export them');
    }
    let embeddedPostgres: EmbeddedPostgres | null = null;
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      embeddedPostgres = await EmbeddedPostgres.start(config.dataDir);
      databaseUrl = embeddedPostgres.url;
      logger.info('embedded PostgreSQL (PGlite) started', { dataDir: path.resolve(config.dataDir, 'postgres') });
    }
    let broker: BrokerPort;
    if (config.amqpUrl) {
      const amqp = new AmqpBroker({ url: config.amqpUrl, connectionName: processName, heartbeatSeconds: config.mesh.heartbeatSeconds });
      await amqp.waitForConnect();
      broker = amqp;
    } else {
      broker = new MemoryBroker();
    }
    const kv: KeyValueStore = config.redisUrl ? new RedisKeyValueStore(config.redisUrl, config.redisPrefix) : new MemoryKeyValueStore();
    if (config.redisUrl && !(await kv.ping())) {
      throw new Error(`Redis is not reachable at REDIS_URL`);
    }
    const jwtSecret = config.auth.jwtSecret ?? localSecret(config.dataDir, 'jwtSecret', () => randomBytes(48).toString('base64url'));
    const credentialsKey = config.credentialsKey ?? localSecret(config.dataDir, 'credentialsKey', () => randomBytes(32).toString('base64'));
    const topology = new MeshTopology(config.mesh.namespace);
    return new Runtime(config, databaseUrl, broker, kv, topology, logger, jwtSecret, embeddedPostgres, new Metrics(processName), credentialsKey);
  }

  async close(): Promise<void> {
    await this.broker.close().catch(() => undefined);
    await this.kv.close().catch(() => undefined);
    await this.embeddedPostgres?.stop().catch(() => undefined);
    await stopTelemetry();
  }
}

/**
 * The embedded mode's secrets (the JWT signing secret, the credentials key): made once and kept in
 * DATA_DIR, so sessions and stored channel credentials survive a restart. The distributed mode
 * sets JWT_SECRET and CREDENTIALS_KEY instead.
 */
function localSecret(dataDir: string, name: 'jwtSecret' | 'credentialsKey', make: () => string): string {
  const file = path.resolve(dataDir, 'secrets.json');
  let saved: Record<string, string> = {};
  if (existsSync(file)) {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    if (saved[name]) return saved[name];
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  writeFileSync(file, JSON.stringify({ ...saved, [name]: value }), { mode: 0o600 });
  return value;
}
