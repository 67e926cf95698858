import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Bad input never reaches a 5xx: generated bodies that are wrong in every way a client can be
 * wrong (types, missing and unknown fields, huge strings, nested garbage, malformed JSON, other
 * content types), over every POST/PUT/PATCH route of the route table, each answered by a 4xx
 * problem with a code. Plus the explicit cases: malformed JSON, oversized body, unknown fields.
 */

interface Route {
  method: string;
  path: string;
}
interface PropSchema {
  type?: string;
  $ref?: string;
  items?: PropSchema;
}
interface BodySchema {
  properties: Record<string, PropSchema>;
  required: string[];
}

const RUNS: Record<string, number> = { services: 1_000, embedded: 300 };
const BODY_LIMIT_BYTES = 64 * 1024;

function writeRoutes(app: INestApplication): Route[] {
  const server = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
  }
  const out = new Map<string, Route>();
  // On Fastify (ADR 165) the gateway's adapter lists its routes; on Express, the router's stack does.
  const listed = (app.getHttpAdapter() as { routes?: Route[] }).routes;
  const stack: Layer[] = listed
    ? listed.map((r) => ({ route: { path: r.path, methods: { [r.method.toLowerCase()]: true } } }))
    : ((server.router ?? server._router)?.stack ?? []);
  for (const layer of stack) {
    const methods = layer.route ? Object.entries(layer.route.methods).filter(([m, on]) => on && m !== '_all') : [];
    if (methods.length !== 1 || !layer.route) continue;
    const method = methods[0][0].toUpperCase();
    if (['POST', 'PUT', 'PATCH'].includes(method)) out.set(`${method} ${layer.route.path}`, { method, path: layer.route.path });
  }
  return [...out.values()];
}

/** The request body schema of each operation, from the OpenAPI document: which fields exist, which are required. */
function bodySchemas(doc: any): Map<string, BodySchema> {
  const resolve = (s: any): any => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
  const out = new Map<string, BodySchema>();
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const schema = resolve(op?.requestBody?.content?.['application/json']?.schema);
      if (!schema) continue;
      const express = path.replace(/\{(\w+)\}/g, ':$1');
      const props = Object.fromEntries(Object.entries<any>(schema.properties ?? {}).map(([k, v]) => [k, resolve(v) ?? v]));
      out.set(`${method.toUpperCase()} ${express}`, { properties: props, required: schema.required ?? [] });
    }
  }
  return out;
}

/** A value that is certainly not of the given JSON type. */
function wrongTypeFor(p: PropSchema): fc.Arbitrary<unknown> {
  const obj = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 });
  switch (p.type) {
    case 'string':
      return fc.oneof(fc.integer(), fc.boolean(), obj, fc.array(fc.integer(), { minLength: 1, maxLength: 3 }));
    case 'integer':
    case 'number':
      return fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.boolean(), obj, fc.constant('1e999'), fc.constant([1]));
    case 'boolean':
      return fc.oneof(fc.string({ minLength: 1 }), fc.integer(), obj);
    case 'array':
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), obj);
    default:
      return fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 10 }));
  }
}

type BadRequest = { kind: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> };

/** The families of bad input. Each run picks a family first, then a route it applies to, so every family is tried. */
const FAMILIES = [
  'unknown field',
  'nested garbage',
  'malformed JSON',
  'not an object',
  'wrong content-type',
  'deeply nested JSON',
  'content-encoding',
  'NUL',
  'exponent',
  'wrong type',
  'huge string',
  'missing field',
] as const;
type Family = (typeof FAMILIES)[number];

/** JSON nested `depth` levels deep, alternating arrays and objects. */
const deepJson = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;

/** The bad requests of each family that a route with this body schema can be sent (a family that needs fields it lacks is absent). */
function badRequests(schema: BodySchema | undefined): Map<Family, fc.Arbitrary<BadRequest>> {
  const props = Object.entries(schema?.properties ?? {});
  const known = props.map(([k]) => k);
  const unknownKey = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `zz_${s}`);
  const garbage = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 }),
    ),
  })).node;

  const arbs = new Map<Family, fc.Arbitrary<BadRequest>>();
  arbs.set(
    'unknown field',
    fc
      .tuple(fc.dictionary(fc.constantFrom(...(known.length ? known : ['name'])), fc.jsonValue({ maxDepth: 2 })), unknownKey, fc.jsonValue({ maxDepth: 2 }))
      .map(([base, k, v]) => ({ kind: 'unknown field', body: { ...base, [k]: v } })),
  );
  arbs.set(
    'nested garbage',
    fc.tuple(unknownKey, garbage).map(([k, g]) => ({ kind: 'nested garbage', body: { [k]: { deeper: [g, { g }] } } })),
  );
  arbs.set(
    'malformed JSON',
    fc.oneof(
      fc
        .string({ maxLength: 40 })
        .filter((t) => !isJson(t))
        .map((raw) => ({ kind: 'malformed JSON', raw: `{${raw}` })),
      fc.constantFrom('{"a":1,}', '{"a":', "{'a':1}", '{"a":NaN}', '[1,2', '{"a":"\\x"}', 'nul', '{}}').map((raw) => ({ kind: 'malformed JSON', raw })),
    ),
  );
  arbs.set(
    'not an object',
    fc.constantFrom('"a string"', '42', 'true', 'null').map((raw) => ({ kind: 'not an object', raw })),
  );
  arbs.set(
    'wrong content-type',
    fc
      .tuple(
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([contentType, v]) => ({ kind: 'wrong content-type', raw: JSON.stringify({ v }), contentType })),
  );
  arbs.set(
    'deeply nested JSON',
    fc.integer({ min: 40, max: 6_000 }).map((n) => ({ kind: `deeply nested JSON (${n})`, raw: deepJson(n) })),
  );
  arbs.set(
    'content-encoding',
    fc.tuple(fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown'), fc.jsonValue({ maxDepth: 2 })).map(([encoding, v]) => ({
      kind: `content-encoding ${encoding} with a plain body`,
      raw: JSON.stringify({ v }),
      headers: { 'content-encoding': encoding },
    })),
  );
  if (props.length) {
    const stringProps = props.filter(([, p]) => !p.type || p.type === 'string').map(([k]) => k);
    const numberProps = props.filter(([, p]) => p.type === 'number' || p.type === 'integer').map(([k]) => k);
    arbs.set(
      'NUL',
      fc.tuple(fc.constantFrom(...stringProps.concat(['zz_nul'])), fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([k, a, b]) => ({
        kind: `NUL in ${k}`,
        body: { ...Object.fromEntries(known.map((f) => [f, sampleOf(schema?.properties[f])])), [k]: `${a}\u0000${b}` },
      })),
    );
    if (numberProps.length) {
      arbs.set(
        'exponent',
        fc.tuple(fc.constantFrom(...numberProps), fc.constantFrom(1e20, -1e20, 1e-7, 1e308, -1e-300, 5e-324, 2 ** 53 + 2, 123456789012.5)).map(([k, n]) => ({
          kind: `exponent ${n} in ${k}`,
          body: { ...Object.fromEntries(known.map((f) => [f, sampleOf(schema?.properties[f])])), [k]: n },
        })),
      );
    }
    arbs.set(
      'wrong type',
      fc.constantFrom(...props).chain(([k, p]) => wrongTypeFor(p).map((v) => ({ kind: `wrong type for ${k}`, body: { [k]: v } }))),
    );
    arbs.set(
      'huge string',
      fc
        .tuple(fc.constantFrom(...stringProps.concat(['zz_huge'])), fc.integer({ min: 5_000, max: 60_000 }))
        .map(([k, n]) => ({ kind: `huge string in ${k}`, body: { [k]: 'x'.repeat(n), zz_extra: true } })),
    );
  }
  if (schema?.required.length) {
    arbs.set(
      'missing field',
      fc.subarray(schema.required, { minLength: 1 }).map((missing) => ({
        kind: `missing ${missing.join(', ')}`,
        body: Object.fromEntries(known.filter((k) => !missing.includes(k)).map((k) => [k, sampleOf(schema.properties[k])])),
      })),
    );
  }
  return arbs;
}

function isJson(t: string): boolean {
  try {
    JSON.parse(`{${t}`);
    return true;
  } catch {
    return false;
  }
}

/** A plausible value, so that a missing field (not this one) is what is wrong. */
function sampleOf(p: PropSchema | undefined): unknown {
  switch (p?.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return 'sample';
  }
}

const isProblem4xx = (r: { status: number; headers: Headers; body: any }) =>
  r.status >= 400 &&
  r.status < 500 &&
  (r.headers.get('content-type') ?? '').includes('application/problem+json') &&
  typeof r.body?.code === 'string' &&
  r.body.code.length > 0;

describe.each(PLATFORM_MODES)('bad input (%s)', (mode) => {
  let p: TestPlatform;
  let token: string;
  let routes: Route[];
  let schemas: Map<string, BodySchema>;

  beforeAll(async () => {
    p = await startTestPlatform(mode, { BODY_LIMIT: `${BODY_LIMIT_BYTES / 1024}kb` });
    const r = await api(p.url, 'POST', '/api/v1/auth/register', {
      body: { email: `fuzz-${Date.now()}@example.com`, password: 'correct horse battery staple 9', name: 'Fuzz' },
    });
    token = r.body.accessToken;
    routes = writeRoutes(p.platform.gateway);
    schemas = bodySchemas((await api(p.url, 'GET', '/api/docs-json')).body);
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it(`answers ${RUNS[mode]} generated bad requests over every POST/PUT/PATCH route with 4xx problems, never a 5xx`, async () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const seen = new Map<Family, number>();
    const perRoute = routes.map((route) => ({ route, arbs: badRequests(schemas.get(`${route.method} ${route.path}`)) }));
    // A family first, then one of the routes it applies to: a rare family (a number field, say) is tried as often as any.
    const arb = fc.oneof(
      ...FAMILIES.map((family) => {
        const targets = perRoute.filter((r) => r.arbs.has(family));
        if (!targets.length) throw new Error(`no write route takes bad input of the family "${family}"`);
        return fc.constantFrom(...targets).chain(({ route, arbs }) => arbs.get(family)!.map((bad) => ({ route, family, bad })));
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ route, family, bad }) => {
        const path = route.path.replace(/:(\w+)/g, () => crypto.randomUUID());
        const r = await api(p.url, route.method, path, {
          token,
          ...(bad.raw !== undefined ? { raw: bad.raw } : { body: bad.body }),
          headers: { ...(bad.contentType ? { 'content-type': bad.contentType } : {}), ...bad.headers },
        });
        seen.set(family, (seen.get(family) ?? 0) + 1);
        if (!isProblem4xx(r)) throw new Error(`${route.method} ${route.path} (${bad.kind}) → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }),
      { numRuns: RUNS[mode], seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    // Every family of bad input was tried.
    expect(FAMILIES.filter((family) => !seen.get(family))).toEqual([]);
  }, 240_000);

  it('answers a NUL character in any string of any write route with a 400 problem naming the field', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const schema = schemas.get(`${route.method} ${route.path}`);
      const strings = Object.entries(schema?.properties ?? {})
        .filter(([, p]) => p.type === 'string')
        .map(([k]) => k);
      const field = strings[0] ?? 'text';
      const path = route.path.replace(/:(\w+)/g, () => crypto.randomUUID());
      const r = await api(p.url, route.method, path, { token, body: { [field]: 'Harbor\u0000Bikes' } });
      if (r.status !== 400 || !r.body?.errors?.some((e: { field: string; message: string }) => e.field === field && /NUL/.test(e.message))) {
        failures.push(`${route.method} ${route.path}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL where PostgreSQL would have failed: a brand, a campaign, an inbound webhook, a post edit, an inbox message, a voice sample, a brief', async () => {
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'NUL Bikes' } });
    expect(brand.status).toBe(201);
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/brands', { name: 'Bad\u0000Name' }, 'name'],
      [
        'POST',
        '/api/v1/campaigns',
        { brandId: brand.body.id, name: 'Spring\u0000', goal: 'Grow', startDate: '2030-03-02', endDate: '2030-03-15', platforms: ['x'], postsPerWeek: 3 },
        'name',
      ],
      ['POST', `/api/v1/inbound/${crypto.randomUUID()}`, { type: 'message.received', data: { author: '@ann', body: 'Hi\u0000' } }, 'data.body'],
      ['PATCH', `/api/v1/content/${crypto.randomUUID()}`, { body: 'Our flat white\u0000 is here.' }, 'body'],
      ['POST', '/api/v1/messages', { brandId: brand.body.id, channel: 'email', author: 'ann@example.com', body: 'Do you ship\u0000 to Canada?' }, 'body'],
      [
        'POST',
        `/api/v1/brands/${brand.body.id}/voice/samples`,
        { samples: ['We roast on Tuesdays so your beans arrive fresh.', 'Taste the\u0000 difference.'] },
        'samples.1',
      ],
      ['POST', '/api/v1/content/generate', { brandId: brand.body.id, brief: 'Announce our\u0000 oat-milk flat white', platform: 'linkedin' }, 'brief'],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await api(p.url, method, path, { token, body });
      expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
      expect(r.body.errors).toContainEqual({ field, message: expect.stringMatching(/NUL/) });
    }
  });

  it('answers JSON nested 5,000 deep with a 400 problem, not a stack overflow', async () => {
    const r = await api(p.url, 'POST', '/api/v1/brands', { token, raw: deepJson(5_000) });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.errors[0]).toMatchObject({ message: expect.stringMatching(/nested more than 32 levels/) });
  });

  it('bounds every amount by what its column holds, and reads exponent notation: budget 1e20 and monthlyLimitUsd 1e-7 are 400s naming the field', async () => {
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Budget Bikes' } });
    const campaign = {
      brandId: brand.body.id,
      name: 'Spring',
      goal: 'Grow',
      startDate: '2030-03-02',
      endDate: '2030-03-15',
      platforms: ['x'],
      postsPerWeek: 3,
    };
    for (const budget of [1e20, 1e10, -1e-7, 1e-7, 0.001]) {
      const r = await api(p.url, 'POST', '/api/v1/campaigns', { token, body: { ...campaign, budget } });
      expect({ budget, status: r.status, errors: r.body.errors }).toEqual({
        budget,
        status: 400,
        errors: [{ field: 'budget', message: expect.stringMatching(/amount/) }],
      });
    }
    expect((await api(p.url, 'POST', '/api/v1/campaigns', { token, body: { ...campaign, budget: 9_999_999_999.99 } })).status).toBe(201);
    for (const monthlyLimitUsd of [1e-7, 1e20, 5e-324]) {
      const r = await api(p.url, 'PUT', `/api/v1/brands/${brand.body.id}/ai-budget`, { token, body: { monthlyLimitUsd } });
      expect({ monthlyLimitUsd, status: r.status, errors: r.body.errors }).toEqual({
        monthlyLimitUsd,
        status: 400,
        errors: [{ field: 'monthlyLimitUsd', message: expect.stringMatching(/amount/) }],
      });
    }
    expect((await api(p.url, 'PUT', `/api/v1/brands/${brand.body.id}/ai-budget`, { token, body: { monthlyLimitUsd: 12.5 } })).status).toBe(200);
  });

  it('answers a plain body sent as Content-Encoding: gzip with a 400 problem naming the header, and an unknown encoding with 415', async () => {
    const gz = await api(p.url, 'POST', '/api/v1/brands', { token, raw: JSON.stringify({ name: 'Zipped' }), headers: { 'content-encoding': 'gzip' } });
    expect(gz.status).toBe(400);
    expect(gz.body.code).toBe('VALIDATION_FAILED');
    expect(gz.body.errors).toEqual([{ field: 'Content-Encoding', message: expect.any(String) }]);
    const unknown = await api(p.url, 'POST', '/api/v1/brands', {
      token,
      raw: JSON.stringify({ name: 'Zipped' }),
      headers: { 'content-encoding': 'x-unknown' },
    });
    expect(unknown.status).toBe(415);
    expect(unknown.body.errors).toEqual([{ field: 'Content-Encoding', message: expect.any(String) }]);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const r = await api(p.url, 'POST', '/api/v1/brands', { token, raw: '{"name": "Broken",' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(r.body.detail).toMatch(/JSON/);
  });

  it('answers a body over BODY_LIMIT with a 413 problem', async () => {
    const r = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Big', description: 'x'.repeat(BODY_LIMIT_BYTES + 1024) } });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown fields with a 400 problem naming them', async () => {
    const r = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Known', isAdmin: true } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.errors).toEqual([{ field: 'isAdmin', message: 'is not a known field' }]);
  });

  it('answers a body of another content type with a 415 problem, and does nothing', async () => {
    const r = await api(p.url, 'POST', '/api/v1/brands', {
      token,
      raw: JSON.stringify({ name: 'Plain Text Brand' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const list = await api(p.url, 'GET', '/api/v1/brands', { token });
    expect(list.body.items.map((b: { name: string }) => b.name)).not.toContain('Plain Text Brand');
  });

  it('answers an upload whose body is not the multipart it announces with a 400 problem (found by the generated requests)', async () => {
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Multipart Check' } });
    for (const raw of ['{"v":""}', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc', '--y--\r\n']) {
      const r = await api(p.url, 'POST', `/api/v1/brands/${brand.body.id}/media`, {
        token,
        raw,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      });
      expect({ raw, status: r.status, code: r.body?.code }).toEqual({ raw, status: 400, code: 'VALIDATION_FAILED' });
    }
    const library = await api(p.url, 'GET', `/api/v1/brands/${brand.body.id}/media`, { token });
    expect(library.body.items).toEqual([]);
  });
});
