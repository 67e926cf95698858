import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The run's migrated database (made by the global set-up). */
function migratedTemplate(): string {
  const name = process.env.MT_TEST_PG_TEMPLATE;
  if (!name) throw new Error('MT_TEST_PG_TEMPLATE is not set: the Jest global setup did not run');
  return name;
}

const adminUrl = () => process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh PostgreSQL database for one test file; dropped by drop() or at the end of the run.
 * Empty, or with `fromTemplate` a copy of the run's migrated template (every agent's schema).
 */
export async function createTestDatabase(label = 'db', opts: { fromTemplate?: boolean } = {}): Promise<TestDatabase> {
  const runId = process.env.MT_TEST_RUN_ID ?? 'local';
  const name = `mt_${runId}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(opts.fromTemplate ? `create database "${name}" template "${migratedTemplate()}"` : `create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * `manager` with its `query` counted: what a repository is given to show how many statements a
 * call makes. `count()` answers the statements so far.
 */
export function countingQueries<T extends { query: (...args: never[]) => unknown }>(manager: T): { manager: T; count: () => number } {
  let statements = 0;
  const counted = new Proxy(manager, {
    get: (target, prop, receiver) =>
      prop === 'query'
        ? (...args: Parameters<T['query']>) => {
            statements++;
            return target.query(...args);
          }
        : Reflect.get(target, prop, receiver),
  });
  return { manager: counted, count: () => statements };
}
