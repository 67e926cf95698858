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
}

export function loadTelemetrySettings(env: Record<string, string | undefined> = process.env): TelemetrySettings {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const named = (name: string) => set(name) && env[name]!.trim().toLowerCase() !== 'none';
  return {
    exportTraces: set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    metricsExporter: named('OTEL_METRICS_EXPORTER'),
    logsExporter: named('OTEL_LOGS_EXPORTER'),
  };
}
