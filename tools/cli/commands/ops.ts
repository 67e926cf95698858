import { randomBytes } from 'node:crypto';
import { ConfigError, JsonLogger, loadRuntimeConfig } from '@mt/runtime';
import { CliError, EXIT } from './output';

/** `migrate [apps…]`: the same migrations as `npm run migrate`, under each schema's advisory lock. */
export async function migrate(apps: string[]): Promise<{ migrated: string[] }> {
  const config = loadRuntimeConfig(process.env);
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required to migrate (the embedded default migrates itself at start)');
  const { SEATS, migrateApp } = await import('../migrate');
  const unknown = apps.filter((name) => !SEATS.some((s) => s.name === name));
  if (unknown.length) throw new CliError(EXIT.USAGE, 'VALIDATION_FAILED', `unknown app ${unknown.join(', ')} (one of ${SEATS.map((s) => s.name).join(', ')})`);
  const logger = new JsonLogger('migrate', 'silent');
  const migrated: string[] = [];
  for (const seat of SEATS.filter((s) => apps.length === 0 || apps.includes(s.name))) {
    await migrateApp(config.databaseUrl, seat, logger);
    migrated.push(seat.name);
  }
  return { migrated };
}

export interface DeadLetterView {
  id: string;
  createdAt: string;
  messageType: string | null;
  errorCode: string;
  attempts: number;
  replayedAt: string | null;
  replayCount: number;
  reason: string;
}

/** Runs `fn` with the dead-letter service of one agent (DATABASE_URL, AMQP_URL, MESH_NAMESPACE). */
export async function withDeadLetters<T>(
  agent: string,
  fn: (service: import('@mt/messages').DeadLetterService, connected: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const config = loadRuntimeConfig(process.env);
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for dead letters (they live in the shared PostgreSQL)');
  if (!config.amqpUrl) throw new ConfigError('AMQP_URL', 'is required to replay dead letters onto RabbitMQ');
  await import('reflect-metadata');
  const { DataSource } = await import('typeorm');
  const { AmqpBroker, DeadLetterService, MeshTopology, MessageStore, schemaForAgent } = await import('@mt/messages');
  const ds = new DataSource({ type: 'postgres', url: config.databaseUrl });
  await ds.initialize();
  const broker = new AmqpBroker({ url: config.amqpUrl, connectionName: 'marketing-team-cli' });
  try {
    const service = new DeadLetterService(broker, new MeshTopology(config.mesh.namespace), new MessageStore(ds, schemaForAgent(agent)), agent);
    return await fn(service, () => broker.waitForConnect());
  } finally {
    await broker.close();
    await ds.destroy();
  }
}

export function viewOf(r: {
  id: string;
  createdAt: Date;
  messageType: string | null;
  errorCode: string;
  attempts: number;
  replayedAt: Date | null;
  replayCount: number;
  reason: string;
}): DeadLetterView {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    messageType: r.messageType,
    errorCode: r.errorCode,
    attempts: r.attempts,
    replayedAt: r.replayedAt ? r.replayedAt.toISOString() : null,
    replayCount: r.replayCount,
    reason: r.reason,
  };
}

/** A strong password for `create-user` when none is given: shown once. */
export function generatedPassword(): string {
  return randomBytes(18).toString('base64url');
}
