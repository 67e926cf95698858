import { ApiProblem } from '../../../apps/gateway/src/mcp/api-client';

/** Exit codes of `marketing-team` (docs/cli.md). */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  UNAUTHENTICATED: 3,
  FORBIDDEN: 4,
  NOT_FOUND: 5,
  REFUSED: 6,
  UNAVAILABLE: 7,
  DOCTOR_FOUND_PROBLEMS: 8,
  JOB_FAILED: 9,
} as const;

/** A failure with the exit code and problem code it ends the command with. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Output {
  json: boolean;
  /** The command's answer: JSON with --json, else the text. */
  result(data: unknown, text: () => string): void;
  /** A line for people (stderr), never in --json output. */
  note(line: string): void;
}

export function output(json: boolean): Output {
  return {
    json,
    result(data, text) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
    },
    note(line) {
      if (!json) process.stderr.write(`${line}\n`);
    },
  };
}

export function exitCodeOf(err: unknown): { exitCode: number; code: string; message: string; extra: Record<string, unknown> } {
  if (err instanceof CliError) return { exitCode: err.exitCode, code: err.code, message: err.message, extra: err.extra };
  if (err instanceof ApiProblem) {
    const exitCode =
      err.status === 401
        ? EXIT.UNAUTHENTICATED
        : err.status === 403
          ? EXIT.FORBIDDEN
          : err.status === 404
            ? EXIT.NOT_FOUND
            : err.status >= 500
              ? EXIT.UNAVAILABLE
              : EXIT.REFUSED;
    return { exitCode, code: err.code, message: err.detail, extra: { status: err.status, ...(err.problem.errors ? { errors: err.problem.errors } : {}) } };
  }
  if (err instanceof Error && err.name === 'ConfigError') {
    const setting = (err as Error & { setting?: string }).setting;
    return { exitCode: EXIT.USAGE, code: 'SETTING_INVALID', message: err.message, extra: setting ? { setting } : {} };
  }
  const cause = (err as { cause?: { code?: string } })?.cause;
  if (err instanceof TypeError && /fetch failed/.test(err.message)) {
    return {
      exitCode: EXIT.UNAVAILABLE,
      code: 'UNREACHABLE',
      message: `The API is not reachable (${cause?.code ?? 'no answer'}). Is it running? (--url, MARKETING_TEAM_URL)`,
      extra: {},
    };
  }
  return { exitCode: EXIT.FAILED, code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), extra: {} };
}

/** Fixed-width columns for people. */
export function table(rows: (string | number | null | undefined)[][], header: string[]): string {
  const all = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}
