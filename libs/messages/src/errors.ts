import type { RemoteErrorBody } from './envelope/envelope';

/** Stable codes of the messaging layer. */
export type MessagingErrorCode = 'AGENT_UNAVAILABLE' | 'INVALID_ENVELOPE' | 'NO_HANDLER' | 'HANDLER_FAILED' | 'BROKER_UNAVAILABLE' | 'NO_TRANSACTION';

/**
 * An error a handler throws on purpose. `retryable: false` sends the message straight to the
 * dead-letter queue (for events and fire-and-forget tasks) or answers the caller at once (RPC):
 * a permanent failure never loops.
 */
export class MeshError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: { retryable?: boolean; status?: number; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'MeshError';
  }
  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
  get status(): number | undefined {
    return this.options.status;
  }
  get details(): unknown {
    return this.options.details;
  }
}

/** The caller of an RPC gets this when the agent did not answer in time (or its queue does not exist). */
export class AgentUnavailableError extends MeshError {
  constructor(agent: string, taskType: string, timeoutMs: number) {
    super('AGENT_UNAVAILABLE', `${agent} did not answer ${taskType} within ${timeoutMs} ms`, {
      retryable: true,
      status: 503,
      details: { agent, taskType, timeoutMs },
    });
    this.name = 'AgentUnavailableError';
  }
}

/** An error answered by a remote agent, rebuilt on the caller's side with its code intact. */
export class RemoteError extends MeshError {
  constructor(body: RemoteErrorBody) {
    super(body.code, body.message, { retryable: body.retryable, status: body.status, details: body.details });
    this.name = 'RemoteError';
  }
}

/** Whether a failure may succeed on another attempt. Unknown errors (a crashed query, a bug) are retried. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof MeshError) return err.retryable;
  if (err && typeof err === 'object' && 'retryable' in err && typeof err.retryable === 'boolean') {
    return err.retryable;
  }
  return true;
}

/**
 * Whether the database connection itself failed, rather than the statement: SQLSTATE class 08
 * (connection exception), 57P01–57P03 (the server terminated the session or is starting), or the
 * driver's own word that the socket went. Such a failure is worth trying again
 * once the database is back: a caller hears AGENT_UNAVAILABLE (503) rather than INTERNAL, and a
 * job's work is repeated rather than failed (JobReporter).
 */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.driverError && e.driverError !== err && isConnectionLoss(e.driverError)) return true;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(code)) return true;
  // TypeORM releases a query runner whose client emitted an error (the socket went): the statement
  // that comes next on it fails with this instead of the connection's own error.
  const name = (e as { name?: unknown }).name;
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|terminating connection|Client has encountered a connection error|connection is closed|query runner was already released|Query runner already released/i.test(
    message,
  );
}

/** The wire form of any thrown value: a code, a message, never a stack. */
export function toRemoteError(err: unknown): RemoteErrorBody {
  if (err instanceof MeshError) {
    return {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.details !== undefined ? { details: err.details } : {}),
    };
  }
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && /^[A-Z_]+$/.test(err.code)) {
    const e = err as { code: string; message?: string; status?: number };
    return { code: e.code, message: e.message ?? e.code, retryable: isRetryable(err), status: e.status };
  }
  const message = err instanceof Error ? err.message : String(err);
  // The agent's database went away under the handler: the caller may try again shortly.
  // The driver's words stay in `details` (logs, dead letters), out of the message a user may see.
  if (isConnectionLoss(err)) {
    return {
      code: 'AGENT_UNAVAILABLE',
      message: 'A connection to the database or store was lost; try again shortly.',
      retryable: true,
      status: 503,
      details: { cause: message },
    };
  }
  return { code: 'HANDLER_FAILED', message, retryable: true, status: 500 };
}
