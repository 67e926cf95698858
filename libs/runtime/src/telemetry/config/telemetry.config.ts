/**
 * The OpenTelemetry SDK reads its own settings (the standard OTEL_* variables); this file only
 * answers the questions that decide whether an SDK is started at all and what it starts with.
 */
export interface TelemetrySettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set: traces are exported there. */
  exportTraces: boolean;
  /** OTEL_SDK_DISABLED=true turns everything off, whatever else is set. */
  disabled: boolean;
  /** OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER: off unless the operator names one (Prometheus and stdout JSON are the defaults). */
  metricsExporter: boolean;
  logsExporter: boolean;
  /**
   * The batch span processor's sizes when neither OTEL_BSP_MAX_EXPORT_BATCH_SIZE nor
   * OTEL_BSP_MAX_QUEUE_SIZE is set: batches of 2,048 spans and a queue of 8,192, four times the
   * specification's defaults. Each export request costs the exporting app about the same CPU
   * whatever it carries, and a consumed message makes three spans (ADR 233). Either variable set:
   * both are the SDK's (the variables, else 512 and 2,048).
   */
  spanBatching: { maxExportBatchSize?: number; maxQueueSize?: number };
}

const SPAN_EXPORT_BATCH = 2_048;
const SPAN_QUEUE = 8_192;

export function loadTelemetrySettings(env: Record<string, string | undefined> = process.env): TelemetrySettings {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const named = (name: string) => set(name) && env[name]!.trim().toLowerCase() !== 'none';
  return {
    exportTraces: set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    metricsExporter: named('OTEL_METRICS_EXPORTER'),
    logsExporter: named('OTEL_LOGS_EXPORTER'),
    spanBatching:
      set('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') || set('OTEL_BSP_MAX_QUEUE_SIZE') ? {} : { maxExportBatchSize: SPAN_EXPORT_BATCH, maxQueueSize: SPAN_QUEUE },
  };
}
