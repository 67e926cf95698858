import { gzipSync } from 'node:zlib';
import fastify, { type FastifyInstance } from 'fastify';
import { asBodyParserError } from './fastify-adapter';
import { installJsonBodyParser, parseByteLimit } from './json-body';

describe('the gateway JSON body parser on Fastify (ADR 165)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = fastify();
    installJsonBodyParser(app, 1024);
    app.setErrorHandler((err, _req, reply) => {
      const e = asBodyParserError(err) as { status?: number; statusCode?: number; type?: string; message: string; name: string };
      void reply.code(200).send({ status: e.status ?? e.statusCode, type: e.type, name: e.name, message: e.message });
    });
    app.post('/echo', async (req) => ({ body: req.body, raw: req.rawBody?.toString('utf8') }));
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (payload: string | Buffer, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': 'application/json', ...headers } }).then((r) => r.json());

  it('parses JSON and keeps the exact bytes sent', async () => {
    expect(await post('{ "a" : 1 }')).toEqual({ body: { a: 1 }, raw: '{ "a" : 1 }' });
    expect(await post('{"a":[1]}', { 'content-type': 'application/merge-patch+json' })).toEqual({ body: { a: [1] }, raw: '{"a":[1]}' });
  });

  it('decodes gzip, and refuses what Express refused with the same statuses', async () => {
    expect((await post(gzipSync('{"z":true}'), { 'content-encoding': 'gzip' })).body).toEqual({ z: true });
    expect(await post('{"a":', {})).toMatchObject({ status: 400, name: 'SyntaxError' });
    expect(await post('"a string"')).toMatchObject({ status: 400, name: 'SyntaxError' });
    expect(await post('{"a":1}', { 'content-encoding': 'gzip' })).toMatchObject({ status: 400 });
    expect(await post('{"a":1}', { 'content-encoding': 'x-unknown' })).toMatchObject({ status: 415, type: 'encoding.unsupported' });
    expect(await post('{"a":1}', { 'content-type': 'application/json; charset=latin1' })).toMatchObject({ status: 415, type: 'charset.unsupported' });
    expect(await post(JSON.stringify({ a: 'x'.repeat(2000) }))).toMatchObject({ status: 413, type: 'entity.too.large' });
  });

  it('reads body limits as Express did', () => {
    expect(parseByteLimit('100kb')).toBe(102_400);
    expect(parseByteLimit('1mb')).toBe(1_048_576);
    expect(parseByteLimit(512)).toBe(512);
  });
});
