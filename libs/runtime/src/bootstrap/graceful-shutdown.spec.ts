import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';
import type { Runtime } from '../runtime';
import { GracefulShutdown, HttpDrain } from './graceful-shutdown';

function logger(phases: string[]): JsonLogger {
  const l = new JsonLogger('shutdown', 'silent');
  const record = (meta?: Record<string, unknown>) => void phases.push(String(meta?.phase));
  l.info = (_m, meta) => record(meta);
  l.error = ((_m: unknown, meta?: Record<string, unknown>) => record(meta)) as JsonLogger['error'];
  return l;
}

const fakeRuntime = () => ({ draining: false, close: async () => undefined }) as unknown as Runtime;

describe('GracefulShutdown', () => {
  it('exits 1 at the deadline when an app never finishes closing, and says so', async () => {
    const phases: string[] = [];
    const exits: number[] = [];
    const stuck = { close: () => new Promise<void>(() => undefined) } as unknown as INestApplication;
    const runtime = fakeRuntime();
    const code = await new GracefulShutdown(runtime, [stuck], { timeoutMs: 200, logger: logger(phases), exit: (c) => exits.push(c) }).run('SIGTERM');
    expect(code).toBe(1);
    expect(exits).toEqual([1]);
    expect(runtime.draining).toBe(true);
    expect(phases).toEqual(['unready', 'apps-closing', 'deadline']);
  });

  it('runs once however many signals arrive', async () => {
    const exits: number[] = [];
    let closed = 0;
    const app = { close: async () => void closed++ } as unknown as INestApplication;
    const s = new GracefulShutdown(fakeRuntime(), [app], { timeoutMs: 5_000, logger: logger([]), exit: (c) => exits.push(c) });
    const [a, b] = await Promise.all([s.run('SIGTERM'), s.run('SIGINT')]);
    expect([a, b, closed, exits]).toEqual([0, 0, 1, [0]]);
  });
});

describe('HttpDrain', () => {
  let server: Server;
  afterEach(() => server?.close());

  it('answers the in-flight request with Connection: close, closes idle kept-alive connections, and resolves when all are done', async () => {
    let release!: () => void;
    const slowStarted = new Promise<void>((started) => {
      server = createServer((req, res) => {
        if (req.url === '/slow') {
          started();
          release = () => res.end('slow');
        } else res.end('fast');
      });
    });
    const drain = new HttpDrain(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const get = (path: string) =>
      new Promise<{ body: string; connection: string | undefined }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ body, connection: res.headers.connection }));
        })
          .on('error', reject)
          .end();
      });
    // One idle kept-alive connection, one request in flight.
    expect(await get('/fast')).toEqual({ body: 'fast', connection: 'keep-alive' });
    const slow = get('/slow');
    await slowStarted;
    expect(drain.inFlight).toBe(1);
    let closed = false;
    const closing = drain.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false); // waits for the request it accepted
    release();
    expect(await slow).toEqual({ body: 'slow', connection: 'close' });
    await closing;
    expect(server.listening).toBe(false);
    agent.destroy();
  });
});
