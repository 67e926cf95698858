import { randomUUID } from 'node:crypto';

/**
 * What a test needs to speak to a running system over HTTP, and nothing else: no app module, so a
 * file that drives the platform in child processes (or only talks to one) does not load the whole
 * app graph (Nest, TypeORM, every app: about 4.6 s of CPU per file) into its module registry.
 * test/support/platform.ts re-exports all of it.
 */

/**
 * Room for a test platform to start in a `beforeAll`: a few seconds on an idle machine, but a
 * loaded CI machine (two Jest workers, the system under test, a CPU hog) can take many times that.
 * Start-up time is not what these tests are about; bench:* measures it.
 */
export const PLATFORM_BOOT_MS = 180_000;

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** A tiny JSON client for e2e tests: returns status, headers and parsed body. */
export async function api(
  base: string,
  method: string,
  route: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** A user registered through the API, signed in. */
export interface TestUser {
  user: { id: string; email: string; name: string };
  accessToken: string;
  refreshToken: string;
}

/** Registers a new user named `who` (a unique e-mail each time) and answers the registration. */
export async function registerUser(base: string, who: string): Promise<TestUser> {
  const r = await api(base, 'POST', '/api/v1/auth/register', {
    body: { email: `${who}-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery 42', name: who },
  });
  if (r.status !== 201) throw new Error(`registering ${who} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as TestUser;
}

/** Polls `check` every 100 ms until it answers a value (not undefined), and answers it; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
