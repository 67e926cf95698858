/** Imported first by main.ts: the OpenTelemetry SDK must patch pg, http and express before they load. */
import { startTelemetry } from '@mt/runtime/telemetry';

startTelemetry({ service: 'gateway' });
