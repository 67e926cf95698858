import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { TokenService, type TokenRuntime } from './token.service';

const SECRET = 'a-unit-test-secret-that-is-long-enough-for-hs256';
const runtime: TokenRuntime = { jwtSecret: SECRET, config: { auth: { accessTtlSeconds: 900, refreshTtlDays: 30 } } };

describe('TokenService', () => {
  const tokens = new TokenService(runtime);
  const user = { id: '7f0c2d4e-9d7b-4b8e-8f43-3f5e7e0f2a11', email: 'ada@example.com' };
  const sessionId = '0b6a5f3c-1d2e-4f50-8a9b-c0d1e2f3a4b5';

  it('signs an HS256 access token with sub, email, sid, iat and exp = iat + the configured ttl', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const signed = await tokens.signAccessToken(user, sessionId, now);
    expect(signed.expiresIn).toBe(900);
    expect(decodeProtectedHeader(signed.token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(signed.token)).toEqual({
      sub: user.id,
      email: user.email,
      sid: sessionId,
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 900,
    });
  });

  it('produces a token that verifies with the shared secret and not with another', async () => {
    const { token } = await tokens.signAccessToken(user, sessionId);
    await expect(jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] })).resolves.toBeDefined();
    await expect(jwtVerify(token, new TextEncoder().encode(`${SECRET}x`), { algorithms: ['HS256'] })).rejects.toThrow(/signature/);
  });

  it('makes refresh tokens of the session family and 32 random bytes (base64url) and stores only their SHA-256', () => {
    const family = '5b1f0c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
    const a = tokens.newRefreshSecret(family);
    const b = tokens.newRefreshSecret(family);
    expect(a.token).toMatch(new RegExp(`^${family}\\.[A-Za-z0-9_-]{43}$`));
    expect(Buffer.from(a.token.split('.')[1], 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token);
    expect(tokens.hashRefreshToken(a.token)).toBe(a.hash);
    // A known vector: the hash is plain SHA-256 of the token text.
    expect(tokens.hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('sets refresh expiry refreshTtlDays after issue', () => {
    expect(tokens.refreshExpiry(new Date('2030-01-01T00:00:00Z')).toISOString()).toBe('2030-01-31T00:00:00.000Z');
  });
});
