import { AsyncLocalStorage } from 'node:async_hooks';
import { createContextKey } from '@opentelemetry/api';
import { activeContext, withContext } from './active-context';

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
  /**
   * The app handling it (the consumer's agent): in the one-process mode every app shares Nest's
   * static logger, so a line is labelled by the app whose work wrote it, not the last app started.
   */
  app?: string;
}

const scopes = new AsyncLocalStorage<TraceScope>();

/** The scope's key in an OpenTelemetry context, where it is kept while tracing is on. */
export const TRACE_SCOPE_KEY = createContextKey('marketing-team.trace-scope');

/**
 * Where the scope lives. Without an SDK: an AsyncLocalStorage of its own. With one (set by
 * enableMeshTracing): a value of the OpenTelemetry context, which the SDK's context manager already
 * carries across every await. Two stores would make every promise of the process copy both, and a
 * handled message enter both; one is enough (ADR 170).
 */
let inOtelContext = false;

export function keepTraceScopeInOtelContext(on: boolean): void {
  inOtelContext = on;
}

export function runInTraceScope<T>(scope: TraceScope, fn: () => T): T {
  return inOtelContext ? withContext(activeContext().setValue(TRACE_SCOPE_KEY, scope), fn) : scopes.run(scope, fn);
}

export function currentTraceScope(): TraceScope | undefined {
  return inOtelContext ? (activeContext().getValue(TRACE_SCOPE_KEY) as TraceScope | undefined) : scopes.getStore();
}

/** Runs fn outside any scope: work that a delivery starts must not inherit its publisher's scope. */
export function outsideTraceScope<T>(fn: () => T): T {
  return inOtelContext ? withContext(activeContext().deleteValue(TRACE_SCOPE_KEY), fn) : scopes.exit(fn);
}
