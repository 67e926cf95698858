import { type ChildProcess, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  // The shared platforms first (ADR 172): they use the vhost, databases and scratch folder removed below.
  await stopSharedPlatforms();
  const vhost = process.env.MT_TEST_AMQP_VHOST;
  if (vhost) {
    try {
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
    } catch {
      // A vhost left behind holds no data that matters; the next run uses its own.
    }
  }
  // The template and any data directory a crashed test file left behind.
  const scratch = process.env.MT_TEST_SCRATCH;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  const runId = process.env.MT_TEST_RUN_ID;
  if (!runId) return;
  const pg = new Client({ connectionString: process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`mt_${runId}_%`]);
    for (const { datname } of rows) {
      await pg.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await pg.end();
  }
}

/**
 * Stops the shared platforms the global set-up started (SIGTERM: each destroys its platform and
 * exits), and waits for their exit; one that has not gone after 60 s is killed.
 */
async function stopSharedPlatforms(): Promise<void> {
  const children = ((globalThis as Record<symbol, unknown>)[Symbol.for('mt.test.sharedPlatformProcesses')] ?? []) as ChildProcess[];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  children.length = 0;
}
