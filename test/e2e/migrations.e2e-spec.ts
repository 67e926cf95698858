import { Client } from 'pg';
import { JsonLogger, loadRuntimeConfig } from '@mt/runtime';
import { migrateApp, SEATS } from '../../tools/cli/migrate';
import { createTestDatabase, type TestDatabase } from '../support/pg';

/** Replicas of one agent starting together on an empty database migrate it once, one at a time. */
describe('migrations under an advisory lock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migrate');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('four replicas of creation-agent at once: one migration run, all succeed, nothing logged as an error', async () => {
    const seat = SEATS.find((s) => s.name === 'creation-agent');
    if (!seat) throw new Error('creation-agent has no seat');
    const lines: Record<string, unknown>[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Record<string, unknown>);
      return write(chunk, ...(rest as []));
    });
    let results;
    try {
      // Four loggers, four sets of connections: four replicas.
      results = await Promise.all([1, 2, 3, 4].map((i) => migrateApp(db.url, seat, new JsonLogger(`creation-agent-${i}`, 'info'))));
    } finally {
      spy.mockRestore();
    }
    const ran = results.filter((r) => r.applied.length > 0);
    expect(ran).toHaveLength(1);
    expect(ran[0].applied.length).toBeGreaterThan(1);
    expect(results.filter((r) => r.applied.length === 0)).toHaveLength(3);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(lines.filter((l) => l.msg === 'migrations applied')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'schema up to date')).toHaveLength(3);

    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const rows = await c.query('SELECT name, count(*)::int AS n FROM creation.migrations GROUP BY name');
      expect(rows.rows.length).toBe(ran[0].applied.length);
      expect(rows.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
      // No lock is left behind in this database. pg_locks lists the whole server's: other test
      // files' platforms (the run's shared ones, ADR 172) take advisory locks in their databases.
      const locks = await c.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      expect(locks.rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  }, 120_000);

  it('a second release finds every schema up to date', async () => {
    const logger = new JsonLogger('migrate', 'silent');
    const seat = SEATS.find((s) => s.name === 'creation-agent');
    if (!seat) throw new Error('creation-agent has no seat');
    expect((await migrateApp(db.url, seat, logger)).applied).toEqual([]);
  });

  it('MIGRATIONS_RUN=false turns start-up migrations off; they are on by default', () => {
    expect(loadRuntimeConfig({}).migrationsRun).toBe(true);
    expect(loadRuntimeConfig({ MIGRATIONS_RUN: 'false' }).migrationsRun).toBe(false);
    expect(() => loadRuntimeConfig({ MIGRATIONS_RUN: 'no' })).toThrow(/MIGRATIONS_RUN/);
  });
});
