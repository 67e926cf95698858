import { appendFileSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import NodeEnvironment from 'jest-environment-node';

const ARMED = Symbol.for('mt.test.fast-worker-exit');

/**
 * Jest ends a worker by removing its `message` listener and waiting `workerGracefulExitTimeout`
 * (jest.config.js: 3 s) for the loop to empty; then it kills the worker and prints a warning that
 * names nothing. One second after that end, a worker still running writes what keeps it alive
 * (resource types, sockets' addresses, RSS) to its stderr, which Jest passes on: the leak is named
 * in the run's log.
 */
function reportWhatKeepsTheWorker(event: string | symbol): void {
  if (event !== 'message' || process.listenerCount('message') > 0) return;
  setTimeout(() => {
    const sockets = (process as NodeJS.Process & { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
    const remote = sockets
      .filter((h): h is Socket => h instanceof Socket && Boolean(h.remotePort))
      .map((s) => `${s.localPort}->${s.remoteAddress}:${s.remotePort}`);
    const rssMb = Math.round(process.memoryUsage.rss() / 1048576);
    process.stderr.write(
      `jest worker ${process.env.JEST_WORKER_ID} (pid ${process.pid}) still running 1 s after Jest ended it, ${rssMb} MB: ${process.getActiveResourcesInfo().join(', ')}${remote.length ? `; sockets ${remote.join(', ')}` : ''}\n`,
    );
  }, 1_000).unref();
}

/**
 * Jest's node environment, with one difference in the worker process itself: once the worker has
 * nothing left to do (Jest has told it to end and its loop is empty), it leaves with
 * `process.exit()` instead of returning from its loop.
 *
 * Returning tears the whole V8 heap down object by object; a worker that has run a few hundred files
 * holds 0.7–1.6 GB and took 540–735 ms to do that, past the 500 ms Jest allows before it kills the
 * worker and prints "A worker process has failed to exit gracefully". At that moment such a worker
 * held no handle but its IPC channel and stdio: nothing had leaked. `process.exit()` skips the
 * teardown (the operating system reclaims the memory at once). `beforeExit` is only emitted when the
 * loop is empty, so no pending work is cut short.
 */
export default class TestEnvironment extends NodeEnvironment {
  private readonly testPath: string;
  private started?: { wallMs: number; cpu: NodeJS.CpuUsage };

  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    this.testPath = args[1].testPath;
    const worker = process as NodeJS.Process & { [ARMED]?: true };
    if (process.env.JEST_WORKER_ID && !worker[ARMED]) {
      worker[ARMED] = true;
      process.once('beforeExit', (code) => process.exit(code));
      process.on('removeListener', reportWhatKeepsTheWorker);
    }
  }

  override async setup(): Promise<void> {
    if (process.env.TEST_CPU_FILE) this.started = { wallMs: performance.now(), cpu: process.cpuUsage() };
    await super.setup();
  }

  /**
   * With `TEST_CPU_FILE` set, each file adds a line: the CPU its worker spent on it (the worker's
   * own threads: the file's in-process platforms included, processes it started not), its wall
   * time, and its path. A file whose wall time is far above its CPU spends it waiting.
   */
  override async teardown(): Promise<void> {
    await super.teardown();
    if (!this.started || !process.env.TEST_CPU_FILE) return;
    const cpu = process.cpuUsage(this.started.cpu);
    const line = `${Math.round((cpu.user + cpu.system) / 1000)}\t${Math.round(performance.now() - this.started.wallMs)}\t${path.relative(process.cwd(), this.testPath)}\n`;
    appendFileSync(process.env.TEST_CPU_FILE, line);
  }
}
