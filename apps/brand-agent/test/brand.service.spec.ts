import { randomUUID } from 'node:crypto';
import type { Brand } from '@mt/messages';
import { brandContext, type BrandContext } from './brand-fixtures';

/** brand-agent's services and repositories against a real, migrated PostgreSQL. */
describe('brand-agent on PostgreSQL', () => {
  let ctx: BrandContext;
  beforeAll(async () => {
    ctx = await brandContext('brand_svc');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: { code?: string }) => e.code,
    );

  it('creates the brand tables with their indexes', async () => {
    const idx: { tablename: string; indexname: string }[] = await ctx.ds.query(
      `SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'brand' AND tablename IN ('brand', 'membership') ORDER BY 1, 2`,
    );
    expect(idx.map((i) => `${i.tablename}.${i.indexname}`)).toEqual([
      'brand.brand_created_at_idx',
      'brand.brand_pkey',
      'membership.membership_created_at_idx',
      'membership.membership_pkey',
      'membership.membership_user_id_idx',
    ]);
  });

  it('makes the creator owner, stores every field and announces the brand and the access', async () => {
    const owner = ctx.newUser();
    const created = await ctx.tx(() =>
      ctx.brands.create(
        owner,
        {
          name: '  Northside Coffee ',
          industry: 'Coffee',
          website: 'https://northside.example.com',
          values: ['craft', 'traceability'],
          bannedWords: ['cheap'],
          pillars: ['brewing'],
          competitors: ['Blue Bottle'],
          timezone: 'europe/paris',
        },
        owner.email,
      ),
    );
    expect(created).toMatchObject({
      name: 'Northside Coffee',
      industry: 'Coffee',
      description: null,
      values: ['craft', 'traceability'],
      bannedWords: ['cheap'],
      timezone: 'Europe/Paris',
      role: 'owner',
    });
    expect(await ctx.brands.get(owner, created.id)).toEqual(created);
    expect((await ctx.events('brand.created')).find((e) => (e.brand as Brand).id === created.id)).toMatchObject({ ownerId: owner.userId });
    expect(await ctx.events('brand.access.changed')).toContainEqual(expect.objectContaining({ brandId: created.id, userId: owner.userId, role: 'owner' }));
    const members = await ctx.members.list(owner, created.id, { limit: 20 });
    expect(members.items).toEqual([expect.objectContaining({ userId: owner.userId, email: owner.email, role: 'owner' })]);
  });

  it('defaults the time zone to UTC and rejects bad input with field errors', async () => {
    const owner = ctx.newUser();
    const b = await ctx.tx(() => ctx.brands.create(owner, { name: 'Plain' }));
    expect(b.timezone).toBe('UTC');
    const bad = ctx.tx(() => ctx.brands.create(owner, { name: '', timezone: 'Mars/Olympus', website: 'ftp://x.example.com' }));
    await expect(bad).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: expect.arrayContaining([expect.objectContaining({ field: 'name' }), expect.objectContaining({ field: 'timezone' })]) },
    });
  });

  it('pages through the caller’s brands with a cursor, newest first, and only theirs', async () => {
    const me = ctx.newUser();
    const other = ctx.newUser();
    const mine: string[] = [];
    // Separate transactions, like separate requests; two brands of one transaction share created_at and are ordered by id.
    for (let i = 0; i < 5; i++) mine.push(await ctx.newBrand(me, `Mine ${i}`));
    await ctx.tx(async () => {
      await ctx.brands.create(me, { name: 'Same tx A' });
      await ctx.brands.create(me, { name: 'Same tx B' });
    });
    await ctx.newBrand(other, 'Not mine');

    const seen: Brand[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await ctx.brands.list(me, { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((b) => b.name)).not.toContain('Not mine');
    expect(new Set(seen.map((b) => b.id)).size).toBe(7);
    const order = seen.map((b) => `${b.createdAt}|${b.id}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(seen.slice(2).map((b) => b.id)).toEqual([...mine].reverse());
  });

  it('rejects a cursor it did not give out', async () => {
    await expect(ctx.brands.list(ctx.newUser(), { limit: 3, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('hides a brand from non-members and lets each role do only its part', async () => {
    const owner = ctx.newUser();
    const editor = ctx.newUser();
    const viewer = ctx.newUser();
    const stranger = ctx.newUser();
    const id = await ctx.newBrand(owner);
    await ctx.grant(id, owner, editor, 'editor');
    await ctx.grant(id, owner, viewer, 'viewer');

    expect(await codeOf(ctx.brands.get(stranger, id))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.brands.update(stranger, id, { tone: 'x' })))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.brands.remove(stranger, id)))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.members.list(stranger, id, { limit: 5 }))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.invitations.invite(stranger, id, viewer.email, 'owner'))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.members.changeRole(stranger, id, viewer.userId, 'owner')))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.members.remove(stranger, id, viewer.userId)))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.members.access(stranger.userId, id))).toBe('OK');
    expect(await ctx.members.access(stranger.userId, id)).toBeNull();

    expect((await ctx.brands.get(viewer, id)).role).toBe('viewer');
    expect(await codeOf(ctx.tx(() => ctx.brands.update(viewer, id, { tone: 'x' })))).toBe('FORBIDDEN');
    expect(await codeOf(ctx.invitations.invite(viewer, id, stranger.email, 'viewer'))).toBe('FORBIDDEN');
    expect(await codeOf(ctx.invitations.invite(editor, id, stranger.email, 'viewer'))).toBe('FORBIDDEN');

    const edited = await ctx.tx(() => ctx.brands.update(editor, id, { tone: 'Warm', industry: null }));
    expect(edited).toMatchObject({ tone: 'Warm', industry: null, role: 'editor' });
    expect((await ctx.events('brand.updated')).at(-1)).toMatchObject({ changed: ['industry', 'tone'], by: editor.userId });
    expect(await codeOf(ctx.tx(() => ctx.brands.remove(editor, id)))).toBe('FORBIDDEN');
    expect(await codeOf(ctx.tx(() => ctx.members.remove(editor, id, viewer.userId)))).toBe('FORBIDDEN');
    expect(await ctx.members.access(editor.userId, id)).toBe('editor');
  });

  it('adds members by invitation, changes roles, and keeps the last owner', async () => {
    const owner = ctx.newUser();
    const sam = ctx.newUser('Sam@Example.com');
    const id = await ctx.newBrand(owner);

    await ctx.grant(id, owner, { email: 'sam@example.com' }, 'viewer');
    expect((await ctx.members.list(owner, id, { limit: 10 })).items).toContainEqual(
      expect.objectContaining({ userId: sam.userId, email: 'sam@example.com', role: 'viewer' }),
    );
    const promoted = await ctx.tx(() => ctx.members.changeRole(owner, id, sam.userId, 'owner'));
    expect(promoted).toMatchObject({ userId: sam.userId, role: 'owner' });
    expect(await ctx.events('brand.access.changed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ brandId: id, userId: sam.userId, role: 'viewer' }),
        expect.objectContaining({ brandId: id, userId: sam.userId, role: 'owner' }),
      ]),
    );

    // Two owners: one may leave; then the other is the last and stays.
    await ctx.tx(() => ctx.members.remove(owner, id, owner.userId));
    expect(await ctx.members.access(owner.userId, id)).toBeNull();
    expect(await codeOf(ctx.tx(() => ctx.members.remove(sam, id, sam.userId)))).toBe('CONFLICT');
    expect(await codeOf(ctx.tx(() => ctx.members.changeRole(sam, id, sam.userId, 'editor')))).toBe('CONFLICT');
    expect(await codeOf(ctx.tx(() => ctx.members.remove(sam, id, randomUUID())))).toBe('NOT_FOUND');
    expect((await ctx.events('brand.access.changed')).at(-1)).toMatchObject({ brandId: id, userId: owner.userId, role: null });
    expect((await ctx.members.list(sam, id, { limit: 10 })).items.map((m) => m.userId)).toEqual([sam.userId]);
  });

  it('lets two owners removing each other at once leave one owner', async () => {
    const a = ctx.newUser();
    const b = ctx.newUser();
    const id = await ctx.newBrand(a);
    await ctx.grant(id, a, b, 'owner');
    const results = await Promise.all([codeOf(ctx.tx(() => ctx.members.remove(a, id, b.userId))), codeOf(ctx.tx(() => ctx.members.remove(b, id, a.userId)))]);
    expect(results.sort()).toEqual(['NOT_FOUND', 'OK']);
    const owners: { n: number }[] = await ctx.ds.query(`SELECT count(*)::int AS n FROM brand.membership WHERE brand_id = $1 AND role = 'owner'`, [id]);
    expect(owners[0].n).toBe(1);
  });

  it('deletes a brand for everyone and announces it', async () => {
    const owner = ctx.newUser();
    const viewer = ctx.newUser();
    const id = await ctx.newBrand(owner);
    await ctx.grant(id, owner, viewer, 'viewer');
    await ctx.tx(() => ctx.brands.remove(owner, id));
    expect(await codeOf(ctx.brands.get(owner, id))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.brands.get(viewer, id))).toBe('NOT_FOUND');
    expect(await ctx.members.access(viewer.userId, id)).toBeNull();
    expect((await ctx.brands.list(owner, { limit: 100 })).items.map((b) => b.id)).not.toContain(id);
    expect((await ctx.events('brand.deleted')).at(-1)).toMatchObject({ brandId: id, by: owner.userId });
    expect(await codeOf(ctx.tx(() => ctx.brands.remove(owner, id)))).toBe('NOT_FOUND');
  });

  it('answers NOT_FOUND, not a database error, for ids that are not UUIDs', async () => {
    const me = ctx.newUser();
    expect(await codeOf(ctx.brands.get(me, 'not-a-uuid'))).toBe('NOT_FOUND');
    expect(await ctx.members.access('x', 'y')).toBeNull();
  });
});
