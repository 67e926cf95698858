import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/pg';
import { type ReplicaTable, tombstone, upsertLatest } from './replica-upsert';

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
});
