import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { embeddedDataDir } from '../../../../test/support/embedded';
import { EmbeddedPostgres } from './embedded-postgres';

/** The embedded database serves several clients at once, as the apps of `npm start` use it. */
describe('EmbeddedPostgres', () => {
  let dir: string;
  let pg: EmbeddedPostgres;
  beforeAll(async () => {
    // A copy of the run's migrated database: an initdb from nothing is not what this is about.
    dir = embeddedDataDir('pglite');
    pg = await EmbeddedPostgres.start(dir);
  });
  afterAll(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each client’s parameterised queries whole while others run transactions and simple queries', async () => {
    const connect = async () => {
      const c = new Client({ connectionString: pg.url });
      await c.connect();
      return c;
    };
    const clients = await Promise.all(Array.from({ length: 8 }, connect));
    await clients[0].query('CREATE TABLE t (n int)');
    try {
      const answers = await Promise.all(
        clients.map(async (c, n) => {
          const seen: number[] = [];
          for (let i = 0; i < 80; i++) {
            if (n % 3 === 1) {
              // Explicit transactions sent as simple queries, like TypeORM's BEGIN/COMMIT.
              await c.query('BEGIN');
              await c.query('INSERT INTO t (n) VALUES ($1)', [i]);
              await c.query('COMMIT');
            } else if (n % 3 === 2) {
              await c.query('SELECT 1');
            }
            // A different statement per client: another client's statement or portal would show.
            const { rows } = await c.query<{ v: number }>(`SELECT $1::int + $2::int + ${n} - ${n} AS v`, [n * 1000, i]);
            seen.push(rows[0].v);
          }
          return seen;
        }),
      );
      answers.forEach((seen, n) => expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => n * 1000 + i)));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
