/**
 * The SDK itself, loaded only when telemetry is on: a process with no OTLP endpoint never loads it.
 */
import { context, trace } from '@opentelemetry/api';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { AppAttributionProcessor, PerAppResourceExporter } from './app-attribution';
import type { TelemetrySettings } from './config/telemetry.config';
import type { TelemetryOptions } from './index';

/** Health probes and scrapes are not traced: they would drown the traces an operator looks for. */
const UNTRACED_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

type QueryPatch = (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown;

/**
 * The pg instrumentation, recording only inside recorded work. Upstream, a query under an unsampled
 * (non-recording) parent still builds the span's attributes, parses the statement, asks the
 * sampler, wraps the callback and records a duration, all for a span nobody keeps; here such a
 * query goes straight to the driver (ADR 094). Sampled work gets the upstream spans unchanged.
 */
export class RecordedWorkPgInstrumentation extends PgInstrumentation {}
const upstreamQueryPatch = (PgInstrumentation.prototype as unknown as { _getClientQueryPatch(): QueryPatch })._getClientQueryPatch;
if (typeof upstreamQueryPatch === 'function') {
  Object.defineProperty(RecordedWorkPgInstrumentation.prototype, '_getClientQueryPatch', {
    value(this: PgInstrumentation): QueryPatch {
      const patch = upstreamQueryPatch.call(this);
      return (original) => {
        const patched = patch(original);
        return function query(this: unknown, ...args: unknown[]) {
          return trace.getSpan(context.active())?.isRecording() ? patched.apply(this, args) : original.apply(this, args);
        };
      };
    },
  });
}

export function createSdk(opts: TelemetryOptions, settings: TelemetrySettings): NodeSDK {
  const exporter = new OTLPTraceExporter();
  return new NodeSDK({
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.service })),
    spanProcessors: [
      new AppAttributionProcessor(opts.apps?.httpApp),
      new tracing.BatchSpanProcessor(opts.apps ? new PerAppResourceExporter(exporter) : exporter),
    ],
    // Prometheus (/metrics) and the JSON lines on stdout stay the default paths for metrics and logs.
    ...(settings.metricsExporter ? {} : { metricReaders: [] }),
    ...(settings.logsExporter ? {} : { logRecordProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      // Middleware layers (helmet, cors, parsers) would add a dozen spans to every request.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      // Queries outside any span (pollers, housekeeping) would each start a trace of their own.
      // Connection spans (pool checkout, connect) tell nothing per query and cost a span per transaction.
      new RecordedWorkPgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
  });
}
