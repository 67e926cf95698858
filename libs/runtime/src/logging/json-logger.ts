import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, type LoggerService } from '@nestjs/common';
import { activeSpanIds, currentTraceScope } from '@mt/messages';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * Structured JSON lines on stdout: time, level, app, message, and whatever context the caller adds
 * (requestId, traceId, userId, messageId). A line written inside an HTTP request or a handled
 * message also carries trace_id, span_id, request_id or correlation_id, user_id and brand_id
 * where known, so a line leads to its trace and back. Never logs request bodies or credentials.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private readonly level: LogLevel = 'info',
  ) {}

  child(app: string): JsonLogger {
    return new JsonLogger(app, this.level);
  }

  /** Whether debug lines are written (LOG_LEVEL=debug). */
  get debugEnabled(): boolean {
    return LEVELS.debug >= LEVELS[this.level];
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }

  /** For the mesh and other code that logs with a context object. */
  info(message: string, meta?: Record<string, unknown>) {
    this.write('info', message, meta ? [meta] : []);
  }

  private write(level: Exclude<LogLevel, 'silent'>, message: unknown, rest: unknown[]) {
    if (LEVELS[level] < LEVELS[this.level]) return;
    const scope = currentTraceScope();
    // Inside a handled message, the app that handles it; while apps start, the one starting (one
    // process holds every app; Nest's static logger, behind every `new Logger(...)`, is the last
    // created app's). An AppLogger's line names the app that created it (below), after this.
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, app: scope?.app ?? startingApp() ?? this.app };
    if (scope) {
      // The active span is the most precise position (a query, an AI call inside the handler).
      const span = activeSpanIds();
      line.trace_id = span?.traceId ?? scope.traceId;
      line.span_id = span?.spanId ?? scope.spanId;
      if (scope.requestId) line.request_id = scope.requestId;
      if (scope.correlationId && scope.correlationId !== scope.requestId) line.correlation_id = scope.correlationId;
      if (scope.messageId) line.message_id = scope.messageId;
      if (scope.userId) line.user_id = scope.userId;
      if (scope.brandId) line.brand_id = scope.brandId;
    }
    for (const r of rest) {
      if (r && typeof r === 'object' && !Array.isArray(r)) Object.assign(line, r);
      else if (typeof r === 'string') line.context = r;
    }
    line.msg = message instanceof Error ? message.message : String(message);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

/** The app whose start-up is running (startApp), while any app of the process starts. */
const starting = new AsyncLocalStorage<string>();
let startsRunning = 0;

/**
 * The app starting where this runs, while any start-up runs. Asked only then: on Node.js 24
 * (AsyncLocalStorage on AsyncContextFrame) `disable()` clears the store in the current context
 * alone, so a timer set during a start-up would still read its app afterwards.
 */
function startingApp(): string | undefined {
  return startsRunning > 0 ? starting.getStore() : undefined;
}

/**
 * Runs an app's start-up with its name on every line written meanwhile, Nest's own start-up lines
 * included (the one-process mode starts its apps side by side, ADR 225). The label is dropped once
 * no start-up runs: no async context is carried for it afterwards.
 */
export async function labelledStartup<T>(app: string, start: () => Promise<T>): Promise<T> {
  startsRunning++;
  try {
    return await starting.run(app, start);
  } finally {
    if (--startsRunning === 0) starting.disable();
  }
}

/**
 * Nest's `Logger`, labelled with the app that created it. In the one-process mode every `new
 * Logger(...)` writes through Nest's static logger, which is the last app started (the gateway's),
 * so a line an agent writes outside a handled message (a poller, a claim loop, a flush) read
 * `"app":"gateway"`. Providers are created while their app starts (labelledStartup), so this
 * takes that app's name at construction and puts it on each of its lines; created outside any
 * start-up, it writes as Nest's `Logger` does. Costs nothing per line but one small object.
 */
export class AppLogger extends Logger {
  private readonly label = startingApp();

  override log(message: unknown, ...rest: unknown[]): void {
    super.log(message, ...this.labelled(rest));
  }
  override warn(message: unknown, ...rest: unknown[]): void {
    super.warn(message, ...this.labelled(rest));
  }
  override error(message: unknown, ...rest: unknown[]): void {
    super.error(message, ...this.labelled(rest));
  }
  override debug(message: unknown, ...rest: unknown[]): void {
    super.debug(message, ...this.labelled(rest));
  }
  override verbose(message: unknown, ...rest: unknown[]): void {
    super.verbose(message, ...this.labelled(rest));
  }
  override fatal(message: unknown, ...rest: unknown[]): void {
    super.fatal(message, ...this.labelled(rest));
  }

  private labelled(rest: unknown[]): unknown[] {
    return this.label ? [...rest, { app: this.label }] : rest;
  }
}

let crashLogInstalled = false;

/**
 * An exception nobody caught, or a rejected promise nobody handled, ends the process as Node would
 * (exit 1) — but as one JSON line on stderr with its stack, so a log pipeline keeps it with the
 * rest instead of a multi-line plain-text trace it cannot parse. Installed once per process.
 */
export function installCrashLog(app: string): void {
  if (crashLogInstalled) return;
  crashLogInstalled = true;
  const crash = (kind: string) => (err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    const line: Record<string, unknown> = { time: new Date().toISOString(), level: 'error', app, msg: `${app} crashed: ${kind}: ${e.message}`, stack: e.stack };
    const scope = currentTraceScope();
    if (scope)
      Object.assign(line, {
        trace_id: scope.traceId,
        span_id: scope.spanId,
        ...(scope.requestId ? { request_id: scope.requestId } : {}),
        ...(scope.correlationId ? { correlation_id: scope.correlationId } : {}),
      });
    process.stderr.write(`${JSON.stringify(line)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));
}

/**
 * A start-up failure as one JSON line on stderr (a log pipeline parses it like any other line):
 * the message names the setting or service at fault; the stack follows for an unexpected error.
 */
export function writeStartupFailure(app: string, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const line = {
    time: new Date().toISOString(),
    level: 'error',
    app,
    msg: `${app} could not start: ${e.message}`,
    ...(e.name === 'ConfigError' ? { setting: (e as Error & { setting?: string }).setting } : { stack: e.stack }),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
