import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { agentDataSourceOptions, JsonLogger, loadRuntimeConfig } from '@mt/runtime';
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

/**
 * ADR 173: the replicas took one naming rule (`<source>_replica`, `source_updated_at`, a
 * `deleted_at` tombstone) and publishing-agent's two content replicas became one. Rows written
 * under the old names before the release are there, under the new ones, after it, and `down`
 * gives the old tables back with their rows.
 */
describe('replica naming migrations carry the rows over', () => {
  const RENAME = '1766300000173';
  let db: TestDatabase;
  let c: Client;
  const logger = new JsonLogger('migrate', 'silent');
  const seat = (name: string) => {
    const s = SEATS.find((x) => x.name === name);
    if (!s) throw new Error(`${name} has no seat`);
    return s;
  };
  /** The seat as the previous release knew it: without the renaming migrations. */
  const previous = (name: string) => {
    const s = seat(name);
    return { ...s, migrations: s.migrations.filter((m) => !new m().name?.endsWith(RENAME)) };
  };
  const ids = {
    brand: '00000000-0000-4000-8000-0000000000b1',
    user: '00000000-0000-4000-8000-0000000000a1',
    entry: '00000000-0000-4000-8000-0000000000e1',
    campaign: '00000000-0000-4000-8000-0000000000c1',
    deletedCampaign: '00000000-0000-4000-8000-0000000000c2',
    connection: '00000000-0000-4000-8000-0000000000f1',
    both: '00000000-0000-4000-8000-000000000101',
    copyDeleted: '00000000-0000-4000-8000-000000000102',
    catalogDeleted: '00000000-0000-4000-8000-000000000103',
    catalogOnly: '00000000-0000-4000-8000-000000000104',
  };
  const t1 = '2026-11-02T09:00:00.000Z';
  const t2 = '2026-11-03T10:30:00.000Z';
  const tableExists = async (t: string) => (await c.query(`SELECT to_regclass($1) AS t`, [t])).rows[0].t !== null;

  beforeAll(async () => {
    db = await createTestDatabase('replicas');
    for (const name of ['publishing-agent', 'creation-agent', 'strategy-agent']) await migrateApp(db.url, previous(name), logger);
    c = new Client({ connectionString: db.url });
    await c.connect();
    const q = (sql: string, params: unknown[] = []) => c.query(sql, params);
    for (const schema of ['publishing', 'creation', 'strategy']) {
      await q(`INSERT INTO ${schema}.brand_access (brand_id, user_id, role, changed_at) VALUES ($1, $2, 'editor', $3)`, [ids.brand, ids.user, t1]);
      await q(`INSERT INTO ${schema}.brand_profile (brand_id, brand, brand_updated_at, voice, voice_version) VALUES ($1, $2, $3, NULL, 0)`, [
        ids.brand,
        JSON.stringify({ id: ids.brand, name: 'Kiln Coffee' }),
        t1,
      ]);
    }
    const variants = JSON.stringify([{ id: 'v1', body: 'Spring tune-ups', hashtags: ['#bikes'], score: 0.8 }]);
    const copy = `INSERT INTO publishing.content_copy
      (content_id, brand_id, calendar_entry_id, platform, status, body, hashtags, variants, approved_at, content_updated_at, deleted_at)
      VALUES ($1, $2, $3, 'linkedin', $4, 'Spring tune-ups', '["#bikes"]', $5, $6, $7, $8)`;
    await q(copy, [ids.both, ids.brand, ids.entry, 'approved', variants, t1, t1, null]);
    await q(copy, [ids.copyDeleted, ids.brand, null, 'draft', '[]', null, t1, t2]);
    const catalog = `INSERT INTO publishing.content_catalog
      (content_id, brand_id, campaign_id, platform, status, body, topic, pillar, format, variants, deleted, source_updated_at)
      VALUES ($1, $2, $3, 'linkedin', $4, 'Spring tune-ups', 'Pricing', 'Product', 'carousel', $5, $6, $7)`;
    await q(catalog, [ids.both, ids.brand, ids.campaign, 'approved', variants, false, t1]);
    await q(catalog, [ids.catalogDeleted, ids.brand, ids.campaign, 'draft', '[]', true, t2]);
    await q(catalog, [ids.catalogOnly, ids.brand, null, 'draft', variants, false, t1]);
    const campaign = `INSERT INTO publishing.campaign_copy (id, brand_id, name, start_date, end_date, platforms, deleted, source_updated_at)
      VALUES ($1, $2, 'Autumn launch', '2026-11-01', '2026-11-30', '{linkedin}', $3, $4)`;
    await q(campaign, [ids.campaign, ids.brand, false, t1]);
    await q(campaign, [ids.deletedCampaign, ids.brand, true, t2]);
    await q(`INSERT INTO publishing.calendar_slot (entry_id, brand_id, campaign_id, platform, scheduled_at) VALUES ($1, $2, $3, 'linkedin', $4)`, [
      ids.entry,
      ids.brand,
      ids.campaign,
      t2,
    ]);
    await q(
      `INSERT INTO publishing.connection_ref (connection_id, brand_id, platform, status, connection_updated_at) VALUES ($1, $2, 'linkedin', 'active', $3)`,
      [ids.connection, ids.brand, t1],
    );
    await q(
      `INSERT INTO creation.planned_entry (entry_id, campaign_id, brand_id, platform, topic, pillar, format, framework, scheduled_at, campaign_name, goal)
       VALUES ($1, $2, $3, 'linkedin', 'Pricing', 'Product', 'carousel', 'AIDA', $4, 'Autumn launch', 'More sign-ups')`,
      [ids.entry, ids.campaign, ids.brand, t2],
    );
    await q(
      `INSERT INTO strategy.analytics_snapshot (content_id, brand_id, platform, published_at, captured_at, impressions, engagements, clicks, simulated)
       VALUES ($1, $2, 'linkedin', $3, $4, 1200, 85, 12, false)`,
      [ids.both, ids.brand, t1, t2],
    );
    for (const name of ['publishing-agent', 'creation-agent', 'strategy-agent']) {
      const applied = (await migrateApp(db.url, seat(name), logger)).applied;
      expect(applied.length).toBe(2);
      expect(applied.every((m) => m.endsWith(RENAME))).toBe(true);
    }
  }, 180_000);

  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });

  it("publishing-agent: one content_replica holds both old replicas' rows, their columns merged, each deletion a tombstone", async () => {
    expect(await tableExists('publishing.content_copy')).toBe(false);
    expect(await tableExists('publishing.content_catalog')).toBe(false);
    const rows = (
      await c.query(
        `SELECT content_id, campaign_id, calendar_entry_id, status, hashtags, topic, pillar, format, approved_at, source_updated_at, deleted_at, variants
         FROM publishing.content_replica ORDER BY content_id`,
      )
    ).rows;
    expect(rows.map((r) => r.content_id)).toEqual([ids.both, ids.copyDeleted, ids.catalogDeleted, ids.catalogOnly]);
    const [both, copyDeleted, catalogDeleted, catalogOnly] = rows;
    expect(both).toMatchObject({
      campaign_id: ids.campaign,
      calendar_entry_id: ids.entry,
      status: 'approved',
      hashtags: ['#bikes'],
      topic: 'Pricing',
      pillar: 'Product',
      format: 'carousel',
      deleted_at: null,
    });
    expect(both.approved_at.toISOString()).toBe(t1);
    expect(both.source_updated_at.toISOString()).toBe(t1);
    expect(both.variants).toEqual([{ id: 'v1', body: 'Spring tune-ups', hashtags: ['#bikes'], score: 0.8 }]);
    expect(copyDeleted.deleted_at.toISOString()).toBe(t2);
    // The catalog's flag had no time: the tombstone takes the row's source_updated_at.
    expect(catalogDeleted.deleted_at.toISOString()).toBe(t2);
    expect(catalogOnly).toMatchObject({ topic: 'Pricing', calendar_entry_id: null, hashtags: [], deleted_at: null });
  });

  it('publishing-agent: campaigns, calendar entries and connections under their new names, with source_updated_at and deleted_at', async () => {
    const campaigns = (await c.query(`SELECT id, name, platforms, deleted_at FROM publishing.campaign_replica ORDER BY id`)).rows;
    expect(campaigns.map((r) => [r.id, r.name, r.platforms])).toEqual([
      [ids.campaign, 'Autumn launch', ['linkedin']],
      [ids.deletedCampaign, 'Autumn launch', ['linkedin']],
    ]);
    expect(campaigns[0].deleted_at).toBeNull();
    expect(campaigns[1].deleted_at.toISOString()).toBe(t2);
    const entry = (await c.query(`SELECT campaign_id, scheduled_at FROM publishing.calendar_entry_replica WHERE entry_id = $1`, [ids.entry])).rows[0];
    expect(entry.campaign_id).toBe(ids.campaign);
    expect(entry.scheduled_at.toISOString()).toBe(t2);
    const connection = (await c.query(`SELECT status, source_updated_at FROM publishing.connection_replica WHERE connection_id = $1`, [ids.connection]))
      .rows[0];
    expect(connection.status).toBe('active');
    expect(connection.source_updated_at.toISOString()).toBe(t1);
  });

  it("every agent's brand replicas, creation-agent's calendar entries and strategy-agent's analytics are where the new names say", async () => {
    for (const schema of ['publishing', 'creation', 'strategy']) {
      expect(await tableExists(`${schema}.brand_access`)).toBe(false);
      const access = (
        await c.query(`SELECT role, source_updated_at FROM ${schema}.brand_access_replica WHERE brand_id = $1 AND user_id = $2`, [ids.brand, ids.user])
      ).rows[0];
      expect(access.role).toBe('editor');
      expect(access.source_updated_at.toISOString()).toBe(t1);
      const brand = (await c.query(`SELECT brand, source_updated_at FROM ${schema}.brand_replica WHERE brand_id = $1`, [ids.brand])).rows[0];
      expect(brand.brand.name).toBe('Kiln Coffee');
    }
    const entry = (await c.query(`SELECT topic, goal, deleted_at FROM creation.calendar_entry_replica WHERE entry_id = $1`, [ids.entry])).rows[0];
    expect(entry).toEqual({ topic: 'Pricing', goal: 'More sign-ups', deleted_at: null });
    const analytics = (await c.query(`SELECT impressions, engagements FROM strategy.analytics_replica WHERE content_id = $1`, [ids.both])).rows[0];
    expect(analytics).toEqual({ impressions: '1200', engagements: '85' });
  });

  it('down gives publishing-agent its old tables back, each with every row', async () => {
    const s = seat('publishing-agent');
    const ds = new DataSource({
      ...agentDataSourceOptions({ url: db.url, schema: s.schema, entities: [], migrations: s.migrations, poolSize: 1 }),
      migrationsRun: false,
    });
    await ds.initialize();
    try {
      await ds.undoLastMigration({ transaction: 'each' });
      await ds.undoLastMigration({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    const catalog = (await c.query(`SELECT content_id, topic, deleted, variants FROM publishing.content_catalog ORDER BY content_id`)).rows;
    expect(catalog.map((r) => [r.content_id, r.topic, r.deleted])).toEqual([
      [ids.both, 'Pricing', false],
      [ids.copyDeleted, null, true],
      [ids.catalogDeleted, 'Pricing', true],
      [ids.catalogOnly, 'Pricing', false],
    ]);
    expect(catalog[0].variants).toEqual([{ id: 'v1', body: 'Spring tune-ups', hashtags: ['#bikes'] }]);
    const copies = (await c.query(`SELECT content_id, content_updated_at FROM publishing.content_copy ORDER BY content_id`)).rows;
    expect(copies).toHaveLength(4);
    const campaigns = (await c.query(`SELECT id, deleted FROM publishing.campaign_copy ORDER BY id`)).rows;
    expect(campaigns).toEqual([
      { id: ids.campaign, deleted: false },
      { id: ids.deletedCampaign, deleted: true },
    ]);
    expect((await c.query(`SELECT count(*)::int AS n FROM publishing.calendar_slot`)).rows[0].n).toBe(1);
    expect((await c.query(`SELECT connection_updated_at FROM publishing.connection_ref`)).rows[0].connection_updated_at.toISOString()).toBe(t1);
    expect((await c.query(`SELECT changed_at FROM publishing.brand_access`)).rows[0].changed_at.toISOString()).toBe(t1);
    expect((await c.query(`SELECT brand_updated_at FROM publishing.brand_profile`)).rows[0].brand_updated_at.toISOString()).toBe(t1);
  });
});
