import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, startTestPlatform, type TestPlatform, until } from '../support/platform';

describe.each(PLATFORM_MODES)('the platform (%s)', (mode) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform(mode);
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('is live and ready, with every agent answering', async () => {
    expect((await api(p.url, 'GET', '/health/live')).status).toBe(200);
    // Each agent has 2 s to answer the readiness check; on a loaded machine the first answers after start-up can take longer.
    const ready = await until('the platform to be ready', async () => {
      const r = await api(p.url, 'GET', '/health/ready');
      return r.status === 200 ? r : undefined;
    });
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['broker', 'database', 'store']);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.agents).sort()).toEqual(['auth-agent', 'brand-agent', 'creation-agent', 'publishing-agent', 'strategy-agent']);
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

  it('exposes Prometheus metrics of HTTP answers and mesh messages', async () => {
    await api(p.url, 'GET', '/health/ready');
    const r = await fetch(`${p.url}/metrics`);
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
    expect(r.body.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']),
    );
  });
});
