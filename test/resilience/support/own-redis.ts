import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from '../../support/processes';

/**
 * A redis-server of the trial's own, on a free port, persisting nothing: flushing it or stopping
 * and starting it again touches no other user of the machine's Redis (ADR 161). Needs `redis-server`
 * on the PATH (the machine's Redis package has it).
 */
export class OwnRedis {
  private proc: ChildProcess | null = null;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'mt-trial-redis-'));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 15_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${out}`));
      });
    });
    proc.removeAllListeners('exit');
    return this;
  }

  /** One command on a short-lived connection. */
  async command(...args: string[]): Promise<unknown> {
    // No reconnecting: after SHUTDOWN the connection simply ends.
    const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return await c.call(args[0], ...args.slice(1));
    } finally {
      // QUIT, not disconnect(): that arms a 2 s timer (ioredis) that holds the test worker. After
      // SHUTDOWN the server has closed the connection already.
      if (c.status === 'ready' && args[0].toUpperCase() !== 'SHUTDOWN') await c.quit().catch(() => c.disconnect());
      else if (c.status !== 'end') c.disconnect();
    }
  }

  /** SHUTDOWN NOSAVE: the server stops, every client is disconnected, nothing is kept. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    await this.command('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection goes with the server
    await exited;
    this.proc = null;
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => this.proc?.kill('SIGKILL'));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
