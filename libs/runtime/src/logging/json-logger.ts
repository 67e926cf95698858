import type { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * Structured JSON lines on stdout: time, level, app, message, and whatever context the caller adds
 * (requestId, traceId, userId, messageId). Never logs request bodies or credentials.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private readonly level: LogLevel = 'info',
  ) {}

  child(app: string): JsonLogger {
    return new JsonLogger(app, this.level);
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
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, app: this.app };
    for (const r of rest) {
      if (r && typeof r === 'object' && !Array.isArray(r)) Object.assign(line, r);
      else if (typeof r === 'string') line.context = r;
    }
    line.msg = message instanceof Error ? message.message : String(message);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}
