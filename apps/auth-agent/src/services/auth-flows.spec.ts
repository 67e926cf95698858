import { hash } from '@node-rs/argon2';
import { decodeJwt } from 'jose';
import type { DataSource } from 'typeorm';
import { type AuthSession, MeshError } from '@mt/messages';
import type { MediumContext } from '../../../../test/support/medium';
import { newAuthMedium } from '../../test/medium';
import { RefreshTokenRepository } from '../repositories/refresh-token.repository';
import { UserRepository } from '../repositories/user.repository';
import { AccountService } from './account.service';
import { PasswordHasher } from './password-hasher.service';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

/** Medium test: the account and session services with their repositories on a real, migrated PostgreSQL. */
describe('auth-agent services on PostgreSQL', () => {
  let ctx: MediumContext;
  let ds: DataSource;
  let accounts: AccountService;
  let sessions: SessionService;
  let tokens: TokenService;
  let n = 0;

  const PASSWORD = 'correct-Horse-battery';
  const email = () => `user${++n}-${Date.now()}@example.com`;
  const register = (e = email(), password = PASSWORD) => accounts.register({ email: e, password, name: 'Ada Lovelace' });

  /** The error a promise rejects with, so several of its fields can be asserted. */
  async function failure(p: Promise<unknown>): Promise<MeshError> {
    try {
      await p;
    } catch (err) {
      if (err instanceof MeshError) return err;
      throw err;
    }
    throw new Error('expected a MeshError, got a result');
  }

  const tokenRows = (familyId: string) =>
    ds.query(`SELECT id, used_at, revoked_at, replaced_by FROM auth.refresh_tokens WHERE family_id = $1 ORDER BY created_at, id`, [familyId]);

  beforeAll(async () => {
    ctx = await newAuthMedium({ label: 'auth_services' });
    ds = ctx.ds;
    const uow = ctx.uow;
    const users = new UserRepository(uow);
    const refreshTokens = new RefreshTokenRepository(uow);
    tokens = new TokenService({ jwtSecret: 'medium-test-secret-long-enough-for-hs256', config: { auth: { accessTtlSeconds: 600, refreshTtlDays: 30 } } });
    sessions = new SessionService(uow, refreshTokens, users, tokens);
    accounts = new AccountService(uow, users, new PasswordHasher(), sessions);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  it('creates the users and refresh_tokens tables with their indexes in schema auth', async () => {
    const idx: { indexname: string }[] = await ds.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'auth' AND tablename IN ('users', 'refresh_tokens') ORDER BY 1`,
    );
    expect(idx.map((i) => i.indexname)).toEqual([
      'refresh_tokens_created_at_idx',
      'refresh_tokens_family_id_idx',
      'refresh_tokens_pkey',
      'refresh_tokens_token_hash_key',
      'refresh_tokens_user_id_idx',
      'users_email_key',
      'users_pkey',
    ]);
  });

  describe('register', () => {
    it('stores the user with a lower-cased email and an argon2id hash, starts a session and announces user.registered', async () => {
      const s = await accounts.register({ email: '  Grace.Hopper@Example.COM ', password: PASSWORD, name: ' Grace Hopper ' });
      expect(s.user).toEqual({ id: expect.any(String), email: 'grace.hopper@example.com', name: 'Grace Hopper', createdAt: expect.any(String) });
      const [row] = await ds.query(`SELECT email, password_hash FROM auth.users WHERE id = $1`, [s.user.id]);
      expect(row.email).toBe('grace.hopper@example.com');
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain(PASSWORD);

      const claims = decodeJwt(s.accessToken);
      expect(claims).toMatchObject({ sub: s.user.id, email: 'grace.hopper@example.com', sid: expect.any(String) });
      expect((claims.exp as number) - (claims.iat as number)).toBe(600);
      const stored = await ds.query(`SELECT family_id, token_hash FROM auth.refresh_tokens WHERE user_id = $1`, [s.user.id]);
      expect(stored).toEqual([{ family_id: claims.sid, token_hash: tokens.hashRefreshToken(s.refreshToken) }]);

      const events: { envelope: string }[] = await ds.query(`SELECT envelope FROM auth.outbox WHERE routing_key = 'user.registered'`);
      const payloads = events.map((e) => JSON.parse(e.envelope).payload);
      expect(payloads).toContainEqual({ userId: s.user.id, email: 'grace.hopper@example.com', name: 'Grace Hopper', createdAt: s.user.createdAt });
    });

    it('answers EMAIL_TAKEN (409) for an email registered in another case, and stores nothing', async () => {
      const e = email();
      await register(e);
      const before = await ds.query(`SELECT count(*)::int AS n FROM auth.outbox`);
      const err = await failure(register(e.toUpperCase()));
      expect([err.code, err.status, err.retryable]).toEqual(['EMAIL_TAKEN', 409, false]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM auth.users WHERE email = $1`, [e])).toEqual([{ n: 1 }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM auth.outbox`)).toEqual(before);
    });

    it('lets exactly one of two simultaneous registrations of one email through', async () => {
      const e = email();
      const results = await Promise.allSettled([register(e), register(e)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((rejected.reason as MeshError).code).toBe('EMAIL_TAKEN');
    });

    it('answers VALIDATION_FAILED (400) with every field error', async () => {
      const err = await failure(accounts.register({ email: 'not-an-email', password: 'short', name: '' }));
      expect([err.code, err.status]).toEqual(['VALIDATION_FAILED', 400]);
      const errors = (err.details as { errors: { field: string; message: string }[] }).errors;
      expect(errors).toContainEqual({ field: 'email', message: 'must be a valid email address' });
      expect(errors).toContainEqual({ field: 'password', message: 'must be at least 10 characters' });
      expect(errors).toContainEqual({ field: 'name', message: 'is required' });
    });
  });

  describe('login', () => {
    it('signs in with any case of the email and starts a new session', async () => {
      const e = email();
      const reg = await register(e);
      const s = await accounts.login({ email: e.toUpperCase(), password: PASSWORD });
      expect(s.user).toEqual(reg.user);
      expect(decodeJwt(s.accessToken).sid).not.toBe(decodeJwt(reg.accessToken).sid);
    });

    it('gives an unknown email and a wrong password the very same error', async () => {
      const e = email();
      await register(e);
      const wrong = await failure(accounts.login({ email: e, password: 'Wrong-password-1' }));
      const unknown = await failure(accounts.login({ email: `nobody-${e}`, password: 'Wrong-password-1' }));
      expect([wrong.code, wrong.status, wrong.message]).toEqual(['INVALID_CREDENTIALS', 401, 'The email or the password is wrong.']);
      expect([unknown.code, unknown.status, unknown.message]).toEqual([wrong.code, wrong.status, wrong.message]);
    });

    it('re-hashes a password stored with older parameters', async () => {
      const e = email();
      const reg = await register(e);
      const old = await hash(PASSWORD, { algorithm: 2, memoryCost: 8_192, timeCost: 1, parallelism: 1 });
      await ds.query(`UPDATE auth.users SET password_hash = $2 WHERE id = $1`, [reg.user.id, old]);
      await accounts.login({ email: e, password: PASSWORD });
      const [row] = await ds.query(`SELECT password_hash FROM auth.users WHERE id = $1`, [reg.user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });
  });

  describe('refresh', () => {
    let s: AuthSession;
    beforeEach(async () => {
      s = await register();
    });

    it('rotates: the presented token is spent and replaced within the same session', async () => {
      const sid = decodeJwt(s.accessToken).sid as string;
      const next = await sessions.refresh(s.refreshToken);
      expect(next.refreshToken).not.toBe(s.refreshToken);
      expect(decodeJwt(next.accessToken)).toMatchObject({ sub: s.user.id, sid });
      const rows = await tokenRows(sid);
      expect(rows).toHaveLength(2);
      expect(rows[0].used_at).not.toBeNull();
      expect(rows[0].replaced_by).toBe(rows[1].id);
      expect(rows[1].used_at).toBeNull();
      // The new one works in turn.
      await expect(sessions.refresh(next.refreshToken)).resolves.toMatchObject({ expiresIn: 600 });
    });

    it('on reuse of a spent token, ends the whole session (committed) and answers TOKEN_REUSED', async () => {
      const sid = decodeJwt(s.accessToken).sid as string;
      const next = await sessions.refresh(s.refreshToken);
      const err = await failure(sessions.refresh(s.refreshToken));
      expect([err.code, err.status, err.details]).toEqual(['TOKEN_REUSED', 401, { sessionId: sid }]);
      const rows = await tokenRows(sid);
      expect(rows.every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);
      expect((await failure(sessions.refresh(next.refreshToken))).code).toBe('TOKEN_REUSED');
    });

    it('lets exactly one of two simultaneous refreshes with one token win; the loser ends the session', async () => {
      const results = await Promise.allSettled([sessions.refresh(s.refreshToken), sessions.refresh(s.refreshToken)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect((lost[0].reason as MeshError).code).toBe('TOKEN_REUSED');
      const winner = (won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value;
      expect((await failure(sessions.refresh(winner.refreshToken))).code).toBe('TOKEN_REUSED');
    });

    it('answers TOKEN_EXPIRED after refreshTtlDays, and UNAUTHENTICATED for a token it never issued', async () => {
      const later = new Date(Date.now() + 31 * 86_400_000);
      expect((await failure(sessions.refresh(s.refreshToken, later))).code).toBe('TOKEN_EXPIRED');
      const unknown = await failure(sessions.refresh('x'.repeat(43)));
      expect([unknown.code, unknown.status]).toEqual(['UNAUTHENTICATED', 401]);
    });
  });

  describe('logout', () => {
    it("ends this session only; the user's other sessions go on", async () => {
      const e = email();
      const a = await register(e);
      const b = await accounts.login({ email: e, password: PASSWORD });
      const sidA = decodeJwt(a.accessToken).sid as string;
      const out = await sessions.logout({ actor: { userId: a.user.id }, sessionId: sidA });
      expect(out).toEqual({ revokedSessionIds: [sidA] });
      expect((await failure(sessions.refresh(a.refreshToken))).code).toBe('TOKEN_REUSED');
      await expect(sessions.refresh(b.refreshToken)).resolves.toHaveProperty('accessToken');
    });

    it("with allSessions ends every session of the user, and never another user's", async () => {
      const e = email();
      const a = await register(e);
      const b = await accounts.login({ email: e, password: PASSWORD });
      const other = await register();
      const out = await sessions.logout({
        actor: { userId: a.user.id },
        sessionId: decodeJwt(a.accessToken).sid as string,
        refreshToken: other.refreshToken,
        allSessions: true,
      });
      expect(new Set(out.revokedSessionIds)).toEqual(new Set([decodeJwt(a.accessToken).sid, decodeJwt(b.accessToken).sid]));
      expect((await failure(sessions.refresh(b.refreshToken))).code).toBe('TOKEN_REUSED');
      await expect(sessions.refresh(other.refreshToken)).resolves.toHaveProperty('accessToken');
    });

    it("ignores a refresh token of another user rather than ending that user's session", async () => {
      const a = await register();
      const other = await register();
      const sidA = decodeJwt(a.accessToken).sid as string;
      const out = await sessions.logout({ actor: { userId: a.user.id }, sessionId: sidA, refreshToken: other.refreshToken });
      expect(out.revokedSessionIds).toEqual([sidA]);
      await expect(sessions.refresh(other.refreshToken)).resolves.toHaveProperty('accessToken');
    });
  });

  it('finds a user by email in any case, and answers null for unknown or malformed emails', async () => {
    const e = email();
    const reg = await register(e);
    await expect(accounts.findByEmail(` ${e.toUpperCase()} `)).resolves.toEqual({ id: reg.user.id, email: e, name: 'Ada Lovelace' });
    await expect(accounts.findByEmail(`nobody-${e}`)).resolves.toBeNull();
    await expect(accounts.findByEmail('not an email')).resolves.toBeNull();
    await expect(accounts.me(reg.user.id)).resolves.toEqual(reg.user);
  });
});
