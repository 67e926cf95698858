import { vi } from 'vitest';

export interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or the FormData of an upload. */
  body: unknown;
}

type Answer = Response | Promise<Response>;
type Handler = (req: FakeRequest) => Answer;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json(status, { type: 'about:blank', title: code, status, code, detail: `${code} detail`, requestId: `req-${status}`, ...extra }, headers);

/** A text/event-stream body that sends the given events, one chunk each, then ends. */
export function sse(events: { event: string; data: unknown }[]): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(c) {
      c.enqueue(enc.encode('retry: 2000\n\n'));
      for (const e of events) {
        await new Promise((r) => setTimeout(r, 5));
        c.enqueue(enc.encode(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`));
      }
      c.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

/**
 * A fetch that answers `METHOD /path` (path after /api/v1, query included) from handlers; the
 * first matching handler wins, unmatched requests answer 404. Every request is recorded.
 */
export function fakeFetch(routes: Record<string, Handler>) {
  const calls: FakeRequest[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const path = url.replace(/^\/api\/v1/, '');
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const req: FakeRequest = {
      method: init?.method ?? 'GET',
      path,
      headers,
      body: init?.body instanceof FormData ? init.body : init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(req);
    const key = `${req.method} ${path}`;
    const pathOnly = `${req.method} ${path.split('?')[0]}`;
    const h = routes[key] ?? routes[pathOnly];
    if (!h) return problem(404, 'NOT_FOUND');
    // As the gateway: everything but sign-in, sign-up, refresh and password reset needs a bearer token.
    if (!/^\/auth\/(login|register|refresh|password-reset)/.test(path) && !headers.authorization?.startsWith('Bearer ')) return problem(401, 'UNAUTHENTICATED');
    return h(req);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

export function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

export const USER = { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', createdAt: '2026-01-01T00:00:00.000Z' };

export const BRAND = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Northside Coffee',
  industry: 'Coffee',
  description: null,
  website: null,
  audience: null,
  tone: null,
  values: [],
  bannedWords: [],
  pillars: [],
  competitors: [],
  timezone: 'UTC',
  createdAt: '2026-01-01T00:00:00.000Z',
  role: 'owner',
};

/** Routes of a signed-in session restored from a refresh token, with one brand. */
export function sessionRoutes(): Record<string, Handler> {
  return {
    'POST /auth/refresh': () => json(200, { accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900 }),
    'GET /auth/me': () => json(200, USER),
    'GET /brands': () => json(200, { items: [BRAND], nextCursor: null }),
    'GET /jobs': () => json(200, { items: [], nextCursor: null }),
  };
}
