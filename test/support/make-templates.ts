/**
 * Run once per test run by the Jest global set-up, in its own process: boots the whole system in
 * each mode on fresh storage, so every migration of every agent has run, then stops it. Each test
 * platform then starts from a copy of that storage (a PGlite data directory copied, a PostgreSQL
 * database cloned with CREATE DATABASE … TEMPLATE) instead of running initdb and ~40 migrations
 * again: a restart on migrated data, which production does on every deploy.
 *
 * Usage: make-templates.ts embedded <data dir> | services <database url> (MT_TEST_AMQP_URL and
 * MT_TEST_REDIS_URL in the environment). One mode per process: PGlite's start-up holds the event
 * loop for seconds, long enough to miss a broker heartbeat in the same process on a loaded machine.
 */
import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { AGENTS, MeshTopology } from '@mt/messages';
import { loadRuntimeConfig, Runtime } from '@mt/runtime';
import { startPlatform } from '../../tools/run/platform';

const JWT_SECRET = 'template-secret-that-is-long-enough-for-hs256-signing';

async function boot(env: Record<string, string | undefined>): Promise<void> {
  const namespace = `tpl-${randomBytes(4).toString('hex')}`;
  const config = loadRuntimeConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', JWT_SECRET, MESH_NAMESPACE: namespace, ...env });
  const runtime = await Runtime.start(config, 'test-template');
  const platform = await startPlatform(runtime, { listen: false });
  await platform.stop();
  if (env.AMQP_URL) await deleteQueues(env.AMQP_URL, runtime.topology);
}

/** The template's queues are of no use to the tests: quorum queues left behind would keep running. */
async function deleteQueues(url: string, topology: MeshTopology): Promise<void> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    for (const agent of [...AGENTS, 'gateway']) {
      for (const q of [
        topology.agentQueue(agent),
        topology.rpcQueue(agent),
        topology.deadQueue(agent),
        ...topology.retryDelays().map((d) => topology.retryQueue(agent, d)),
      ]) {
        await ch.deleteQueue(q);
      }
    }
    for (const ex of [topology.tasksExchange, topology.eventsExchange, topology.deadExchange]) await ch.deleteExchange(ex);
    await ch.close();
  } finally {
    await conn.close();
  }
}

async function main(): Promise<void> {
  const [mode, target] = process.argv.slice(2);
  if (mode === 'embedded' && target) return boot({ DATA_DIR: target });
  if (mode === 'services' && target) {
    return boot({
      DATABASE_URL: target,
      AMQP_URL: process.env.MT_TEST_AMQP_URL,
      REDIS_URL: process.env.MT_TEST_REDIS_URL,
      REDIS_PREFIX: `mt-test:tpl-${randomBytes(3).toString('hex')}:`,
    });
  }
  throw new Error('usage: make-templates.ts embedded <data dir> | services <database url>');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
