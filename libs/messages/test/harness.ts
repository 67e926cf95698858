import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  AmqpBroker,
  type BrokerPort,
  type InboundEnvelope,
  MemoryBroker,
  MeshNode,
  type MeshNodeOptions,
  MeshTopology,
  messagingMigration,
  type OpenEventMap,
  type OpenTaskMap,
  schemaForAgent,
} from '@mt/messages';

/** The transport's own tests send made-up task and event types: their nodes take any (ADR 134). */
export type OpenMeshNode = MeshNode<OpenTaskMap, OpenEventMap>;
import { createTestDatabase, type TestDatabase } from '../../../test/support/pg';
import { testAmqpUrl, testNamespace } from '../../../test/support/amqp';

export type TransportKind = 'amqp' | 'memory';
export const TRANSPORTS: TransportKind[] = ['amqp', 'memory'];

/** A table the test handlers write their effects into, to count how many times a message took effect. */
function effectsMigration(schema: string): new () => MigrationInterface {
  return class TestEffects1763900000001 implements MigrationInterface {
    name = 'TestEffects1763900000001';
    async up(q: QueryRunner) {
      await q.query(`CREATE TABLE "${schema}".effects (id bigserial PRIMARY KEY, message_id uuid NOT NULL, note text NOT NULL)`);
    }
    async down(q: QueryRunner) {
      await q.query(`DROP TABLE "${schema}".effects`);
    }
  };
}

export async function openSchemaDataSource(url: string, schema: string): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrationsTableName: 'migrations',
    migrations: [messagingMigration(schema), effectsMigration(schema)],
    extra: { max: 4 },
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await ds.runMigrations();
  return ds;
}

export function newBroker(kind: TransportKind, url = process.env.MT_TEST_AMQP_URL): BrokerPort {
  if (kind === 'memory') return new MemoryBroker();
  // The apps' own confirm deadline: a burst of hundreds of publishes on a loaded machine waits
  // longer than 2 s for the broker's confirms, and how fast confirms come is not what these tests are about.
  return new AmqpBroker({ url: url ?? testAmqpUrl(), connectionName: 'test', publishTimeoutMs: 10_000 });
}

/** One test's mesh: a database, a broker, a namespace, and the nodes started in it. */
export class MeshHarness {
  readonly topology: MeshTopology;
  readonly nodes: OpenMeshNode[] = [];
  private readonly dataSources: DataSource[] = [];
  private readonly brokers: BrokerPort[] = [];

  private constructor(
    readonly kind: TransportKind,
    readonly db: TestDatabase,
    readonly broker: BrokerPort,
  ) {
    this.topology = new MeshTopology(testNamespace(kind), { baseDelayMs: 40, factor: 2, maxDelayMs: 2_000 }, 5);
    this.brokers.push(broker);
  }

  static async create(kind: TransportKind): Promise<MeshHarness> {
    const db = await createTestDatabase(`mesh${kind}`);
    const broker = newBroker(kind);
    if (broker instanceof AmqpBroker) await broker.waitForConnect();
    return new MeshHarness(kind, db, broker);
  }

  /** A second broker connection (AMQP) or the same in-process broker (memory). */
  async extraBroker(url?: string): Promise<BrokerPort> {
    if (this.kind === 'memory') return this.broker;
    const b = newBroker('amqp', url);
    this.brokers.push(b);
    if (!url) await (b as AmqpBroker).waitForConnect();
    return b;
  }

  async node(agent: string, opts: Partial<Omit<MeshNodeOptions, 'agent' | 'schema' | 'topology' | 'dataSource'>> = {}): Promise<OpenMeshNode> {
    const schema = schemaForAgent(agent);
    const ds = await openSchemaDataSource(this.db.url, schema);
    this.dataSources.push(ds);
    const node = new MeshNode<OpenTaskMap, OpenEventMap>({
      agent,
      schema,
      broker: opts.broker ?? this.broker,
      topology: this.topology,
      dataSource: ds,
      routes: opts.routes ?? {},
      relayPollMs: 100,
      rpcTimeoutMs: 2_000,
      ...opts,
    });
    this.nodes.push(node);
    return node;
  }

  /** Records an effect in the handling agent's schema, inside the handler's transaction. */
  static async recordEffect(node: OpenMeshNode, env: InboundEnvelope, note = 'done'): Promise<void> {
    const schema = node.options.schema;
    await node.uow.manager().query(`INSERT INTO "${schema}".effects (message_id, note) VALUES ($1, $2)`, [env.message_id, note]);
  }

  static async effects(node: OpenMeshNode): Promise<{ message_id: string; note: string }[]> {
    return node.options.dataSource.query(`SELECT message_id, note FROM "${node.options.schema}".effects ORDER BY id`);
  }

  async close(): Promise<void> {
    for (const n of this.nodes) await n.stop().catch(() => undefined);
    for (const b of this.brokers) await b.close().catch(() => undefined);
    for (const ds of this.dataSources) await ds.destroy().catch(() => undefined);
    await this.db.drop().catch(() => undefined);
  }
}

/** Polls until check() returns a truthy value, or fails with the message after timeoutMs. */
export async function eventually<T>(check: () => Promise<T> | T, message: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out: ${message}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
