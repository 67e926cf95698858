import type { DataSource } from 'typeorm';
import { type Actor, type BrandRole, MemoryBroker, MeshNode, MeshTopology, TASK_ROUTES, type UnitOfWork } from '@mt/messages';
import { type AgentDatabaseOptions, openAgentDataSource } from '@mt/runtime';
import { BrandAccessService } from '@mt/replicas';
import { createTestDatabase, type TestDatabase } from './pg';

/** What an agent's medium tests need to know about it (each agent's `test/medium.ts` names it once). */
export interface MediumAgent {
  agent: string;
  schema: string;
  entities: AgentDatabaseOptions['entities'];
  migrations: AgentDatabaseOptions['migrations'];
}

export interface MediumOptions {
  /** Names the test database (`mt_<run>_<label>_<random>`), so a leftover one says whose it was. */
  label: string;
  poolSize?: number;
  /** Start the node's sender (outbox relay) so tasks and RPCs can be sent; off by default. */
  sender?: boolean;
  /** The broker the node uses (a fresh in-memory one by default); pass one to join other nodes. */
  broker?: MemoryBroker;
}

/**
 * One agent on a real PostgreSQL database of its own, migrated by the agent's own migrations,
 * with a mesh node on an in-memory broker: the seam every medium test of an agent builds on
 * (repositories and services get `ctx.uow`; access checks read `ctx.access`).
 */
export interface MediumContext {
  readonly db: TestDatabase;
  readonly ds: DataSource;
  readonly node: MeshNode;
  readonly uow: UnitOfWork;
  readonly broker: MemoryBroker;
  readonly topology: MeshTopology;
  /** The agent's brand-access replica (ADR 025): what `grant` writes and access checks read. */
  readonly access: BrandAccessService;
  /** Records an actor's role on a brand in the replica, as brand-agent's `brand.access.changed` would (null: no access). */
  grant(brandId: string, actor: Actor, role: BrandRole | null): Promise<void>;
  /** Stops the node, closes the pool and drops the database. */
  stop(): Promise<void>;
}

export async function newMediumContext(agent: MediumAgent, o: MediumOptions): Promise<MediumContext> {
  const db = await createTestDatabase(o.label);
  const ds = await openAgentDataSource({ url: db.url, schema: agent.schema, entities: agent.entities, migrations: agent.migrations, poolSize: o.poolSize });
  const broker = o.broker ?? new MemoryBroker();
  const topology = new MeshTopology('t');
  const node = new MeshNode({ agent: agent.agent, schema: agent.schema, broker, topology, dataSource: ds, routes: TASK_ROUTES });
  if (o.sender) await node.startSender();
  const access = new BrandAccessService(agent.schema, node.uow, node.client);
  return {
    db,
    ds,
    node,
    uow: node.uow,
    broker,
    topology,
    access,
    grant: (brandId, actor, role) => access.record({ brandId, userId: actor.userId, role, changedAt: new Date().toISOString() }),
    async stop() {
      await node.stop();
      await ds.destroy();
      await db.drop();
    },
  };
}
