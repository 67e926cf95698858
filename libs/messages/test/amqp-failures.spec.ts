import { fork } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AmqpBroker } from '@mt/messages';
import { testAmqpUrl } from '../../../test/support/amqp';
import { TcpProxy, viaProxy } from '../../../test/support/tcp-proxy';
import { eventually, MeshHarness, sleep } from './harness';

describe('RabbitMQ failures', () => {
  let h: MeshHarness;
  beforeEach(async () => {
    h = await MeshHarness.create('amqp');
  });
  afterEach(async () => {
    await h.close();
  });

  it('keeps an event committed while the broker was unreachable and publishes it when the connection returns', async () => {
    const listener = await h.node('listener');
    const heard: unknown[] = [];
    listener.handlers.add({ kind: 'event', type: 'test.saved', options: {}, handle: async (env) => void heard.push(env.payload) });
    await listener.start();

    const proxy = new TcpProxy('127.0.0.1', Number(new URL(testAmqpUrl()).port || 5672));
    const port = await proxy.start();
    try {
      const producerBroker = (await h.extraBroker(viaProxy(testAmqpUrl(), port))) as AmqpBroker;
      await producerBroker.waitForConnect();
      const producer = await h.node('producer', { broker: producerBroker, relayPollMs: 100 });
      await producer.startSender();

      await proxy.cut();
      await eventually(() => !producerBroker.isConnected(), 'the producer to notice the broker is gone');
      await producer.uow.transaction(async () => {
        await producer.uow.manager().query(`INSERT INTO producer.effects (message_id, note) VALUES ($1, 'offline')`, [randomUUID()]);
        producer.uow.publishEvent('test.saved', { while: 'offline' });
      });
      await sleep(500);
      expect(heard).toEqual([]);
      expect(await producer.store.countUnpublished()).toBe(1);

      await proxy.restore();
      await eventually(() => heard.length === 1, 'the event after the broker came back', 20_000);
      expect(heard).toEqual([{ while: 'offline' }]);
      await eventually(async () => (await producer.store.countUnpublished()) === 0, 'outbox row marked published');
      await sleep(300);
      expect(heard).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  it('redelivers to another process the task of a worker process killed after commit and before ack, with one effect', async () => {
    const child = fork(path.join(__dirname, 'child-consumer.ts'), [testAmqpUrl(), h.db.url, h.topology.namespace], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const messages: string[] = [];
    child.on('message', (m) => messages.push(String(m)));
    try {
      await eventually(() => messages.includes('ready'), 'the worker process to start', 20_000);
      const sender = await h.node('sender', { routes: { 'test.work': 'worker' } });
      await sender.startSender();
      const sent = await sender.client.dispatch('test.work', {});
      await eventually(() => messages.includes('committed'), 'the worker process to commit');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const redelivered: string[] = [];
      const worker = await h.node('worker', {
        hooks: { afterCommit: (envs) => void redelivered.push(...envs.map((e) => e.message_id)) },
      });
      let ranAgain = 0;
      worker.handlers.add({ kind: 'task', type: 'test.work', options: {}, handle: async () => void ranAgain++ });
      await worker.start();
      // the redelivery is recognised and acknowledged: the queue drains
      await eventually(() => redelivered.includes(sent.message_id), 'the redelivery to the new worker');
      await sleep(500);
      expect((await MeshHarness.effects(worker)).map((e) => [e.message_id, e.note])).toEqual([[sent.message_id, 'child']]);
      expect(ranAgain).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
