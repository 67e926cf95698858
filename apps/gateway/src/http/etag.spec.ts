import { rememberedWeakETag, weakETag } from './etag';

// The function Express itself uses for `app.set('etag', 'weak')`, its default.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wetag } = require('express/lib/utils') as { wetag: (body: Buffer | string, encoding?: BufferEncoding) => string };

describe('weakETag', () => {
  const bodies: Array<[string, Buffer | string]> = [
    ['an empty string', ''],
    ['an empty buffer', Buffer.alloc(0)],
    ['a small JSON string', '{"status":"ok"}'],
    ['a small JSON buffer', Buffer.from('{"status":"ok"}')],
    ['a large JSON string with non-ASCII text', JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Café ${i} — ☕` })) })],
    ['binary bytes', Buffer.from([0, 255, 10, 13, 128])],
  ];

  it.each(bodies)('answers what the default weak ETag of Express answers for %s', (_name, body) => {
    expect(weakETag(body)).toBe(wetag(body));
  });

  it('tells different bodies apart', () => {
    expect(weakETag('{"a":1}')).not.toBe(weakETag('{"a":2}'));
  });
});

describe('rememberedWeakETag (ADR 219)', () => {
  it('answers what weakETag answers, for a body seen before, a new one, and one past the memo', () => {
    const small = (i: number) => JSON.stringify({ id: i, name: `Café ${i}` });
    for (let round = 0; round < 2; round++) for (let i = 0; i < 300; i++) expect(rememberedWeakETag(small(i))).toBe(wetag(small(i)));
    const large = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i })) });
    expect(large.length).toBeGreaterThan(1024);
    expect(rememberedWeakETag(large)).toBe(wetag(large));
    expect(rememberedWeakETag('')).toBe(wetag(''));
  });
});

describe('installWeakETags (ADR 178)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Fastify = require('fastify') as typeof import('fastify').default;
  const app = Fastify();
  const body = '{"items":[1,2,3]}';
  beforeAll(async () => {
    const { installWeakETags } = await import('./etag');
    installWeakETags(app);
    app.get('/things', async (_req, reply) => reply.type('application/json').send(body));
    app.post('/things', async (_req, reply) => reply.code(201).type('application/json').send(body));
    app.get('/broken', async (_req, reply) => reply.code(404).type('application/problem+json').send('{"code":"NOT_FOUND"}'));
    await app.ready();
  });
  afterAll(() => app.close());

  it('tags a successful GET and answers a matching If-None-Match with 304 and no body', async () => {
    const first = await app.inject({ method: 'GET', url: '/things' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(weakETag(body));
    const again = await app.inject({ method: 'GET', url: '/things', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const stale = await app.inject({ method: 'GET', url: '/things', headers: { 'if-none-match': 'W/"1-x"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('tags a successful HEAD', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/things' });
    expect(head.headers.etag).toBe(weakETag(body));
  });

  it('puts no ETag on a write or on a problem', async () => {
    const created = await app.inject({ method: 'POST', url: '/things' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBeUndefined();
    const missing = await app.inject({ method: 'GET', url: '/broken', headers: { 'if-none-match': '*' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });
});
