import { SignJWT, UnsecuredJWT } from 'jose';
import type { KeyValueStore, Runtime } from '@mt/runtime';
import { MemoryKeyValueStore } from '@mt/runtime';
import { ProblemError } from '../http/problem';
import { AccessTokenVerifier } from './access-token.verifier';
import type { PersonalAccessTokensService } from './personal-access-tokens.service';
import { SessionRevocations } from './session-revocations.service';

const SECRET = 'unit-test-secret-that-is-long-enough-for-hs256';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

function sign(claims: Record<string, unknown>, opts: { alg?: string; secret?: Uint8Array; exp?: number; sub?: string } = {}) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuedAt(now() - 10)
    .setExpirationTime(opts.exp ?? now() + 600);
  if (opts.sub !== '') jwt.setSubject(opts.sub ?? 'user-1');
  return jwt.sign(opts.secret ?? key);
}

async function problemOf(p: Promise<unknown>): Promise<{ code: string; headers?: Record<string, string> }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProblemError) return { code: err.code, headers: err.extra.headers };
    throw err;
  }
  throw new Error('expected a problem');
}

describe('AccessTokenVerifier', () => {
  let kv: KeyValueStore;
  let revocations: SessionRevocations;
  let verifier: AccessTokenVerifier;

  beforeEach(() => {
    kv = new MemoryKeyValueStore();
    const runtime = { jwtSecret: SECRET, config: { auth: { accessTtlSeconds: 600 } } } as unknown as Runtime;
    revocations = new SessionRevocations(kv, runtime);
    verifier = new AccessTokenVerifier(runtime, revocations, { authenticate: async () => null } as unknown as PersonalAccessTokensService);
  });
  afterEach(() => kv.close());

  it('turns a valid Bearer token into the current user', async () => {
    const token = await sign({ email: 'ada@example.com', sid: 'session-1' });
    await expect(verifier.fromAuthorization(`Bearer ${token}`)).resolves.toEqual({ id: 'user-1', email: 'ada@example.com', sessionId: 'session-1' });
  });

  it('asks for a token when there is none, with a Bearer challenge', async () => {
    expect(await problemOf(verifier.fromAuthorization(undefined))).toEqual({ code: 'UNAUTHENTICATED', headers: { 'WWW-Authenticate': 'Bearer realm="api"' } });
    expect((await problemOf(verifier.fromAuthorization('Basic dXNlcjpwYXNz'))).code).toBe('UNAUTHENTICATED');
  });

  it('remembers a verified token but still refuses it once it expires (ADR 178)', async () => {
    const token = await sign({ email: 'ada@example.com', sid: 'session-1' }, { exp: now() + 60 });
    await expect(verifier.fromAuthorization(`Bearer ${token}`)).resolves.toMatchObject({ id: 'user-1' });
    await expect(verifier.fromAuthorization(`Bearer ${token}`)).resolves.toMatchObject({ id: 'user-1' });
    // Past exp and the clock tolerance (only the clock is faked): the remembered token is refused.
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'performance',
        'hrtime',
      ],
    });
    try {
      jest.setSystemTime(Date.now() + 70_000);
      expect((await problemOf(verifier.fromAuthorization(`Bearer ${token}`))).code).toBe('TOKEN_EXPIRED');
    } finally {
      jest.useRealTimers();
    }
  });

  it('still refuses a remembered token whose session has ended', async () => {
    const token = await sign({ email: 'ada@example.com', sid: 'session-9' });
    await expect(verifier.fromAuthorization(`Bearer ${token}`)).resolves.toMatchObject({ sessionId: 'session-9' });
    await revocations.revoke(['session-9']);
    expect((await problemOf(verifier.fromAuthorization(`Bearer ${token}`))).code).toBe('UNAUTHENTICATED');
  });

  it('answers TOKEN_EXPIRED for an expired token, beyond the clock tolerance', async () => {
    const token = await sign({ email: 'a@example.com', sid: 's' }, { exp: now() - 30 });
    const p = await problemOf(verifier.fromAuthorization(`Bearer ${token}`));
    expect(p.code).toBe('TOKEN_EXPIRED');
    expect(p.headers?.['WWW-Authenticate']).toContain('error="invalid_token"');
  });

  it('refuses another secret, another algorithm, an unsigned token and missing claims', async () => {
    const other = await sign({ email: 'a@example.com', sid: 's' }, { secret: new TextEncoder().encode(`${SECRET}-other`) });
    const hs512 = await sign({ email: 'a@example.com', sid: 's' }, { alg: 'HS512' });
    const unsigned = new UnsecuredJWT({ email: 'a@example.com', sid: 's', sub: 'user-1', exp: now() + 600, iat: now() }).encode();
    const noSid = await sign({ email: 'a@example.com' });
    const noSub = await sign({ email: 'a@example.com', sid: 's' }, { sub: '' });
    for (const t of [other, hs512, unsigned, noSid, noSub]) {
      expect((await problemOf(verifier.fromAuthorization(`Bearer ${t}`))).code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses the access tokens of a revoked session until they would have expired anyway', async () => {
    const token = await sign({ email: 'a@example.com', sid: 'session-9' });
    await revocations.revoke(['session-9']);
    expect((await problemOf(verifier.fromAuthorization(`Bearer ${token}`))).code).toBe('UNAUTHENTICATED');
    const other = await sign({ email: 'a@example.com', sid: 'session-10' });
    await expect(verifier.fromAuthorization(`Bearer ${other}`)).resolves.toMatchObject({ sessionId: 'session-10' });
  });
});
