/** First import of a benchmark: the traced run starts the SDK (an OTLP endpoint is set) before anything loads. */
import { startTelemetry } from '@mt/runtime/telemetry';

startTelemetry({ service: 'bench' });
