import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { GracefulShutdown, JsonLogger } from '@mt/runtime';
import { PLATFORM_BOOT_MS, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Stopping under load, the way SIGTERM stops a process (the same GracefulShutdown sequence, with
 * the exit captured): 64 kept-alive connections keep asking the gateway for brands (an HTTP request
 * and a mesh round trip to brand-agent each) while it stops. Every request the server accepted must
 * be answered, none with a 5xx; requests it never accepted may fail to connect, nothing else.
 */
describe('graceful shutdown under a burst of kept-alive requests', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform('services');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('answers every accepted request (no reset, no 5xx), then exits 0', async () => {
    const { accessToken } = await registerUser(p.url, 'drain');
    const server = p.platform.gateway.getHttpServer() as Server;
    let accepted = 0;
    let finishedByServer = 0;
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/api/v1/brands')) return;
      accepted++;
      res.once('finish', () => finishedByServer++);
    });

    const pool = new Pool(p.url, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
    const statuses: number[] = [];
    let closeHeaders = 0;
    const failures: string[] = [];
    let stopAsking = false;
    const worker = async () => {
      while (!stopAsking) {
        try {
          const r = await pool.request({ path: '/api/v1/brands', method: 'GET', headers: { authorization: `Bearer ${accessToken}` } });
          await r.body.text();
          statuses.push(r.statusCode);
          if (String(r.headers.connection).toLowerCase() === 'close') closeHeaders++;
        } catch (err) {
          failures.push((err as { code?: string }).code ?? (err as Error).message);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const workers = Array.from({ length: 64 }, () => worker());
    // Let the burst fill every connection before stopping.
    while (statuses.length < 300) await new Promise((r) => setTimeout(r, 20));

    const phases: string[] = [];
    const logger = new JsonLogger('shutdown', 'silent');
    const info = logger.info.bind(logger);
    logger.info = (msg, meta) => {
      phases.push(String(meta?.phase));
      info(msg, meta);
    };
    // A failed or late stop names itself in the phases ('failed: …', 'deadline').
    logger.error = (_msg: unknown, ...rest: unknown[]) => {
      const meta = rest[0] as { phase?: string; error?: string } | undefined;
      phases.push(meta?.error ? `${meta.phase}: ${meta.error}` : String(meta?.phase));
    };
    let exitCode: number | undefined;
    const answeredBeforeStop = statuses.length;
    // The deadline is not what this test is about: room for a loaded machine.
    const shutdown = new GracefulShutdown(p.runtime, [p.platform.gateway, ...p.platform.agents], {
      timeoutMs: 60_000,
      logger,
      exit: (code) => (exitCode = code),
    });
    const started = Date.now();
    const done = shutdown.run('SIGTERM');
    expect(p.runtime.draining).toBe(true);
    await done;
    const tookMs = Date.now() - started;
    // Clients keep trying for a moment after the server is gone: those attempts are never accepted.
    await new Promise((r) => setTimeout(r, 200));
    stopAsking = true;
    await Promise.all(workers);
    await pool.close();

    expect(phases).toEqual(['unready', 'http-closing', 'http-closed', 'apps-closing', 'apps-closed', 'done']);
    expect(exitCode).toBe(0);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200]));
    // Every request the server took was answered and reached its client: no reset of an accepted request.
    expect(finishedByServer).toBe(accepted);
    expect(statuses.length).toBe(accepted);
    // The ones in flight when it began stopping were told to close their connection.
    expect(statuses.length).toBeGreaterThan(answeredBeforeStop);
    expect(closeHeaders).toBeGreaterThan(0);
    // What failed was a connection the server refused or closed before taking a request on it.
    expect(failures.filter((c) => !['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(c))).toEqual([]);
    expect(tookMs).toBeLessThan(60_000);
  }, 120_000);
});
