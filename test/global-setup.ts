import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { connect } from 'amqplib';
import Redis from 'ioredis';
import { sharedStatusFile, type SharedMode } from './support/shared';

/**
 * One RabbitMQ vhost per test run, so concurrent runs on one machine cannot see each other's
 * queues. Each test file then creates its own PostgreSQL database (see support/pg.ts).
 * A service that cannot be reached fails the run here, before any test starts.
 */
export default async function globalSetup(globalConfig?: JestGlobalConfig): Promise<void> {
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
  if (sharedPlatformsWanted(globalConfig)) startSharedPlatforms();
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

/** The parts of Jest's global config the set-up reads. */
interface JestGlobalConfig {
  testPathPatterns?: string[] | { patterns?: string[] };
  findRelatedTests?: boolean;
  onlyChanged?: boolean;
  onlyFailures?: boolean;
  listTests?: boolean;
}

const ROOT = path.resolve(__dirname, '..');

/** The e2e files that use the shared platforms (they call sharedTestPlatform). */
function sharingFiles(): string[] {
  const dir = path.join(ROOT, 'test/e2e');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.e2e-spec.ts'))
    .map((f) => path.join(dir, f))
    .filter((f) => readFileSync(f, 'utf8').includes('sharedTestPlatform('));
}

/**
 * Whether this run may reach a file that shares a platform: a whole run does; a run given paths or
 * patterns does only if one of them matches such a file (a single unit spec starts no platform).
 */
function sharedPlatformsWanted(config?: JestGlobalConfig): boolean {
  if (!config || config.listTests) return !config;
  if (config.findRelatedTests || config.onlyChanged || config.onlyFailures) return true;
  const raw = config.testPathPatterns;
  const patterns = (Array.isArray(raw) ? raw : (raw?.patterns ?? [])).filter(Boolean);
  if (patterns.length === 0) return true;
  const files = sharingFiles();
  return patterns.some((pattern) => {
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'i');
    } catch {
      return true;
    }
    return files.some((f) => re.test(f) || re.test(path.relative(ROOT, f)));
  });
}

/** The shared platforms' processes, for the global teardown (it runs in this process, with its own module registry). */
const SHARED_KEY = Symbol.for('mt.test.sharedPlatformProcesses');
const sharedPlatformProcesses: ChildProcess[] = ((globalThis as Record<symbol, unknown>)[SHARED_KEY] ??= []) as ChildProcess[];

/**
 * One platform per mode for the whole run, each in a process of its own that lives until the
 * global teardown (ADR 172). Not awaited: the files that do not share start at once, and those
 * that do wait for the address in sharedTestPlatform (support/shared.ts). Their pids go to the
 * workers through the environment, as the vhost and templates do.
 */
function startSharedPlatforms(): void {
  for (const mode of ['embedded', 'services'] as SharedMode[]) {
    const status = sharedStatusFile(mode);
    const log = openSync(status.replace(/\.json$/, '.log'), 'a');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'test/support/shared-platform-process.ts'), mode, status], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['pipe', log, log],
    });
    closeSync(log);
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    sharedPlatformProcesses.push(child);
    process.env[`MT_TEST_SHARED_${mode.toUpperCase()}_PID`] = String(child.pid);
  }
}
