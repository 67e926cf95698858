import { createHash } from 'node:crypto';
import { api, registerUser, startTestPlatform, type TestPlatform, until, PLATFORM_BOOT_MS } from '../support/platform';
import { decoded, mailFolder, SmtpInbox } from '../support/smtp';

const NEW_PASSWORD = 'Tangerine lanterns over 7 quiet harbors';

/** The reset token of a mail. */
const tokenIn = (raw: string) => /reset-password\?token=([\w-]+)/.exec(decoded(raw))?.[1];

/**
 * Password reset (ADR 104): the same answer whether or not the address is registered, a mail with a
 * single-use, short-lived link, and a reset that ends every session. Over a real SMTP server in the
 * services mode; written to DATA_DIR/mail in the embedded one.
 */
describe.each(['services', 'embedded'] as const)('password reset (%s)', (mode) => {
  let p: TestPlatform;
  let smtp: SmtpInbox;
  let dataDir: string;

  /** The mails sent so far, raw, with their recipients. */
  const mails = (): { to: string[]; raw: string }[] => (mode === 'services' ? smtp.mails : mailFolder(dataDir));

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    p = await startTestPlatform(mode, {
      ...(mode === 'services' ? { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } : {}),
      PUBLIC_URL: 'https://marketing.example',
      RATE_LIMIT_AUTH_PER_MIN: '1000',
    });
    dataDir = p.runtime.config.dataDir;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await smtp?.stop();
  });

  it('answers the same for a registered and an unknown address, and mails only the registered one', async () => {
    const user = await registerUser(p.url, 'forgetful');
    const known = await api(p.url, 'POST', '/api/v1/auth/password-reset', { body: { email: user.user.email.toUpperCase() } });
    const unknown = await api(p.url, 'POST', '/api/v1/auth/password-reset', { body: { email: `nobody-${Date.now()}@example.com` } });
    expect(known.status).toBe(202);
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: known.status, body: known.body });
    const mail = await until('the reset mail', async () => mails().find((m) => m.to.includes(user.user.email)));
    expect(mail.raw).toMatch(/Subject: Reset your Marketing Team password/);
    expect(decoded(mail.raw)).toMatch(/https:\/\/marketing\.example\/reset-password\?token=[\w-]{43}\b/);
    await new Promise((r) => setTimeout(r, 300));
    expect(mails().filter((m) => m.to.some((t) => t.startsWith('nobody-')))).toEqual([]);
  });

  it('sets a new password once with the mailed token, ends every session, and refuses the token after', async () => {
    const user = await registerUser(p.url, 'resetter');
    const other = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: user.user.email, password: 'correct horse battery 42' } });
    expect(other.status).toBe(200);
    expect((await api(p.url, 'POST', '/api/v1/auth/password-reset', { body: { email: user.user.email } })).status).toBe(202);
    const mail = await until('the reset mail', async () => mails().find((m) => m.to.includes(user.user.email)));
    const token = tokenIn(mail.raw) as string;
    expect(token).toMatch(/^[\w-]{43}$/);

    const weak = await api(p.url, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'aaaaaaaaa1' } });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(/too easy to guess/) }]);

    expect((await api(p.url, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).status).toBe(204);
    // Every session ended: access tokens and refresh tokens of both sign-ins.
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: user.accessToken })).status).toBe(401);
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: other.body.accessToken })).status).toBe(401);
    expect((await api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status).toBe(401);
    // The new password works, the old one does not.
    expect((await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: user.user.email, password: 'correct horse battery 42' } })).status).toBe(401);
    expect((await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: user.user.email, password: NEW_PASSWORD } })).status).toBe(200);
    // Single use.
    const again = await api(p.url, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: `${NEW_PASSWORD} again` } });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ field: 'token', message: expect.stringMatching(/invalid, used or expired/) }]);
    const forged = await api(p.url, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token: 'x'.repeat(43), password: NEW_PASSWORD } });
    expect(forged.status).toBe(400);
  });

  it('refuses a token once its 30 minutes are over, and the old password stays', async () => {
    const user = await registerUser(p.url, 'latecomer');
    const asked = Date.now();
    expect((await api(p.url, 'POST', '/api/v1/auth/password-reset', { body: { email: user.user.email } })).status).toBe(202);
    const mail = await until('the reset mail', async () => mails().find((m) => m.to.includes(user.user.email)));
    expect(decoded(mail.raw)).toMatch(/within 30 minutes/);
    const token = tokenIn(mail.raw) as string;
    expect(token).toMatch(/^[\w-]{43}$/);

    const { DataSource } = await import('typeorm');
    const db = p.platform.agents[0].get(DataSource);
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const [row]: { expires_at: Date }[] = await db.query(`SELECT expires_at FROM "auth".password_resets WHERE token_hash = $1`, [tokenHash]);
    const ttlMs = new Date(row.expires_at).getTime() - asked;
    expect(ttlMs).toBeGreaterThan(30 * 60_000 - 5_000);
    expect(ttlMs).toBeLessThan(30 * 60_000 + 60_000);

    // Thirty minutes later, as far as the token knows.
    await db.query(`UPDATE "auth".password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [tokenHash]);
    const late = await api(p.url, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([{ field: 'token', message: expect.stringMatching(/invalid, used or expired/) }]);
    expect((await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: user.user.email, password: NEW_PASSWORD } })).status).toBe(401);
    expect((await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: user.user.email, password: 'correct horse battery 42' } })).status).toBe(200);
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: user.accessToken })).status).toBe(200);
  });

  it('keeps only the hash of a reset token', async () => {
    const user = await registerUser(p.url, 'hashed');
    await api(p.url, 'POST', '/api/v1/auth/password-reset', { body: { email: user.user.email } });
    const mail = await until('the reset mail', async () => mails().find((m) => m.to.includes(user.user.email)));
    const token = tokenIn(mail.raw) as string;
    expect(token).toMatch(/^[\w-]{43}$/);
    const agent = p.platform.agents[0];
    const { DataSource } = await import('typeorm');
    const rows: { token_hash: string }[] = await agent.get(DataSource).query(`SELECT token_hash FROM "auth".password_resets`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
  });
});
