import { execFile } from 'node:child_process';
import path from 'node:path';
import { get } from 'node:http';
import { api, PLATFORM_BOOT_MS, until } from '../support/http';
import { SHARED_METRICS_TOKEN as METRICS_TOKEN, SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

const operator = { authorization: `Bearer ${METRICS_TOKEN}` };

/** On the run's shared platform (ADR 172), whose operator token is SHARED_METRICS_TOKEN. */
describe.each(SHARED_MODES)('the platform (%s)', (mode) => {
  let p: SharedPlatform;
  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
  }, PLATFORM_BOOT_MS);

  it('is live and ready, with every agent answering', async () => {
    expect((await api(p.url, 'GET', '/health/live')).status).toBe(200);
    // Each agent has HEALTH_AGENT_TIMEOUT_MS to answer the readiness check; the first answers after start-up can take longer.
    const ready = await until('the platform and every agent to be ready', async () => {
      const r = await api(p.url, 'GET', '/health/ready', { headers: operator });
      return r.status === 200 && r.body.status === 'ok' ? r : undefined;
    });
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['broker', 'database', 'store']);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.agents).sort()).toEqual(['auth-agent', 'brand-agent', 'creation-agent', 'publishing-agent', 'strategy-agent']);
  });

  it('keeps an idle connection open longer than a load balancer in front would (65 s), and says so', async () => {
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      get(`${p.url}/health/live`, { headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        resolve(res.headers['keep-alive'] as string | undefined);
      }).on('error', reject);
    });
    expect(keepAlive).toBe('timeout=65');
  });

  it('answers an unknown route with a 404 problem, request id and traceparent', async () => {
    const r = await api(p.url, 'GET', '/api/v1/no-such-thing', { headers: { 'x-request-id': 'client-req-1' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.headers.get('x-request-id')).toBe('client-req-1');
    expect(r.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(r.body).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: 'client-req-1', instance: '/api/v1/no-such-thing' });
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers a preflight under /api/v1/ with the 404 problem of an unknown route and no CORS header when no origin is allowed (the default)', async () => {
    const r = await api(p.url, 'OPTIONS', '/api/v1/brands', { headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const get = await api(p.url, 'GET', '/health/live', { headers: { origin: 'https://elsewhere.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it("tells the public only whether it is ready; which part failed, and why, only to the operator's token", async () => {
    const ready = await api(p.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok' });
    expect((await api(p.url, 'GET', '/health/ready', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).body).toEqual({ status: 'ok' });
  });

  it('does not serve metrics on the API port without the operator token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: METRICS_TOKEN }] as Record<string, string>[]) {
      const r = await api(p.url, 'GET', '/metrics', { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('exposes Prometheus metrics of HTTP answers and mesh messages to the operator', async () => {
    await api(p.url, 'GET', '/health/ready');
    const r = await fetch(`${p.url}/metrics`, { headers: operator });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/health\/ready"[^}]*status="200"/);
    expect(text).toMatch(/mesh_messages_total\{[^}]*agent="brand-agent"[^}]*type="system.health"[^}]*outcome="handled"/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document', async () => {
    const r = await api(p.url, 'GET', '/api/docs-json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(r.body.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']));
  });

  it("serves an OpenAPI document that passes Redocly's recommended rules, public routes marked public", async () => {
    // tools/openapi/lint-openapi.mjs is an ES module (so is @redocly/openapi-core): run as a process.
    const lint = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, [path.resolve(__dirname, '../../tools/openapi/lint-openapi.mjs'), `${p.url}/api/docs-json`], (err, stdout) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout }),
      );
    });
    const report = JSON.parse(lint.out);
    expect(report.problems).toEqual([]);
    expect(lint.code).toBe(0);
    const doc = (await api(p.url, 'GET', '/api/docs-json')).body;
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/brands'].get.security).toEqual([{ bearer: [] }]);
    expect(JSON.stringify(doc)).not.toContain('x-mt-public');
  });
});
