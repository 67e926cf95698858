/**
 * One platform of one mode for the whole Jest run (ADR 172): started by the global set-up in this
 * process of its own, reached by the test files that share it over HTTP only, stopped by the
 * global teardown (SIGTERM) — or when the Jest process that started it goes away (its stdin pipe
 * closes), so a crashed or killed run leaves nothing running.
 *
 * Usage: shared-platform-process.ts <embedded|services> <status file>. When the platform listens it
 * writes {"url": …, "pid": …} to the status file (write, then rename: a reader never sees half of
 * it); when it cannot start it writes {"error": …} there and exits 1.
 *
 * One mode per process, as in make-templates.ts: PGlite's start-up holds the event loop for
 * seconds, long enough to miss a broker heartbeat in the same process on a loaded machine.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { type PlatformMode, startTestPlatform, type TestPlatform } from './platform';
import { SHARED_PLATFORM_ENV } from './shared';

function writeStatus(file: string, status: Record<string, unknown>): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(status));
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  const [mode, statusFile] = process.argv.slice(2) as [PlatformMode, string];
  if ((mode !== 'embedded' && mode !== 'services') || !statusFile) throw new Error('usage: shared-platform-process.ts <embedded|services> <status file>');
  let platform: TestPlatform | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const t = setTimeout(() => process.exit(1), 60_000);
      t.unref();
      await platform?.destroy().catch((err: unknown) => console.error(err));
      process.exit(0);
    })());
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The Jest process holds the other end of stdin: when it goes, however it went, so does this one.
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  try {
    platform = await startTestPlatform(mode, SHARED_PLATFORM_ENV);
  } catch (err) {
    writeStatus(statusFile, { error: (err as Error).stack ?? String(err) });
    process.exit(1);
  }
  if (stopping) return;
  writeStatus(statusFile, { url: platform.url, pid: process.pid });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
