/**
 * Operator CLI for dead letters (RabbitMQ + PostgreSQL mode).
 *
 *   npm run dlq -- list <agent> [--all] [--limit N]
 *   npm run dlq -- show <agent> <id>
 *   npm run dlq -- replay <agent> <id>
 *   npm run dlq -- replay-all <agent>
 *
 * Settings: DATABASE_URL, AMQP_URL, MESH_NAMESPACE (default "mt").
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AmqpBroker, DeadLetterService, MeshTopology, MessageStore, schemaForAgent } from '@mt/messages';

const env = z
  .object({
    DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
    AMQP_URL: z.string().url({ message: 'AMQP_URL must be an amqp:// URL' }),
    MESH_NAMESPACE: z.string().default('mt'),
  })
  .safeParse(process.env);

function usage(): never {
  console.error('usage: npm run dlq -- list <agent> [--all] [--limit N] | show <agent> <id> | replay <agent> <id> | replay-all <agent>');
  process.exit(2);
}

async function main() {
  if (!env.success) {
    for (const i of env.error.issues) console.error(`setting ${i.path.join('.')}: ${i.message}`);
    process.exit(2);
  }
  const [command, agent, arg] = process.argv.slice(2);
  if (!command || !agent) usage();
  const ds = new DataSource({ type: 'postgres', url: env.data.DATABASE_URL });
  await ds.initialize();
  const broker = new AmqpBroker({ url: env.data.AMQP_URL, connectionName: 'dlq-cli' });
  try {
    const store = new MessageStore(ds, schemaForAgent(agent));
    const service = new DeadLetterService(broker, new MeshTopology(env.data.MESH_NAMESPACE), store, agent);
    switch (command) {
      case 'list': {
        const limitAt = process.argv.indexOf('--limit');
        const rows = await service.list({
          includeReplayed: process.argv.includes('--all'),
          limit: limitAt > 0 ? Number(process.argv[limitAt + 1]) : 50,
        });
        for (const r of rows) {
          console.log(
            [
              r.id,
              r.createdAt.toISOString(),
              r.messageType ?? '-',
              r.errorCode,
              `attempts=${r.attempts}`,
              r.replayedAt ? `replayed×${r.replayCount}` : 'waiting',
              r.reason,
            ].join('  '),
          );
        }
        console.log(`${rows.length} dead letter(s)`);
        break;
      }
      case 'show': {
        if (!arg) usage();
        const r = await service.get(arg);
        if (!r) throw new Error(`no dead letter ${arg}`);
        console.log(JSON.stringify({ ...r, body: safeJson(r.body) }, null, 2));
        break;
      }
      case 'replay': {
        if (!arg) usage();
        await broker.waitForConnect();
        const r = await service.replay(arg);
        console.log(`replayed ${r.id} (${r.messageType ?? 'unknown type'}) to ${agent}`);
        break;
      }
      case 'replay-all': {
        await broker.waitForConnect();
        const rows = await service.list({ limit: 1000 });
        let ok = 0;
        for (const r of rows) {
          try {
            await service.replay(r.id);
            ok++;
          } catch (err) {
            console.error(`${r.id}: ${(err as Error).message}`);
          }
        }
        console.log(`replayed ${ok} of ${rows.length}`);
        break;
      }
      default:
        usage();
    }
  } finally {
    await broker.close();
    await ds.destroy();
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
