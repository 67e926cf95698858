/**
 * The SDK itself, loaded only when telemetry is on: a process with no OTLP endpoint never loads it.
 */
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
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
  });
}
