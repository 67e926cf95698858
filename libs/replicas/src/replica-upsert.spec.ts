import { DataSource } from 'typeorm';
import { countingQueries, createTestDatabase, type TestDatabase } from '../../../test/support/pg';
import { type ReplicaTable, tombstone, upsertLatest, upsertLatestMany, upsertLatestReturning } from './replica-upsert';

/** The one latest-wins write every replica uses (ADR 173), on PostgreSQL. */
describe('upsertLatest and tombstone', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const T: ReplicaTable = { table: 'public.thing_replica', key: ['id'], freshness: 'source_updated_at', tombstone: true };
  const read = async (id: string) =>
    ((await ds.query(`SELECT brand_id, status, source_updated_at, deleted_at FROM public.thing_replica WHERE id = $1`, [id])) as Record<string, unknown>[])[0];
  const write = (id: string, status: string, at: string, brand = 'b1') =>
    upsertLatest(
      ds.manager,
      T,
      { id, brand_id: brand, status, source_updated_at: at },
      { insertOnly: ['brand_id'], keepOnTie: (stored) => `${stored}.status = 'approved' AND EXCLUDED.status <> 'approved'` },
    );

  beforeAll(async () => {
    db = await createTestDatabase('replica_upsert');
    ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
    await ds.query(`CREATE TABLE public.thing_replica (
      id text PRIMARY KEY, brand_id text NOT NULL, status text NOT NULL,
      source_updated_at timestamptz NOT NULL, deleted_at timestamptz)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps the newest state whichever order the events arrive in, and says whether it wrote', async () => {
    expect(await write('a', 'approved', '2026-12-03T10:00:00Z')).toBe(true);
    expect(await write('a', 'draft', '2026-12-03T09:00:00Z')).toBe(false);
    expect(await read('a')).toMatchObject({ status: 'approved' });
    expect(await write('a', 'published', '2026-12-03T11:00:00Z')).toBe(true);
    expect(await read('a')).toMatchObject({ status: 'published' });
  });

  it('at the same time the incoming row wins unless the tie rule keeps the stored one', async () => {
    await write('b', 'draft', '2026-12-03T10:00:00Z');
    expect(await write('b', 'approved', '2026-12-03T10:00:00Z')).toBe(true);
    expect(await write('b', 'draft', '2026-12-03T10:00:00Z')).toBe(false);
    expect(await read('b')).toMatchObject({ status: 'approved' });
  });

  it('writes insert-only columns once', async () => {
    await write('c', 'draft', '2026-12-03T10:00:00Z', 'b1');
    await write('c', 'approved', '2026-12-03T11:00:00Z', 'b2');
    expect(await read('c')).toMatchObject({ brand_id: 'b1', status: 'approved' });
  });

  it('a tombstone keeps its first time and no later event brings the row back', async () => {
    await write('d', 'draft', '2026-12-03T10:00:00Z');
    await tombstone(ds.manager, T, { id: 'd' }, '2026-12-03T12:00:00Z');
    await tombstone(ds.manager, T, { id: 'd' }, '2026-12-03T13:00:00Z');
    expect(await write('d', 'approved', '2026-12-03T14:00:00Z')).toBe(false);
    const row = await read('d');
    expect(row).toMatchObject({ status: 'draft' });
    expect((row.deleted_at as Date).toISOString()).toBe('2026-12-03T12:00:00.000Z');
  });

  it('without a freshness column the last write wins', async () => {
    const plain: ReplicaTable = { table: 'public.thing_replica', key: ['id'] };
    await upsertLatest(ds.manager, plain, { id: 'e', brand_id: 'b1', status: 'draft', source_updated_at: '2026-12-03T10:00:00Z' });
    await upsertLatest(ds.manager, plain, { id: 'e', brand_id: 'b1', status: 'old', source_updated_at: '2026-12-01T10:00:00Z' });
    expect(await read('e')).toMatchObject({ status: 'old' });
  });

  it('answers the row as it stands after a write, and null when nothing was written (ADR 221)', async () => {
    const o = { insertOnly: ['brand_id'], keepOnTie: (stored: string) => `${stored}.status = 'approved' AND EXCLUDED.status <> 'approved'` };
    const at = (iso: string) => new Date(iso);
    expect(await upsertLatestReturning(ds.manager, T, { id: 'r', brand_id: 'b1', status: 'draft', source_updated_at: '2026-12-03T10:00:00Z' }, o)).toEqual({
      id: 'r',
      brand_id: 'b1',
      status: 'draft',
      source_updated_at: at('2026-12-03T10:00:00Z'),
      deleted_at: null,
    });
    // The insert-only column keeps its first value in the answer too.
    expect(
      await upsertLatestReturning(ds.manager, T, { id: 'r', brand_id: 'b2', status: 'approved', source_updated_at: '2026-12-03T11:00:00Z' }, o),
    ).toMatchObject({
      brand_id: 'b1',
      status: 'approved',
    });
    expect(await upsertLatestReturning(ds.manager, T, { id: 'r', brand_id: 'b1', status: 'draft', source_updated_at: '2026-12-03T11:00:00Z' }, o)).toBeNull();
    await tombstone(ds.manager, T, { id: 'r' });
    expect(
      await upsertLatestReturning(ds.manager, T, { id: 'r', brand_id: 'b1', status: 'published', source_updated_at: '2026-12-03T12:00:00Z' }, o),
    ).toBeNull();
    expect(await read('r')).toMatchObject({ status: 'approved' });
  });

  it("answers further columns the caller asks for with the row, read for the stored row's values (ADR 227)", async () => {
    await ds.query(`CREATE TABLE public.thing_settings (brand_id text PRIMARY KEY, auto boolean NOT NULL)`);
    await ds.query(`INSERT INTO public.thing_settings VALUES ('b1', true), ('b2', false)`);
    const o = {
      insertOnly: ['brand_id'],
      alsoReturning: (stored: string) => `(SELECT s.auto FROM public.thing_settings s WHERE s.brand_id = ${stored}.brand_id) AS brand_auto`,
    };
    expect(
      await upsertLatestReturning(ds.manager, T, { id: 's', brand_id: 'b1', status: 'draft', source_updated_at: '2026-12-03T10:00:00Z' }, o),
    ).toMatchObject({
      id: 's',
      status: 'draft',
      brand_auto: true,
    });
    // The stored brand (insert-only) is the one read, not the one sent; a brand with no settings reads null.
    expect(
      await upsertLatestReturning(ds.manager, T, { id: 's', brand_id: 'b2', status: 'approved', source_updated_at: '2026-12-03T11:00:00Z' }, o),
    ).toMatchObject({ brand_id: 'b1', status: 'approved', brand_auto: true });
    expect(
      await upsertLatestReturning(ds.manager, T, { id: 't', brand_id: 'b3', status: 'draft', source_updated_at: '2026-12-03T10:00:00Z' }, o),
    ).toMatchObject({
      brand_auto: null,
    });
    // Nothing written: nothing answered.
    expect(await upsertLatestReturning(ds.manager, T, { id: 's', brand_id: 'b1', status: 'draft', source_updated_at: '2026-12-03T09:00:00Z' }, o)).toBeNull();
  });

  describe('several rows at once (ADR 218)', () => {
    const tie = { insertOnly: ['brand_id'], keepOnTie: (stored: string) => `${stored}.status = 'approved' AND EXCLUDED.status <> 'approved'` };
    const row = (id: string, status: string, at: string, brand = 'b1') => ({ id, brand_id: brand, status, source_updated_at: at });

    it('writes them in one statement, each by the same rules as one at a time', async () => {
      await write('m2', 'published', '2026-12-03T12:00:00Z');
      await write('m3', 'draft', '2026-12-03T10:00:00Z');
      await tombstone(ds.manager, T, { id: 'm3' });
      const counting = countingQueries(ds.manager);
      const written = await upsertLatestMany(
        counting.manager,
        T,
        [row('m1', 'draft', '2026-12-03T10:00:00Z'), row('m2', 'draft', '2026-12-03T11:00:00Z', 'b2'), row('m3', 'approved', '2026-12-03T14:00:00Z')],
        tie,
      );
      expect(counting.count()).toBe(1);
      // m1 new; m2 kept (newer stored); m3 tombstoned, never written again.
      expect(written).toBe(1);
      expect(await read('m1')).toMatchObject({ status: 'draft', brand_id: 'b1' });
      expect(await read('m2')).toMatchObject({ status: 'published', brand_id: 'b1' });
      expect(await read('m3')).toMatchObject({ status: 'draft' });
    });

    it('a key given twice ends as writing the rows one by one in order would leave it', async () => {
      const written = await upsertLatestMany(
        ds.manager,
        T,
        [
          row('n1', 'approved', '2026-12-03T10:00:00Z'),
          row('n2', 'draft', '2026-12-03T10:00:00Z'),
          row('n1', 'draft', '2026-12-03T10:00:00Z', 'b2'),
          row('n2', 'published', '2026-12-03T11:00:00Z'),
        ],
        tie,
      );
      // n1: the later draft at the same time loses to the approved one (the tie rule); n2: the newer wins.
      expect(written).toBe(3);
      expect(await read('n1')).toMatchObject({ status: 'approved', brand_id: 'b1' });
      expect(await read('n2')).toMatchObject({ status: 'published' });
    });

    it('writes nothing for no rows, and refuses rows whose columns differ', async () => {
      expect(await upsertLatestMany(ds.manager, T, [])).toBe(0);
      await expect(upsertLatestMany(ds.manager, T, [row('o1', 'draft', '2026-12-03T10:00:00Z'), { id: 'o2', status: 'draft' }])).rejects.toThrow(
        /every row needs the columns id, brand_id, status, source_updated_at/,
      );
      expect(await read('o1')).toBeUndefined();
    });
  });
});
