import { type ChildProcess, spawn } from 'node:child_process';

export interface SupervisedApp {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** First restart delay; doubles with each crash in a row, up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A process that ran this long before crashing starts again from baseBackoffMs. */
  stableAfterMs: number;
  /** After a stop signal: how long children get before SIGKILL. */
  stopTimeoutMs: number;
  log: (line: Record<string, unknown>) => void;
}

interface Slot {
  app: SupervisedApp;
  child: ChildProcess | null;
  crashes: number;
  startedAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Runs a set of processes and keeps them running: a process that exits on its own is started again
 * after a backoff (1 s, 2 s, 4 s … capped; reset once it has stayed up); a stop signal is passed on
 * to every process and the supervisor exits once they all have (SIGKILL for any still running after
 * stopTimeoutMs). Exit code 0 when every child stopped cleanly.
 */
export class Supervisor {
  private readonly slots: Slot[];
  private stopping: Promise<number> | null = null;

  constructor(
    apps: SupervisedApp[],
    private readonly options: SupervisorOptions,
  ) {
    this.slots = apps.map((app) => ({ app, child: null, crashes: 0, startedAt: 0, timer: null }));
  }

  start(): void {
    for (const slot of this.slots) this.launch(slot);
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.slots.map((s) => [s.app.name, s.child?.pid]));
  }

  /** Passes `signal` to every child, waits for them, answers the exit code the supervisor should use. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    this.stopping ??= this.stopAll(signal);
    return this.stopping;
  }

  private launch(slot: Slot): void {
    slot.timer = null;
    if (this.stopping) return;
    const child = spawn(slot.app.command, slot.app.args, { env: slot.app.env, stdio: 'inherit' });
    slot.child = child;
    slot.startedAt = Date.now();
    this.options.log({ level: 'info', msg: 'started', app: slot.app.name, pid: child.pid });
    child.once('exit', (code, signal) => {
      if (slot.child === child) slot.child = null;
      if (this.stopping) return;
      const upMs = Date.now() - slot.startedAt;
      slot.crashes = upMs >= this.options.stableAfterMs ? 1 : slot.crashes + 1;
      const delay = Math.min(this.options.baseBackoffMs * 2 ** (slot.crashes - 1), this.options.maxBackoffMs);
      this.options.log({ level: 'error', msg: 'exited; restarting', app: slot.app.name, code, signal, upMs, restartInMs: delay, crashesInARow: slot.crashes });
      slot.timer = setTimeout(() => this.launch(slot), delay);
    });
  }

  private async stopAll(signal: NodeJS.Signals): Promise<number> {
    this.options.log({ level: 'info', msg: `stopping every app (${signal})` });
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
    }
    const running = this.slots.filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null);
    let clean = true;
    await Promise.all(
      running.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const child = slot.child as ChildProcess;
            const kill = setTimeout(() => {
              this.options.log({ level: 'error', msg: 'did not stop in time; killing', app: slot.app.name });
              child.kill('SIGKILL');
            }, this.options.stopTimeoutMs);
            child.once('exit', (code, sig) => {
              clearTimeout(kill);
              if (code !== 0) clean = false;
              this.options.log({ level: code === 0 ? 'info' : 'warn', msg: 'stopped', app: slot.app.name, code, signal: sig });
              resolve();
            });
            child.kill(signal);
          }),
      ),
    );
    return clean ? 0 : 1;
  }
}
