import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connect } from 'amqplib';
import Redis from 'ioredis';

/**
 * One RabbitMQ vhost per test run, so concurrent runs on one machine cannot see each other's
 * queues. Each test file then creates its own PostgreSQL database (see support/pg.ts).
 * A service that cannot be reached fails the run here, before any test starts.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.MT_TEST_RUN_ID = runId;
  const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pg = new Client({ connectionString: pgUrl });
  try {
    await pg.connect();
    await pg.query('select 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${pgUrl}: ${(err as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }

  const vhost = `mt-test-${runId}`;
  try {
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`Could not create RabbitMQ vhost ${vhost} with rabbitmqctl: ${(err as Error).message}`);
  }
  const amqpBase = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const amqpUrl = `${amqpBase}/${encodeURIComponent(vhost)}`;
  try {
    const conn = await connect(amqpUrl);
    await conn.close();
  } catch (err) {
    throw new Error(`RabbitMQ is not reachable at ${amqpBase}: ${(err as Error).message}`);
  }
  process.env.MT_TEST_AMQP_URL = amqpUrl;
  process.env.MT_TEST_AMQP_VHOST = vhost;

  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis is not reachable at ${redisUrl}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  process.env.MT_TEST_REDIS_URL = redisUrl;
}
