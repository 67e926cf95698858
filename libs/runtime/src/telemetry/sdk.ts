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
import { useSpanSerializer } from './otlp-span-serializer';
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

/**
 * The pg instrumentation also times every query for the `db.client.operation.duration` histogram
 * (an object of attributes and two clock reads per query). With no OTLP metrics exporter (the
 * default: Prometheus on /metrics has its own figures) that histogram goes to the API's no-op
 * meter, so the work is skipped (ADR 166).
 */
export function skipUnexportedPgDurations(instrumentation: PgInstrumentation, settings: TelemetrySettings): void {
  if (settings.metricsExporter) return;
  Object.defineProperty(instrumentation, 'recordOperationDuration', { value: () => undefined });
}

export function createSdk(opts: TelemetryOptions, settings: TelemetrySettings): NodeSDK {
  const exporter = new OTLPTraceExporter();
  // The same exporter, transport and OTEL_* settings; the protobuf body written in one pass (ADR 170).
  useSpanSerializer(exporter);
  // Queries outside any span (pollers, housekeeping) would each start a trace of their own.
  // Connection spans (pool checkout, connect) tell nothing per query and cost a span per transaction.
  const pg = new RecordedWorkPgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true });
  skipUnexportedPgDurations(pg, settings);
  return new NodeSDK({
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.service })),
    // One app per process: its service.name says which app a span belongs to, so spans are not
    // stamped with it (an attribute per span, ADR 166). Several apps in one process (`npm start`):
    // each span carries its app and is exported under that app's service.name.
    spanProcessors: opts.apps
      ? [new AppAttributionProcessor(opts.apps.httpApp), new tracing.BatchSpanProcessor(new PerAppResourceExporter(exporter))]
      : [new tracing.BatchSpanProcessor(exporter)],
    // Prometheus (/metrics) and the JSON lines on stdout stay the default paths for metrics and logs.
    ...(settings.metricsExporter ? {} : { metricReaders: [] }),
    ...(settings.logsExporter ? {} : { logRecordProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      // Middleware layers (helmet, cors, parsers) would add a dozen spans to every request.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      pg,
      new IORedisInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
  });
}
