import { runInTraceScope } from '@mt/messages';
import { Logger } from '@nestjs/common';
import { AppLogger, JsonLogger, labelledStartup } from './json-logger';

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

  it('labels the lines of a Logger an agent created while starting with that agent, long after its start-up (a poller)', async () => {
    // Nest's static logger, behind every Logger, is the last app started: the gateway.
    Logger.overrideLogger(gateway);
    try {
      const made = await Promise.all(
        ['publishing-agent', 'gateway'].map((app) =>
          labelledStartup(app, async () => ({ app, logger: new AppLogger('Scheduler'), nest: new Logger('Scheduler') })),
        ),
      );
      const publishing = made.find((m) => m.app === 'publishing-agent')!;
      const outside = new AppLogger('Late');
      const lines = await new Promise<Record<string, unknown>[]>((done) =>
        setTimeout(
          () =>
            done(
              linesOf(() => {
                publishing.logger.warn('claim failed', { error: 'connection lost' });
                publishing.logger.error('run failed');
                publishing.nest.warn('claim failed');
                made.find((m) => m.app === 'gateway')!.logger.log('flushed');
                outside.log('made after every start-up');
              }),
            ),
          5,
        ),
      );
      expect(lines).toEqual([
        expect.objectContaining({ level: 'warn', app: 'publishing-agent', context: 'Scheduler', msg: 'claim failed', error: 'connection lost' }),
        expect.objectContaining({ level: 'error', app: 'publishing-agent', context: 'Scheduler', msg: 'run failed' }),
        // Nest's own Logger cannot tell: the static logger's app.
        expect.objectContaining({ level: 'warn', app: 'gateway', context: 'Scheduler', msg: 'claim failed' }),
        expect.objectContaining({ level: 'info', app: 'gateway', context: 'Scheduler', msg: 'flushed' }),
        expect.objectContaining({ level: 'info', app: 'gateway', context: 'Late', msg: 'made after every start-up' }),
      ]);
    } finally {
      Logger.overrideLogger(false);
    }
  });

  it("keeps its own app inside a request's scope, which names no app", () => {
    const scope = { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), requestId: 'req-2', correlationId: 'req-2' };
    const [line] = linesOf(() => runInTraceScope(scope, () => gateway.error('boom')));
    expect(line).toMatchObject({ level: 'error', app: 'gateway', request_id: 'req-2', msg: 'boom' });
    expect(line).not.toHaveProperty('correlation_id');
  });
});
