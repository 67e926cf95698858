import { runInTraceScope } from '@mt/messages';
import { JsonLogger, labelledStartup } from './json-logger';

/** The lines a call writes to stdout, parsed. */
function linesOf(fn: () => void): Record<string, unknown>[] {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return written.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('JsonLogger', () => {
  const gateway = new JsonLogger('gateway');

  it('labels a line with its own app outside any handled message', () => {
    expect(linesOf(() => gateway.log('started', 'Bootstrap'))).toEqual([
      expect.objectContaining({ level: 'info', app: 'gateway', context: 'Bootstrap', msg: 'started' }),
    ]);
  });

  it('labels a line written while an agent handles a message with that agent, and carries the scope ids', () => {
    // One process holds every app; Nest's static logger is the last app's (here the gateway's).
    const scope = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), correlationId: 'req-1', messageId: 'msg-1', brandId: 'brand-1', app: 'creation-agent' };
    const [line] = linesOf(() => runInTraceScope(scope, () => gateway.warn('a job failed', 'JobReporter')));
    expect(line).toMatchObject({
      level: 'warn',
      app: 'creation-agent',
      trace_id: scope.traceId,
      span_id: scope.spanId,
      correlation_id: 'req-1',
      message_id: 'msg-1',
      brand_id: 'brand-1',
      context: 'JobReporter',
      msg: 'a job failed',
    });
  });

  it('labels the lines of apps starting side by side with the app starting, until no start-up runs', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const tick = () => new Promise((r) => setTimeout(r, 1));
    let timerLine: Promise<void> = Promise.resolve();
    try {
      await Promise.all(
        ['brand-agent', 'creation-agent'].map((app) =>
          labelledStartup(app, async () => {
            gateway.log('Starting Nest application...', 'NestFactory');
            await tick();
            gateway.log('dependencies initialized', 'InstanceLoader');
            if (app === 'creation-agent') {
              // A timer an app sets up while starting (a poller) outlives the start-up.
              timerLine = new Promise((done) => setTimeout(() => done(gateway.log('poll', 'Scheduler')), 20));
              // A handled message names its own agent even during start-up.
              runInTraceScope({ traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), app: 'publishing-agent' }, () => gateway.log('handled'));
            }
          }),
        ),
      );
      gateway.log('Nest application successfully started', 'NestApplication');
      await timerLine;
    } finally {
      spy.mockRestore();
    }
    const lines = written.map((l) => JSON.parse(l) as { app: string; msg: string });
    expect(lines.map((l) => `${l.app}: ${l.msg}`)).toEqual([
      'brand-agent: Starting Nest application...',
      'creation-agent: Starting Nest application...',
      'brand-agent: dependencies initialized',
      'creation-agent: dependencies initialized',
      'publishing-agent: handled',
      'gateway: Nest application successfully started',
      'gateway: poll',
    ]);
  });

  it("keeps its own app inside a request's scope, which names no app", () => {
    const scope = { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), requestId: 'req-2', correlationId: 'req-2' };
    const [line] = linesOf(() => runInTraceScope(scope, () => gateway.error('boom')));
    expect(line).toMatchObject({ level: 'error', app: 'gateway', request_id: 'req-2', msg: 'boom' });
    expect(line).not.toHaveProperty('correlation_id');
  });
});
