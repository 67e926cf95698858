import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  // Every embedded data directory of the run lives under one scratch folder, removed at the end.
  process.env.MT_TEST_SCRATCH = mkdtempSync(path.join(scratchRoot(), `mt-run-${runId}-`));
  await makeTemplates(runId, pgUrl);
}

/**
 * Migrated storage for both modes, made once (see support/make-templates.ts): test platforms copy
 * it instead of migrating from nothing, which was most of each platform's start-up.
 */
async function makeTemplates(runId: string, pgUrl: string): Promise<void> {
  const dir = mkdtempSync(path.join(process.env.MT_TEST_SCRATCH as string, 'template-'));
  const dbName = `mt_${runId}_template`;
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${dbName}"`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(pgUrl);
  dbUrl.pathname = `/${dbName}`;
  const root = path.resolve(__dirname, '..');
  const make = (mode: string, target: string) =>
    new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', path.join(root, 'test/support/make-templates.ts'), mode, target],
        { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 300_000 },
        (err, _stdout, stderr) => (err ? reject(new Error(`Could not prepare the migrated ${mode} template: ${stderr || err.message}`)) : resolve()),
      );
    });
  await Promise.all([make('embedded', dir), make('services', dbUrl.toString())]);
  process.env.MT_TEST_EMBEDDED_TEMPLATE = dir;
  process.env.MT_TEST_PG_TEMPLATE = dbName;
}

/**
 * Where the run's embedded databases go: a RAM-backed /dev/shm where there is one (Linux), else
 * the system's temporary folder; MT_TEST_TMPDIR chooses. Each test platform copies a 44 MB,
 * 1,500-file data directory and removes it afterwards: on a VM's disk that took 3–4 s per
 * platform, in memory 0.15 s (ADR 088).
 */
function scratchRoot(): string {
  if (process.env.MT_TEST_TMPDIR) return process.env.MT_TEST_TMPDIR;
  try {
    if (statSync('/dev/shm').isDirectory()) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // No /dev/shm (macOS, some containers): the disk it is.
  }
  return os.tmpdir();
}
