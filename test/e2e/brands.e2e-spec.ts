import { randomUUID } from 'node:crypto';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, startTestPlatform, type TestPlatform } from '../support/platform';

const PASSWORD = 'correct-Horse-battery';
const PROBLEM = 'application/problem+json';

type Reply = Awaited<ReturnType<typeof api>>;
interface Person {
  email: string;
  name: string;
  id: string;
  token: string;
}

describe.each(PLATFORM_MODES)('brands and members over HTTP (%s)', (mode) => {
  let p: TestPlatform;
  let alice: Person; // owner
  let bob: Person; // editor
  let carol: Person; // viewer
  let dave: Person; // another tenant
  let brandId: string;

  const call = (who: Person | null, method: string, route: string, body?: unknown) => api(p.url, method, `/api/v1${route}`, { token: who?.token, body });
  const expectProblem = (r: Reply, status: number, code: string) => {
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.headers.get('content-type')).toContain(PROBLEM);
    expect(r.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  };
  const invite = (who: Person, id: string, email: string, role: string) => call(who, 'POST', `/brands/${id}/invitations`, { email, role });
  /** In the app: the invitee accepts by the invitation's id (the mailed token is covered in invitations.e2e-spec.ts). */
  const accept = (who: Person, key: string) => call(who, 'POST', `/invitations/${key}/accept`);
  const signUp = async (name: string): Promise<Person> => {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
    const r = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name } });
    expect(r.status).toBe(201);
    return { email, name, id: r.body.user.id, token: r.body.accessToken };
  };
  const signIn = async (who: Person): Promise<Person> => {
    const r = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: who.email, password: PASSWORD } });
    expect(r.status).toBe(200);
    return { ...who, token: r.body.accessToken };
  };
  const allPages = async (who: Person, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: Reply = await call(who, 'GET', `/brands?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...r.body.items.map((b: { id: string }) => b.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    return { ids, pages };
  };

  beforeAll(async () => {
    // Many sign-ups and calls from one address in a few seconds: lift the limits this file is not about.
    p = await startTestPlatform(mode, { RATE_LIMIT_AUTH_PER_MIN: '10000', RATE_LIMIT_USER_PER_MIN: '10000' });
    [alice, bob, carol, dave] = [await signUp('Alice'), await signUp('Bob'), await signUp('Carol'), await signUp('Dave')];
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('creates a brand whose creator is the owner', async () => {
    const r = await call(alice, 'POST', '/brands', {
      name: 'Northside Coffee',
      industry: 'Coffee',
      website: 'https://northside.example.com',
      values: ['craft', 'traceability'],
      pillars: ['brewing guides'],
    });
    expect(r.status).toBe(201);
    brandId = r.body.id;
    expect(r.headers.get('location')).toBe(`/api/v1/brands/${brandId}`);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Northside Coffee',
      industry: 'Coffee',
      description: null,
      website: 'https://northside.example.com',
      audience: null,
      tone: null,
      values: ['craft', 'traceability'],
      bannedWords: [],
      pillars: ['brewing guides'],
      competitors: [],
      timezone: 'UTC',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      role: 'owner',
    });
    expect((await call(alice, 'GET', `/brands/${brandId}`)).body).toEqual(r.body);
  });

  it('rejects bad input with field errors: unknown fields, blank name, bad website and time zone', async () => {
    const unknown = await call(alice, 'POST', '/brands', { name: 'X', ownerId: dave.id });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.errors).toEqual([{ field: 'ownerId', message: 'is not a known field' }]);
    const bad = await call(alice, 'POST', '/brands', { name: ' ', website: 'northside', timezone: 'Mars/Olympus', pillars: 'x' });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name', 'website', 'timezone', 'pillars']));
    expectProblem(await call(alice, 'PATCH', `/brands/${brandId}`, { role: 'viewer' }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(alice, 'GET', '/brands?limit=101'), 400, 'VALIDATION_FAILED');
    expectProblem(await call(alice, 'GET', '/brands?cursor=not-one-of-ours'), 400, 'VALIDATION_FAILED');
  });

  it('answers 400 for an id that is not a UUID', async () => {
    for (const [method, route] of [
      ['GET', '/brands/not-a-uuid'],
      ['PATCH', '/brands/123'],
      ['DELETE', '/brands/123'],
      ['GET', '/brands/123/members'],
      ['DELETE', `/brands/${brandId}/members/nobody`],
      ['PATCH', `/brands/${brandId}/members/nobody`],
      ['GET', '/brands/123/invitations'],
      ['DELETE', '/invitations/123'],
    ]) {
      const r = await call(alice, method, route, method === 'PATCH' ? (route.includes('/members/') ? { role: 'viewer' } : { tone: 'x' }) : undefined);
      expectProblem(r, 400, 'VALIDATION_FAILED');
    }
  });

  it('lists only the caller’s brands, newest first, a page at a time', async () => {
    for (let i = 1; i <= 4; i++) expect((await call(alice, 'POST', '/brands', { name: `Alice brand ${i}` })).status).toBe(201);
    expect((await call(dave, 'POST', '/brands', { name: 'Dave brand' })).status).toBe(201);

    const { ids, pages } = await allPages(alice, 2);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(ids[ids.length - 1]).toBe(brandId);
    const first = await call(alice, 'GET', '/brands');
    expect(first.body.items.map((b: { name: string }) => b.name)).not.toContain('Dave brand');
    expect(first.body.nextCursor).toBeNull();
    expect((await allPages(dave, 20)).ids).toHaveLength(1);
  });

  it('edits a brand: any listed field, null clears text, the time zone is checked', async () => {
    const r = await call(alice, 'PATCH', `/brands/${brandId}`, { tone: 'Warm, never snobbish', industry: null, timezone: 'Europe/Paris' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tone: 'Warm, never snobbish', industry: null, timezone: 'Europe/Paris', name: 'Northside Coffee', role: 'owner' });
    expect(Date.parse(r.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(r.body.createdAt));
  });

  it('invites members (owner), who join by accepting; lists them; changes a role with PATCH', async () => {
    const invited = await invite(alice, brandId, bob.email, 'editor');
    expect(invited.status).toBe(201);
    expect(invited.body).toEqual({
      id: expect.any(String),
      brandId,
      brandName: 'Northside Coffee',
      email: bob.email,
      role: 'editor',
      status: 'pending',
      invitedBy: expect.stringMatching(/^(Alice|alice-)/),
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    // Nobody joins without accepting.
    expectProblem(await call(bob, 'GET', `/brands/${brandId}`), 404, 'NOT_FOUND');
    expect((await call(bob, 'GET', '/invitations')).body.items.map((i: { id: string }) => i.id)).toEqual([invited.body.id]);
    // Someone else cannot accept it, even knowing its id.
    expectProblem(await accept(carol, invited.body.id), 404, 'NOT_FOUND');
    const joined = await accept(bob, invited.body.id);
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ brandId, brandName: 'Northside Coffee', role: 'editor' });
    expect((await call(bob, 'GET', '/invitations')).body.items).toEqual([]);

    const carols = await invite(alice, brandId, carol.email.toUpperCase(), 'editor');
    expect(carols.status).toBe(201);
    expect(carols.body.email).toBe(carol.email.toLowerCase());
    expect((await accept(carol, carols.body.id)).status).toBe(200);
    const changed = await call(alice, 'PATCH', `/brands/${brandId}/members/${carol.id}`, { role: 'viewer' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ userId: carol.id, email: expect.any(String), name: expect.anything(), role: 'viewer', createdAt: expect.any(String) });
    expectProblem(await call(alice, 'PATCH', `/brands/${brandId}/members/${dave.id}`, { role: 'viewer' }), 404, 'NOT_FOUND');

    // An address without an account gets an invitation too; the owner sees it pending and may revoke it.
    const unknown = await invite(alice, brandId, 'nobody-here@example.com', 'viewer');
    expect(unknown.status).toBe(201);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(invited.body).sort());
    expect((await call(alice, 'GET', `/brands/${brandId}/invitations`)).body.items.map((i: { email: string }) => i.email)).toEqual(['nobody-here@example.com']);
    expect((await call(alice, 'DELETE', `/invitations/${unknown.body.id}`)).status).toBe(204);
    expect((await call(alice, 'GET', `/brands/${brandId}/invitations`)).body.items).toEqual([]);
    expectProblem(await invite(alice, brandId, bob.email, 'admin'), 400, 'VALIDATION_FAILED');

    const list = await call(carol, 'GET', `/brands/${brandId}/members`);
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [alice.id, 'owner'],
      [bob.id, 'editor'],
      [carol.id, 'viewer'],
    ]);
    expect(list.body.items[0].email).toBe(alice.email);
    const paged = await call(carol, 'GET', `/brands/${brandId}/members?limit=2`);
    expect(paged.body.items).toHaveLength(2);
    const rest = await call(carol, 'GET', `/brands/${brandId}/members?limit=2&cursor=${paged.body.nextCursor}`);
    expect(rest.body).toEqual({ items: [expect.objectContaining({ userId: carol.id })], nextCursor: null });
    expect((await call(bob, 'GET', `/brands/${brandId}`)).body.role).toBe('editor');
  });

  it('lets each role do only its part: a viewer writing gets 403, an editor edits but does not manage', async () => {
    expectProblem(await call(carol, 'PATCH', `/brands/${brandId}`, { tone: 'Loud' }), 403, 'FORBIDDEN');
    expectProblem(await call(carol, 'DELETE', `/brands/${brandId}`), 403, 'FORBIDDEN');
    expectProblem(await invite(carol, brandId, dave.email, 'owner'), 403, 'FORBIDDEN');
    expectProblem(await call(carol, 'PATCH', `/brands/${brandId}/members/${carol.id}`, { role: 'owner' }), 403, 'FORBIDDEN');
    expectProblem(await call(carol, 'DELETE', `/brands/${brandId}/members/${bob.id}`), 403, 'FORBIDDEN');
    expect((await call(carol, 'GET', `/brands/${brandId}`)).body.tone).toBe('Warm, never snobbish');

    expect((await call(bob, 'PATCH', `/brands/${brandId}`, { audience: 'Home baristas' })).status).toBe(200);
    expectProblem(await call(bob, 'DELETE', `/brands/${brandId}`), 403, 'FORBIDDEN');
    expectProblem(await invite(bob, brandId, dave.email, 'viewer'), 403, 'FORBIDDEN');
    expectProblem(await call(bob, 'GET', `/brands/${brandId}/invitations`), 403, 'FORBIDDEN');
    expectProblem(await call(bob, 'PATCH', `/brands/${brandId}/members/${bob.id}`, { role: 'owner' }), 403, 'FORBIDDEN');
  });

  it('answers 404 to another tenant on every brand route, as for a brand that does not exist', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/brands/${brandId}`],
      ['PATCH', `/brands/${brandId}`, { tone: 'Mine now' }],
      ['DELETE', `/brands/${brandId}`],
      ['GET', `/brands/${brandId}/members`],
      ['POST', `/brands/${brandId}/invitations`, { email: dave.email, role: 'owner' }],
      ['GET', `/brands/${brandId}/invitations`],
      ['PATCH', `/brands/${brandId}/members/${alice.id}`, { role: 'viewer' }],
      ['DELETE', `/brands/${brandId}/members/${alice.id}`],
    ];
    for (const [method, route, body] of routes) {
      const theirs = await call(dave, method, route, body);
      expectProblem(theirs, 404, 'NOT_FOUND');
      const missing = await call(dave, method, route.replace(brandId, randomUUID()), body);
      expect({ status: missing.status, code: missing.body.code, detail: missing.body.detail }).toEqual({
        status: theirs.status,
        code: theirs.body.code,
        detail: theirs.body.detail,
      });
    }
    expect((await call(alice, 'GET', `/brands/${brandId}`)).body.tone).toBe('Warm, never snobbish');
    expect((await call(alice, 'GET', `/brands/${brandId}/members`)).body.items).toHaveLength(3);
  });

  it('answers 401 without a token', async () => {
    expectProblem(await call(null, 'GET', '/brands'), 401, 'UNAUTHENTICATED');
    expectProblem(await call(null, 'GET', `/brands/${brandId}/members`), 401, 'UNAUTHENTICATED');
  });

  it('keeps the last owner, removes other members, and a removed member loses access', async () => {
    expectProblem(await call(alice, 'DELETE', `/brands/${brandId}/members/${alice.id}`), 409, 'CONFLICT');
    expectProblem(await call(alice, 'PATCH', `/brands/${brandId}/members/${alice.id}`, { role: 'editor' }), 409, 'CONFLICT');
    expectProblem(await call(alice, 'DELETE', `/brands/${brandId}/members/${dave.id}`), 404, 'NOT_FOUND');

    expect((await call(alice, 'DELETE', `/brands/${brandId}/members/${carol.id}`)).status).toBe(204);
    expectProblem(await call(carol, 'GET', `/brands/${brandId}`), 404, 'NOT_FOUND');
    expect((await call(carol, 'GET', '/brands')).body.items.map((b: { id: string }) => b.id)).not.toContain(brandId);

    // With a second owner, the first may leave.
    expect((await call(alice, 'PATCH', `/brands/${brandId}/members/${bob.id}`, { role: 'owner' })).status).toBe(200);
    expect((await call(bob, 'DELETE', `/brands/${brandId}/members/${alice.id}`)).status).toBe(204);
    expectProblem(await call(alice, 'GET', `/brands/${brandId}`), 404, 'NOT_FOUND');
    expectProblem(await call(bob, 'DELETE', `/brands/${brandId}/members/${bob.id}`), 409, 'CONFLICT');
    const back = await invite(bob, brandId, alice.email, 'owner');
    expect(back.status).toBe(201);
    expect((await accept(alice, back.body.id)).body).toMatchObject({ brandId, role: 'owner' });
  });

  it('deletes a brand (owner) for every member', async () => {
    const doomed = (await call(alice, 'POST', '/brands', { name: 'Short-lived' })).body.id;
    const invited = await invite(alice, doomed, bob.email, 'editor');
    expect(invited.status).toBe(201);
    expect((await accept(bob, invited.body.id)).status).toBe(200);
    const r = await call(alice, 'DELETE', `/brands/${doomed}`);
    expect(r.status).toBe(204);
    expect(r.body).toBeNull();
    expectProblem(await call(alice, 'GET', `/brands/${doomed}`), 404, 'NOT_FOUND');
    expectProblem(await call(bob, 'GET', `/brands/${doomed}/members`), 404, 'NOT_FOUND');
    expectProblem(await call(alice, 'DELETE', `/brands/${doomed}`), 404, 'NOT_FOUND');
    expect((await allPages(alice, 100)).ids).not.toContain(doomed);
  });

  it('describes the brand routes in the OpenAPI document', async () => {
    const doc = (await api(p.url, 'GET', '/api/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/brands',
        '/api/v1/brands/{id}',
        '/api/v1/brands/{id}/members',
        '/api/v1/brands/{id}/members/{userId}',
        '/api/v1/brands/{id}/invitations',
        '/api/v1/invitations/{token}/accept',
        '/api/v1/invitations/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/brands/{id}'].patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    expect(doc.paths['/api/v1/brands'].post.security).toEqual([{ bearer: [] }]);
  });

  it('keeps users, brands and memberships across a restart', async () => {
    const before = await allPages(alice, 100);
    p = await p.restart();
    alice = await signIn(alice);
    bob = await signIn(bob);
    expect((await allPages(alice, 100)).ids).toEqual(before.ids);
    const brand = await call(bob, 'GET', `/brands/${brandId}`);
    expect(brand.status).toBe(200);
    expect(brand.body).toMatchObject({ name: 'Northside Coffee', timezone: 'Europe/Paris', role: 'owner' });
    expect((await call(alice, 'GET', `/brands/${brandId}/members`)).body.items.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [alice.id, bob.id].sort(),
    );
  });
});
