import { randomUUID } from 'node:crypto';
import { api, registerUser, startTestPlatform, type TestPlatform, until, PLATFORM_BOOT_MS } from '../support/platform';
import { decoded, mailFolder, type ReceivedMail, SmtpInbox } from '../support/smtp';

const PASSWORD = 'correct horse battery 42';
/** The invitation token in a mail's plain text (already decoded: decoding again would read `token=3F…` as `?`). */
const tokenInText = (text: string) => /accept-invitation\?token=([\w-]+)/.exec(text)?.[1] as string;
/** The invitation token of a raw, quoted-printable mail. */
const tokenIn = (raw: string) => tokenInText(decoded(raw));

/**
 * Invitations (ADR 115): an owner invites an address; the answer is the same whether or not it has
 * an account; the address gets a mail with a single-use link (over a real SMTP server in the
 * services mode, written to DATA_DIR/mail in the embedded one), an account also an in-app notice;
 * accepting, signed in with that address, adds the membership with the invited role.
 */
describe.each(['services', 'embedded'] as const)('invitations (%s)', (mode) => {
  let p: TestPlatform;
  let smtp: SmtpInbox;
  let dataDir: string;
  let owner: { token: string; email: string };
  let brandId: string;

  const mails = (): ReceivedMail[] => (mode === 'services' ? smtp.mails : mailFolder(dataDir));
  const mailTo = (email: string, after = 0) => until(`the invitation mail to ${email}`, async () => mails().filter((m) => m.to.includes(email))[after]);
  const invite = (email: string, role = 'editor') => api(p.url, 'POST', `/api/v1/brands/${brandId}/invitations`, { token: owner.token, body: { email, role } });
  const accept = (token: string, key: string) => api(p.url, 'POST', `/api/v1/invitations/${key}/accept`, { token });
  const roleOn = async (token: string) => (await api(p.url, 'GET', `/api/v1/brands/${brandId}`, { token })).body?.role ?? null;

  beforeAll(async () => {
    smtp = await new SmtpInbox().start();
    p = await startTestPlatform(mode, {
      ...(mode === 'services' ? { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } : {}),
      PUBLIC_URL: 'https://marketing.example',
    });
    dataDir = p.runtime.config.dataDir;
    const o = await registerUser(p.url, 'owner');
    owner = { token: o.accessToken, email: o.user.email };
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.token, body: { name: 'Harbour Bakery' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await smtp?.stop();
  });

  it('answers the same for an address with an account and one without, and mails both', async () => {
    const known = await registerUser(p.url, 'known');
    const unknownEmail = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    const a = await invite(known.user.email.toUpperCase());
    const b = await invite(unknownEmail);
    expect(a.status).toBe(201);
    expect(b.status).toBe(a.status);
    const shape = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).map(([k, v]) => [k, k === 'email' || k === 'id' || k.endsWith('At') ? typeof v : v]));
    expect(shape(b.body)).toEqual(shape(a.body));
    expect(a.body).toMatchObject({ email: known.user.email, role: 'editor', status: 'pending', brandName: 'Harbour Bakery' });
    // Nothing in the answer, its headers aside from ids, says whether the address has an account.
    expect(JSON.stringify(a.body)).not.toContain(known.user.id);
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());

    for (const email of [known.user.email, unknownEmail]) {
      const mail = await mailTo(email);
      expect(mail.raw).toMatch(/Subject: You are invited to Harbour Bakery on Marketing Team/);
      expect(decoded(mail.raw)).toMatch(/https:\/\/marketing\.example\/accept-invitation\?token=[\w-]{43}\b/);
    }
    // Nobody was added without accepting.
    expect(await roleOn(known.accessToken)).toBeNull();
  });

  it('tells an existing account in the app, where it accepts with the invited role', async () => {
    const sam = await registerUser(p.url, 'sam');
    // Registration reaches brand-agent asynchronously: an invitation sent before it is noticed then, one sent after at once.
    const invited = await invite(sam.user.email, 'viewer');
    const notice = await until('the in-app notice', async () => {
      const list = await api(p.url, 'GET', '/api/v1/notifications', { token: sam.accessToken });
      return (list.body.items as { kind: string; link: string; data: { invitationId?: string } }[]).find(
        (n) => n.kind === 'invitation' && n.data.invitationId === invited.body.id,
      );
    });
    expect(notice).toMatchObject({ title: 'You are invited to Harbour Bakery', link: '/invitations' });
    const mine = await api(p.url, 'GET', '/api/v1/invitations', { token: sam.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: invited.body.id, brandName: 'Harbour Bakery', role: 'viewer' })]);

    const joined = await accept(sam.accessToken, invited.body.id);
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ brandId, brandName: 'Harbour Bakery', role: 'viewer' });
    expect(await roleOn(sam.accessToken)).toBe('viewer');
    expect((await api(p.url, 'GET', '/api/v1/invitations', { token: sam.accessToken })).body.items).toEqual([]);
  });

  it('lets a new person register with the invited address, then accept with the mailed token, once', async () => {
    const email = `newcomer-${randomUUID().slice(0, 8)}@example.com`;
    expect((await invite(email, 'editor')).status).toBe(201);
    const token = tokenIn((await mailTo(email)).raw);
    expect(token).toMatch(/^[\w-]{43}$/);

    // Someone else signed in cannot use the token.
    const other = await registerUser(p.url, 'other');
    const refused = await accept(other.accessToken, token);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });

    const reg = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Newcomer' } });
    expect(reg.status).toBe(201);
    const joined = await accept(reg.body.accessToken, token);
    expect(joined.status).toBe(200);
    expect(joined.body.role).toBe('editor');
    expect(await roleOn(reg.body.accessToken)).toBe('editor');
    const members = await api(p.url, 'GET', `/api/v1/brands/${brandId}/members`, { token: owner.token });
    expect(members.body.items).toContainEqual(expect.objectContaining({ userId: reg.body.user.id, role: 'editor' }));

    const again = await accept(reg.body.accessToken, token);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('lets owners list and revoke pending invitations; a revoked link stops working at once', async () => {
    const email = `revoked-${randomUUID().slice(0, 8)}@example.com`;
    const invited = await invite(email, 'viewer');
    const token = tokenIn((await mailTo(email)).raw);
    const pending = await api(p.url, 'GET', `/api/v1/brands/${brandId}/invitations`, { token: owner.token });
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((i: { email: string }) => i.email)).toContain(email);

    expect((await api(p.url, 'DELETE', `/api/v1/invitations/${invited.body.id}`, { token: owner.token })).status).toBe(204);
    const after = await api(p.url, 'GET', `/api/v1/brands/${brandId}/invitations`, { token: owner.token });
    expect(after.body.items.map((i: { email: string }) => i.email)).not.toContain(email);
    const reg = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Late' } });
    const refused = await accept(reg.body.accessToken, token);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await roleOn(reg.body.accessToken)).toBeNull();
  });

  it('keeps only the hash of an invitation token', async () => {
    const email = `hashed-${randomUUID().slice(0, 8)}@example.com`;
    await invite(email);
    const token = tokenIn((await mailTo(email)).raw);
    const { DataSource } = await import('typeorm');
    const rows: Record<string, unknown>[] = await p.platform.agents[0].get(DataSource).query(`SELECT * FROM "brand".invitation`);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it(
    mode === 'embedded' ? 'shows each signed-in user the mails addressed to them in the dev inbox' : 'has no dev inbox when mail goes out over SMTP',
    async () => {
      const reader = await registerUser(p.url, 'reader');
      const inbox = await api(p.url, 'GET', '/api/v1/dev/inbox', { token: reader.accessToken });
      if (mode === 'services') {
        expect({ status: inbox.status, code: inbox.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
        return;
      }
      expect(inbox.body).toEqual({ items: [], nextCursor: null });
      await invite(reader.user.email, 'viewer');
      await invite(`someone-else-${randomUUID().slice(0, 8)}@example.com`, 'viewer');
      const mine = await until('the mail in the dev inbox', async () => {
        const r = await api(p.url, 'GET', '/api/v1/dev/inbox', { token: reader.accessToken });
        return r.body.items.length > 0 ? r.body : undefined;
      });
      expect(mine.items).toEqual([
        {
          id: expect.any(String),
          from: 'no-reply@localhost',
          to: [reader.user.email],
          subject: 'You are invited to Harbour Bakery on Marketing Team',
          text: expect.stringContaining('https://marketing.example/accept-invitation?token='),
          sentAt: expect.any(String),
        },
      ]);
      // The token in the dev inbox works like the mailed link.
      const token = tokenInText(mine.items[0].text);
      expect((await accept(reader.accessToken, token)).status).toBe(200);
      expect((await api(p.url, 'GET', '/api/v1/dev/inbox', { token: 'not-a-token' })).status).toBe(401);
    },
  );
});
