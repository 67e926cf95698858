/**
 * OpenTelemetry for a process of the platform. Import this module (through the app's
 * `telemetry.ts`) before anything else, so the instrumentations patch pg, ioredis, express and
 * http before those are loaded. Configured only by the standard OTEL_* variables; with no OTLP
 * endpoint set (the embedded default) no SDK is loaded, nothing is exported and nothing connects.
 * See docs/adr/090-opentelemetry-sdk-and-instrumentations.md.
 */
import { trace, type TracerProvider } from '@opentelemetry/api';
import { loadTelemetrySettings } from './config/telemetry.config';
import type { OwnedSpanStart } from './owned-spans';

export interface TelemetryOptions {
  /** service.name when OTEL_SERVICE_NAME is not set: the app, or the process of several apps. */
  service: string;
  /**
   * Several apps share this process (`npm start`): spans are exported under the service.name of the
   * app they belong to. `httpApp` names the app whose HTTP server this is.
   */
  apps?: { httpApp: string };
}

interface RunningSdk {
  shutdown(): Promise<void>;
}

let sdk: RunningSdk | null = null;

/** True once an SDK is started in this process (spans are being made). */
export function telemetryStarted(): boolean {
  return sdk !== null;
}

/** Starts the SDK when an OTLP endpoint is set and OTEL_SDK_DISABLED is not; answers whether it did. */
export function startTelemetry(opts: TelemetryOptions, env?: Record<string, string | undefined>): boolean {
  if (sdk) return true;
  const settings = loadTelemetrySettings(env);
  if (settings.disabled || !settings.exportTraces) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./sdk') as typeof import('./sdk');
  sdk = startSdk(opts, settings);
  return true;
}

/**
 * The started SDK's starter of owned spans for one tracer (ADR 233): spans whose attributes the
 * caller builds for them alone, made without the SDK's re-checks. Undefined with no SDK, or when
 * the SDK's tracer is not one owned spans match (another version, limits that cut attributes).
 */
export function ownedSpans(tracerName: string): OwnedSpanStart | undefined {
  if (!sdk) return undefined;
  const provider = trace.getTracerProvider() as TracerProvider & { getDelegate?(): TracerProvider };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ownedSpanStarter } = require('./owned-spans') as typeof import('./owned-spans');
  return ownedSpanStarter(provider.getDelegate?.().getTracer(tracerName));
}

/** Exports what is buffered and stops; called on shutdown so the last spans are not lost. */
export async function stopTelemetry(): Promise<void> {
  const s = sdk;
  sdk = null;
  await s?.shutdown().catch(() => undefined);
}
