import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { brandContext, type BrandContext } from './brand-fixtures';

const tokenOf = (text: string) => /accept-invitation\?token=([\w-]+)/.exec(text)?.[1] as string;
const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

/** Invitations (ADR 115) against a real, migrated PostgreSQL. */
describe('brand-agent invitations on PostgreSQL', () => {
  let ctx: BrandContext;
  beforeAll(async () => {
    ctx = await brandContext('brand_inv');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: { code?: string }) => e.code,
    );
  /** The SQL statements (text only) a piece of work runs. */
  async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
    const spy = jest.spyOn(EntityManager.prototype, 'query');
    try {
      const result = await fn();
      return { result, sql: spy.mock.calls.map((c) => String(c[0]).replace(/\s+/g, ' ')) };
    } finally {
      spy.mockRestore();
    }
  }
  const mailTo = (email: string) => ctx.mailer.sent.filter((m) => m.to === email).at(-1);

  it('answers and works the same for an address with an account and one without', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner, 'Harbour Bakery');
    const known = ctx.newUser('known@example.com');
    await ctx.tx(() => ctx.profiles.remember(known.userId, known.email, 'Known'));

    const a = await statementsOf(() => ctx.invitations.invite(owner, brandId, 'Known@Example.com', 'editor'));
    const b = await statementsOf(() => ctx.invitations.invite(owner, brandId, 'stranger@example.com', 'editor'));
    const shape = (i: Record<string, unknown>) => ({
      ...i,
      id: typeof i.id,
      email: typeof i.email,
      createdAt: typeof i.createdAt,
      expiresAt: typeof i.expiresAt,
    });
    expect(shape({ ...a.result })).toEqual(shape({ ...b.result }));
    expect(Object.keys(a.result).sort()).toEqual(['brandId', 'brandName', 'createdAt', 'email', 'expiresAt', 'id', 'invitedBy', 'role', 'status']);
    expect(a.result).toMatchObject({ email: 'known@example.com', status: 'pending', role: 'editor', brandName: 'Harbour Bakery' });
    expect(a.sql.length).toBeGreaterThanOrEqual(5);
    expect(a.sql).toEqual(b.sql);

    // Both addresses get a mail; only the account gets the in-app notice (through the event).
    await new Promise((r) => setImmediate(r));
    expect(tokenOf(mailTo('known@example.com')?.text ?? '')).toMatch(/^[\w-]{43}$/);
    expect(tokenOf(mailTo('stranger@example.com')?.text ?? '')).toMatch(/^[\w-]{43}$/);
    expect(mailTo('stranger@example.com')?.text).toContain('https://marketing.example/accept-invitation?token=');
    const events = await ctx.events('brand.invitation.created');
    expect(events.filter((e) => e.invitationId === a.result.id)).toEqual([
      expect.objectContaining({ inviteeUserId: known.userId, brandName: 'Harbour Bakery' }),
    ]);
    expect(events.filter((e) => e.invitationId === b.result.id)).toEqual([expect.objectContaining({ inviteeUserId: null })]);
  });

  it('keeps only the hash of the token, accepts it once for the addressee, with the invited role', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    const invitee = ctx.newUser('invitee@example.com');
    const other = ctx.newUser('other@example.com');
    const invitation = await ctx.invitations.invite(owner, brandId, invitee.email, 'viewer');
    await new Promise((r) => setImmediate(r));
    const token = tokenOf(mailTo(invitee.email)?.text ?? '');
    const rows: { token_hash: string }[] = await ctx.ds.query(`SELECT token_hash FROM brand.invitation WHERE id = $1`, [invitation.id]);
    expect(rows).toEqual([{ token_hash: sha256(token) }]);
    expect(JSON.stringify(await ctx.ds.query(`SELECT * FROM brand.invitation`))).not.toContain(token);

    // Another account, even with the token, gets NOT_FOUND; so do a forged token and a bad key.
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(other, other.email, token)))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(invitee, invitee.email, 'x'.repeat(43))))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(invitee, invitee.email, 'short')))).toBe('NOT_FOUND');
    expect(await ctx.members.access(other.userId, brandId)).toBeNull();

    expect(await ctx.tx(() => ctx.invitations.accept(invitee, ' INVITEE@example.com', token))).toMatchObject({ brandId, role: 'viewer' });
    expect(await ctx.members.access(invitee.userId, brandId)).toBe('viewer');
    expect((await ctx.events('brand.access.changed')).at(-1)).toMatchObject({ brandId, userId: invitee.userId, role: 'viewer' });
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(invitee, invitee.email, token)))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(invitee, invitee.email, invitation.id)))).toBe('NOT_FOUND');
  });

  it('refuses an expired invitation, and one replaced by a newer invitation to the same address', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    const late = ctx.newUser('late@example.com');
    const old = await ctx.invitations.invite(owner, brandId, late.email, 'viewer', new Date(Date.now() - 8 * 86_400_000));
    expect(await ctx.invitations.listMine(late, late.email, { limit: 10 })).toEqual({ items: [], nextCursor: null });
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(late, late.email, old.id)))).toBe('NOT_FOUND');

    const first = await ctx.invitations.invite(owner, brandId, late.email, 'viewer');
    const second = await ctx.invitations.invite(owner, brandId, late.email, 'editor');
    const mine = await ctx.invitations.listMine(late, late.email, { limit: 10 });
    expect(mine.items.map((i) => i.id)).toEqual([second.id]);
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(late, late.email, first.id)))).toBe('NOT_FOUND');
    expect(await ctx.tx(() => ctx.invitations.accept(late, late.email, second.id))).toMatchObject({ role: 'editor' });
  });

  it('lets owners list and revoke pending invitations; others get 403 or 404', async () => {
    const owner = ctx.newUser();
    const editor = ctx.newUser();
    const stranger = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    await ctx.grant(brandId, owner, editor, 'editor');
    const pending = await ctx.invitations.invite(owner, brandId, 'pending@example.com', 'viewer');

    expect((await ctx.invitations.listOfBrand(owner, brandId, { limit: 10 })).items.map((i) => i.email)).toEqual(['pending@example.com']);
    expect(await codeOf(ctx.invitations.listOfBrand(editor, brandId, { limit: 10 }))).toBe('FORBIDDEN');
    expect(await codeOf(ctx.invitations.listOfBrand(stranger, brandId, { limit: 10 }))).toBe('NOT_FOUND');
    expect(await codeOf(ctx.tx(() => ctx.invitations.revoke(editor, pending.id)))).toBe('FORBIDDEN');
    expect(await codeOf(ctx.tx(() => ctx.invitations.revoke(stranger, pending.id)))).toBe('NOT_FOUND');

    await ctx.tx(() => ctx.invitations.revoke(owner, pending.id));
    expect((await ctx.invitations.listOfBrand(owner, brandId, { limit: 10 })).items).toEqual([]);
    const invitee = ctx.newUser('pending@example.com');
    expect(await codeOf(ctx.tx(() => ctx.invitations.accept(invitee, invitee.email, pending.id)))).toBe('NOT_FOUND');
  });

  it('gives a new account the in-app notice of invitations sent before it registered', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner, 'Late Bloomers');
    const invitation = await ctx.invitations.invite(owner, brandId, 'newcomer@example.com', 'viewer');
    const newcomer = ctx.newUser('newcomer@example.com');
    const { MemberDirectoryService } = await import('../src/services/member-directory.service');
    const { InvitationRepository } = await import('../src/repositories/invitation.repository');
    const directory = new MemberDirectoryService(ctx.uow, ctx.profiles, new InvitationRepository(ctx.uow));
    await ctx.tx(() => directory.registered({ userId: newcomer.userId, email: 'Newcomer@example.com', name: 'New', createdAt: new Date().toISOString() }));
    const events = await ctx.events('brand.invitation.created');
    expect(events.filter((e) => e.invitationId === invitation.id).at(-1)).toMatchObject({ inviteeUserId: newcomer.userId, brandName: 'Late Bloomers' });
  });

  it('tells an account that registers while an invitation to it is being sent, exactly once', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner, 'Crossed Paths');
    const racer = ctx.newUser('racer@example.com');
    const { MemberDirectoryService } = await import('../src/services/member-directory.service');
    const { InvitationRepository } = await import('../src/repositories/invitation.repository');
    const repo = new InvitationRepository(ctx.uow);
    // Registration has looked for invitations (none yet) and waits, uncommitted, before its commit.
    let reached!: () => void;
    let release!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    const gate = new Promise<void>((r) => (release = r));
    const list = repo.listPendingForEmail.bind(repo);
    jest.spyOn(repo, 'listPendingForEmail').mockImplementation(async (...args) => {
      const rows = await list(...args);
      reached();
      await gate;
      return rows;
    });
    const directory = new MemberDirectoryService(ctx.uow, ctx.profiles, repo);
    const registering = ctx.tx(() => directory.registered({ userId: racer.userId, email: racer.email, name: 'Racer', createdAt: new Date().toISOString() }));
    await atGate;

    // The invitation is sent meanwhile: it either finishes (it did not wait for the registration)
    // or waits on the registration's lock, seen in pg_locks.
    const inviting = ctx.invitations.invite(owner, brandId, racer.email, 'viewer');
    let settled = false;
    void inviting.then(
      () => (settled = true),
      () => (settled = true),
    );
    // This database's locks only: pg_locks lists the whole server's, other files' platforms included.
    const waiting = async () =>
      (
        (await ctx.ds.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )) as { n: number }[]
      )[0].n > 0;
    while (!settled && !(await waiting())) await new Promise((r) => setTimeout(r, 10));
    release();
    await registering;
    const invitation = await inviting;

    const events = (await ctx.events('brand.invitation.created')).filter((e) => e.invitationId === invitation.id);
    expect(events.filter((e) => e.inviteeUserId === racer.userId)).toHaveLength(1);
  });
});
