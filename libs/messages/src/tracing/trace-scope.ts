import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line written inside an HTTP request or a handled message carries, and where a
 * new message takes its trace and correlation from when no message is being handled (a job
 * launched by a request joins the request's trace). Works with or without an OpenTelemetry SDK.
 */
export interface TraceScope {
  traceId: string;
  spanId: string;
  /** The request's id (gateway) — also the correlation id of the messages it causes. */
  requestId?: string;
  /** The correlation id of the message being handled. */
  correlationId?: string;
  /** Filled in once known (after the access token is checked). */
  userId?: string;
  brandId?: string;
  /** The message being handled, for log lines. */
  messageId?: string;
}

const scopes = new AsyncLocalStorage<TraceScope>();

export function runInTraceScope<T>(scope: TraceScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

export function currentTraceScope(): TraceScope | undefined {
  return scopes.getStore();
}

/** Runs fn outside any scope: work that a delivery starts must not inherit its publisher's scope. */
export function outsideTraceScope<T>(fn: () => T): T {
  return scopes.exit(fn);
}
