import { api, PLATFORM_BOOT_MS, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Readiness means "send me traffic": an agent that stops answering is reported, in the body and in
 * the metrics, and its routes answer 503 AGENT_UNAVAILABLE, but the gateway stays in service.
 */
describe('gateway readiness with an agent down', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform('services', { RPC_TIMEOUT_MS: '1500' });
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('stays ready, reports the agent down and answers its routes 503 AGENT_UNAVAILABLE', async () => {
    const { accessToken } = await registerUser(p.url, 'ready');
    const before = await api(p.url, 'GET', '/health/ready');
    expect(before.status).toBe(200);
    expect(before.body.status).toBe('ok');

    // brand-agent stops consuming (its pods gone).
    const brandAgent = p.platform.agents[1];
    await brandAgent.close();
    p.platform.agents.splice(1, 1);

    const ready = await api(p.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks).toMatchObject({ broker: { ok: true }, database: { ok: true }, store: { ok: true } });
    expect(ready.body.agents['brand-agent'].ok).toBe(false);
    expect(ready.body.agents['auth-agent']).toEqual({ ok: true, detail: 'ok' });

    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    expect(metrics).toMatch(/mesh_agent_up\{[^}]*agent="brand-agent"[^}]*\} 0/);
    expect(metrics).toMatch(/mesh_agent_up\{[^}]*agent="auth-agent"[^}]*\} 1/);

    const brands = await api(p.url, 'GET', '/api/v1/brands', { token: accessToken });
    expect(brands.status).toBe(503);
    expect(brands.body.code).toBe('AGENT_UNAVAILABLE');
  });

  it('answers 503 as soon as the process starts stopping', async () => {
    p.runtime.draining = true;
    const ready = await api(p.url, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('stopping');
    expect((await api(p.url, 'GET', '/health/live')).status).toBe(200);
  });
});
