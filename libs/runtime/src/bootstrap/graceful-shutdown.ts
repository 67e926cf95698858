import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { JsonLogger } from '../logging/json-logger';
import type { Runtime } from '../runtime';

/**
 * Lets an HTTP server finish what it accepted and nothing more: once draining, every response
 * (in flight or new on a kept-alive connection) carries `Connection: close`, the listening socket
 * closes and idle kept-alive connections are closed, so no client sends a request into a socket
 * that is about to disappear. Attached when the server starts listening, so it sees every request.
 */
export class HttpDrain {
  private readonly active = new Set<ServerResponse>();
  private draining = false;

  constructor(private readonly server: Server) {
    // First listener: the header is set before the app may answer synchronously.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.active.add(res);
      res.once('close', () => this.active.delete(res));
      if (this.draining) res.setHeader('Connection', 'close');
    });
  }

  get inFlight(): number {
    return this.active.size;
  }

  /** Resolves when the last accepted request is answered and its connection closed. */
  async close(): Promise<void> {
    this.draining = true;
    for (const res of this.active) if (!res.headersSent) res.setHeader('Connection', 'close');
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await closed;
  }
}

const drains = new WeakMap<INestApplication, HttpDrain>();

/** Called by startApp once the app listens. */
export function attachHttpDrain(app: INestApplication): HttpDrain {
  const drain = new HttpDrain(app.getHttpServer() as Server);
  drains.set(app, drain);
  return drain;
}

export interface GracefulShutdownOptions {
  /** SHUTDOWN_TIMEOUT_MS: past it the process exits 1 whatever is still running. */
  timeoutMs: number;
  logger: JsonLogger;
  /** process.exit; a test passes its own. */
  exit?: (code: number) => void;
}

/**
 * The stop sequence of one process, in order, each phase logged:
 * 1. readiness answers 503 (the runtime is draining);
 * 2. HTTP: stop accepting, close idle connections, answer in-flight requests with `Connection: close`;
 * 3. each app closes: mesh consumers stop taking messages, in-flight handlers finish and ack,
 *    the outbox relay publishes what was committed (MeshNode.stop);
 * 4. the runtime's connections close (broker, store, embedded database);
 * then exit 0 — or exit 1 when the deadline passes first.
 * `apps` in stop order: the one taking HTTP traffic first, so its requests still reach the agents.
 */
export class GracefulShutdown {
  private running: Promise<number> | null = null;

  constructor(
    private readonly runtime: Runtime,
    private readonly apps: INestApplication[],
    private readonly options: GracefulShutdownOptions,
  ) {}

  /** Runs the sequence on SIGTERM or SIGINT (a second signal changes nothing: the deadline still holds). */
  onSignals(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): this {
    for (const signal of signals) process.on(signal, () => void this.run(signal));
    return this;
  }

  run(reason: string): Promise<number> {
    this.running ??= this.sequence(reason);
    return this.running;
  }

  private async sequence(reason: string): Promise<number> {
    const { logger, timeoutMs } = this.options;
    const exit = this.options.exit ?? ((code: number) => process.exit(code));
    const started = Date.now();
    let deadline: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => {
      deadline = setTimeout(() => {
        logger.error('shutdown: deadline passed, exiting with work unfinished', { phase: 'deadline', timeoutMs });
        exit(1);
        resolve(1);
      }, timeoutMs);
    });
    return Promise.race([late, this.phases(reason, started, exit, () => clearTimeout(deadline))]);
  }

  private async phases(reason: string, started: number, exit: (code: number) => void, cancelDeadline: () => void): Promise<number> {
    const { logger, timeoutMs } = this.options;
    try {
      this.runtime.draining = true;
      logger.info('shutdown: readiness now answers 503', { phase: 'unready', reason, timeoutMs });
      for (const app of this.apps) {
        const drain = drains.get(app);
        if (!drain) continue;
        logger.info('shutdown: HTTP server stops accepting', { phase: 'http-closing', inFlight: drain.inFlight });
        await drain.close();
        logger.info('shutdown: HTTP requests answered, connections closed', { phase: 'http-closed', ms: Date.now() - started });
      }
      logger.info('shutdown: consumers stop taking messages, in-flight handlers finish', { phase: 'apps-closing' });
      for (const app of this.apps) await app.close();
      logger.info('shutdown: consumers stopped, outbox flushed', { phase: 'apps-closed', ms: Date.now() - started });
      await this.runtime.close();
      logger.info('shutdown: complete', { phase: 'done', ms: Date.now() - started });
      cancelDeadline();
      exit(0);
      return 0;
    } catch (err) {
      logger.error('shutdown: failed', { phase: 'failed', error: (err as Error).message });
      cancelDeadline();
      exit(1);
      return 1;
    }
  }
}
