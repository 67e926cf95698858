/**
 * A worker process for the crash test: it handles one task, commits, tells its parent, and waits
 * to be killed before it can acknowledge.
 */
import 'reflect-metadata';
import { AmqpBroker, MeshNode, MeshTopology, type OpenEventMap, type OpenTaskMap } from '@mt/messages';
import { openSchemaDataSource } from './harness';

async function main() {
  const [amqpUrl, dbUrl, namespace] = process.argv.slice(2);
  const broker = new AmqpBroker({ url: amqpUrl, connectionName: 'child' });
  await broker.waitForConnect();
  const ds = await openSchemaDataSource(dbUrl, 'worker');
  const node = new MeshNode<OpenTaskMap, OpenEventMap>({
    agent: 'worker',
    schema: 'worker',
    broker,
    topology: new MeshTopology(namespace, { baseDelayMs: 40, factor: 2, maxDelayMs: 2_000 }, 5),
    dataSource: ds,
    routes: {},
    hooks: {
      afterCommit: async () => {
        process.send?.('committed');
        await new Promise(() => undefined);
      },
    },
  });
  node.handlers.add({
    kind: 'task',
    type: 'test.work',
    options: {},
    handle: async (env) => {
      await node.uow.manager().query(`INSERT INTO worker.effects (message_id, note) VALUES ($1, 'child')`, [env.message_id]);
    },
  });
  await node.start();
  process.send?.('ready');
}

void main();
