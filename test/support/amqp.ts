import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { AGENTS, MeshTopology } from '@mt/messages';

/** The run's RabbitMQ vhost (created in global-setup). */
export function testAmqpUrl(): string {
  const url = process.env.MT_TEST_AMQP_URL;
  if (!url) throw new Error('MT_TEST_AMQP_URL is not set: the Jest global setup did not run');
  return url;
}

/** A namespace for exchange and queue names, unique to one test, so files running in parallel never share a queue. */
export function testNamespace(label = 't'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/**
 * Deletes the queues and exchanges of one namespace. Every quorum queue is a Raft cluster that
 * RabbitMQ keeps running (and recovers at boot) until it is deleted: a run that starts dozens of
 * platforms must not leave hundreds of them behind until its vhost is dropped.
 */
export async function deleteNamespace(topology: MeshTopology): Promise<void> {
  const conn = await amqp.connect(testAmqpUrl());
  try {
    for (const agent of [...AGENTS, 'gateway']) {
      const names = [
        topology.agentQueue(agent),
        topology.rpcQueue(agent),
        topology.deadQueue(agent),
        ...topology.retryDelays().map((d) => topology.retryQueue(agent, d)),
      ];
      const ch = await conn.createChannel();
      for (const name of names) await ch.deleteQueue(name);
      await ch.close();
    }
    const ch = await conn.createChannel();
    for (const ex of [topology.tasksExchange, topology.eventsExchange, topology.deadExchange]) await ch.deleteExchange(ex);
    await ch.close();
  } finally {
    await conn.close();
  }
}
