/** Imported first by start.ts: the six apps share this process, so spans are exported per app. */
import { startTelemetry } from '@mt/runtime/telemetry';

startTelemetry({ service: 'marketing-team', apps: { httpApp: 'gateway' } });
