import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PLATFORM_BOOT_MS } from './http';

/**
 * The run's shared platforms (ADR 172): one per mode, started once by the Jest global set-up in a
 * process of its own and stopped by the global teardown. A test file that only speaks HTTP to a
 * platform with these settings asks for one here instead of starting its own, and so neither loads
 * the app graph (about 4.6 s of CPU per file) nor starts and stops two platforms. This module
 * imports no app module; keep it that way.
 *
 * Rules for a file that shares (test/e2e files that call sharedTestPlatform):
 * - it speaks to the system over HTTP only: no `runtime`, no `platform`, no restart, no stopped agent;
 * - it needs no setting beyond SHARED_PLATFORM_ENV;
 * - everything it asserts belongs to users and brands it registered itself (other files use the
 *   same system at the same time): no global counts, no "the only brand", no fixed e-mail shared
 *   with another file.
 */

export type SharedMode = 'services' | 'embedded';

/** The same modes, in the same order, as PLATFORM_MODES (support/platform.ts), without loading it. */
export const SHARED_MODES: SharedMode[] = ['services', 'embedded'];

/** The operator token of the shared platforms' /metrics and detailed /health/ready (platform.e2e). */
export const SHARED_METRICS_TOKEN = 'operator-metrics-token-1234';

/** What the shared platforms run with on top of the harness's settings (support/platform.ts). */
export const SHARED_PLATFORM_ENV: Record<string, string> = { METRICS_TOKEN: SHARED_METRICS_TOKEN };

export interface SharedPlatform {
  mode: SharedMode;
  /** http://127.0.0.1:<port> — the gateway. */
  url: string;
}

/** Where the shared platform of `mode` reports its address (under the run's scratch folder). */
export function sharedStatusFile(mode: SharedMode): string {
  const scratch = process.env.MT_TEST_SCRATCH;
  if (!scratch) throw new Error('MT_TEST_SCRATCH is not set: the Jest global setup did not run');
  return path.join(scratch, `shared-${mode}.json`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The run's shared platform of `mode`, once it listens (the global set-up starts both without
 * waiting for them, so the files that do not share begin at once). Use it in a `beforeAll` with
 * PLATFORM_BOOT_MS; never stop it.
 */
export async function sharedTestPlatform(mode: SharedMode): Promise<SharedPlatform> {
  const file = sharedStatusFile(mode);
  const pid = Number(process.env[`MT_TEST_SHARED_${mode.toUpperCase()}_PID`]);
  if (!pid) throw new Error(`the shared ${mode} platform was not started: the Jest global setup starts it only when a selected file uses it`);
  const deadline = Date.now() + PLATFORM_BOOT_MS - 5_000;
  for (;;) {
    if (existsSync(file)) {
      const status = JSON.parse(readFileSync(file, 'utf8')) as { url?: string; error?: string };
      if (status.url) return { mode, url: status.url };
      throw new Error(`the shared ${mode} platform could not start: ${status.error}`);
    }
    if (!alive(pid)) throw new Error(`the shared ${mode} platform (pid ${pid}) exited before it listened; see ${file.replace(/\.json$/, '.log')}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for the shared ${mode} platform`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
