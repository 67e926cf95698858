import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { AppLogger } from '@mt/runtime';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_BOOT_MS, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';

/** The operator's token: /metrics and the details of /health/ready answer only to it (ADR 103). */
const METRICS_TOKEN = 'readiness-test-metrics-token';
const operator = { authorization: `Bearer ${METRICS_TOKEN}` };

/**
 * Readiness means "send me traffic": an agent that stops answering is reported, in the body and in
 * the metrics, and its routes answer 503 AGENT_UNAVAILABLE, but the gateway stays in service.
 */
describe('gateway readiness with an agent down', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform('services', { RPC_TIMEOUT_MS: '1500', HEALTH_AGENT_TIMEOUT_MS: '1500', METRICS_TOKEN });
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it("labels each app's log lines with that app, also those its pollers write outside any request or message", () => {
    // One process holds every app, and Nest's static logger is the last one started; each provider's
    // AppLogger (and the one a claim loop was given) took its app's name while that app started.
    const apps: [string, INestApplication][] = [
      ...Object.keys(AGENT_MODULES).map((name, i): [string, INestApplication] => [name, p.platform.agents[i]]),
      ['gateway', p.platform.gateway],
    ];
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const labels: string[] = [];
    try {
      for (const [name, app] of apps) {
        for (const module of app.get(ModulesContainer).values()) {
          for (const wrapper of module.providers.values()) {
            const instance = wrapper.instance as Record<string, unknown> | undefined;
            if (!instance || typeof instance !== 'object') continue;
            const nested = Object.values(instance).flatMap((v) => (v && typeof v === 'object' ? [v, ...Object.values(v)] : []));
            for (const logger of new Set(nested.filter((v): v is AppLogger => v instanceof AppLogger))) {
              written.length = 0;
              logger.error('which app am I?');
              const line = JSON.parse(written.join('')) as { app: string; context: string };
              labels.push(`${name} ${line.context}: ${line.app}`);
            }
          }
        }
      }
    } finally {
      spy.mockRestore();
    }
    // The pollers and claim loops of publishing-agent among them.
    expect(labels).toEqual(
      expect.arrayContaining([
        'publishing-agent Scheduler: publishing-agent',
        'publishing-agent MetricsCollector: publishing-agent',
        'gateway RateLimit: gateway',
      ]),
    );
    expect(labels.filter((l) => !l.endsWith(`: ${l.split(' ')[0]}`))).toEqual([]);
  });

  it('stays ready, reports the agent down and answers its routes 503 AGENT_UNAVAILABLE', async () => {
    // Every agent answers its readiness check within 1.5 s once started; a loaded machine may need a few tries.
    const before = await until('every agent to answer', async () => {
      const r = await api(p.url, 'GET', '/health/ready', { headers: operator });
      return r.body?.status === 'ok' ? r : undefined;
    });
    expect(before.status).toBe(200);
    // The 1.5 s RPC timeout is what lets this test see a stopped agent quickly; hashing a new password on a
    // loaded machine can take longer than that, so registering is tried again (each try is a new address).
    const { accessToken } = await until('a user to register', () =>
      registerUser(p.url, 'ready').catch((e: Error) => {
        if (/answered 503/.test(e.message)) return undefined;
        throw e;
      }),
    );

    // brand-agent stops consuming (its pods gone).
    const brandAgent = p.platform.agents[1];
    await brandAgent.close();
    p.platform.agents.splice(1, 1);

    const ready = await api(p.url, 'GET', '/health/ready', { headers: operator });
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    // Without the operator's token the answer is the status alone.
    expect((await api(p.url, 'GET', '/health/ready')).body).toEqual({ status: 'degraded' });
    expect(ready.body.checks).toMatchObject({ broker: { ok: true }, database: { ok: true }, store: { ok: true } });
    expect(ready.body.agents['brand-agent'].ok).toBe(false);
    expect(ready.body.agents['auth-agent']).toEqual({ ok: true, detail: 'ok' });

    const metrics = await (await fetch(`${p.url}/metrics`, { headers: operator })).text();
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
