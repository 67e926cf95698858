import { loadTelemetrySettings } from './telemetry.config';

describe('telemetry settings (standard OTEL_* variables)', () => {
  it('exports traces only when an OTLP endpoint is set', () => {
    expect(loadTelemetrySettings({}).exportTraces).toBe(false);
    expect(loadTelemetrySettings({ OTEL_SERVICE_NAME: 'gateway', OTEL_TRACES_SAMPLER: 'always_on' }).exportTraces).toBe(false);
    expect(loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).exportTraces).toBe(false);
    expect(loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }).exportTraces).toBe(true);
    expect(loadTelemetrySettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }).exportTraces).toBe(true);
  });

  it('turns everything off with OTEL_SDK_DISABLED=true', () => {
    expect(loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true);
    expect(loadTelemetrySettings({ OTEL_SDK_DISABLED: 'false' }).disabled).toBe(false);
  });

  it('leaves metrics and logs to Prometheus and stdout unless an exporter is named', () => {
    expect(loadTelemetrySettings({})).toMatchObject({ metricsExporter: false, logsExporter: false });
    expect(loadTelemetrySettings({ OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' })).toMatchObject({ metricsExporter: false, logsExporter: false });
    expect(loadTelemetrySettings({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' })).toMatchObject({ metricsExporter: true, logsExporter: true });
  });

  it('exports spans in batches of 2,048 (queue 8,192) unless the operator sizes the batch span processor', () => {
    expect(loadTelemetrySettings({}).spanBatching).toEqual({ maxExportBatchSize: 2048, maxQueueSize: 8192 });
    expect(loadTelemetrySettings({ OTEL_BSP_SCHEDULE_DELAY: '1000' }).spanBatching).toEqual({ maxExportBatchSize: 2048, maxQueueSize: 8192 });
    // either size set: both are the SDK's, which reads the variables itself
    expect(loadTelemetrySettings({ OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '512' }).spanBatching).toEqual({});
    expect(loadTelemetrySettings({ OTEL_BSP_MAX_QUEUE_SIZE: '1024' }).spanBatching).toEqual({});
  });
});
