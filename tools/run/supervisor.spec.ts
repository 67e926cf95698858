import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Supervisor } from './supervisor';

/** The supervisor of `npm run start:all`, with small node processes standing in for the apps. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'mt-supervisor-'));

function script(name: string, body: string): string {
  const file = path.join(dir, `${name}.js`);
  writeFileSync(file, body);
  return file;
}

/** Exits 1 the first `crashes` times it is started (counted in a file), then runs until SIGTERM, exiting 0. */
const flaky = script(
  'flaky',
  `const fs = require('fs'); const f = process.argv[2]; const n = Number(fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : 0) + 1;
   fs.writeFileSync(f, String(n));
   if (n <= Number(process.argv[3])) process.exit(1);
   process.on('SIGTERM', () => setTimeout(() => process.exit(0), 50));
   fs.writeFileSync(f + '.ready', String(process.pid));
   setInterval(() => {}, 1000);`,
);
const stubborn = script(
  'stubborn',
  `process.on('SIGTERM', () => {}); require('fs').writeFileSync(process.argv[2], String(process.pid)); setInterval(() => {}, 1000);`,
);
/** The app wrote its pid once its SIGTERM handler was in place. */
const ready = (file: string, pid: number | undefined) => existsSync(file) && readFileSync(file, 'utf8') === String(pid);

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const options = (lines: Record<string, unknown>[], stopTimeoutMs = 10_000) => ({
  baseBackoffMs: 50,
  maxBackoffMs: 150,
  stableAfterMs: 60_000,
  stopTimeoutMs,
  log: (l: Record<string, unknown>) => lines.push(l),
});

describe('Supervisor', () => {
  it('restarts a crashing app with a growing, capped backoff until it stays up', async () => {
    const lines: Record<string, unknown>[] = [];
    const counter = path.join(dir, 'count-a');
    const s = new Supervisor([{ name: 'a', command: process.execPath, args: [flaky, counter, '4'], env: {} }], options(lines));
    s.start();
    await until(() => ready(`${counter}.ready`, s.pids().a), 'the app staying up');
    expect(readFileSync(counter, 'utf8')).toBe('5');
    const restarts = lines.filter((l) => l.msg === 'exited; restarting');
    expect(restarts.map((l) => l.restartInMs)).toEqual([50, 100, 150, 150]);
    expect(restarts.map((l) => l.code)).toEqual([1, 1, 1, 1]);
    expect(await s.stop()).toBe(0);
  }, 30_000);

  it('passes SIGTERM to every app, waits for all of them and answers 0', async () => {
    const lines: Record<string, unknown>[] = [];
    const apps = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({
      name,
      command: process.execPath,
      args: [flaky, path.join(dir, `count-${name}-2`), '0'],
      env: {},
    }));
    const s = new Supervisor(apps, options(lines));
    s.start();
    await until(() => apps.every((a) => ready(`${a.args[1]}.ready`, s.pids()[a.name])), 'six running apps');
    const pids = Object.values(s.pids());
    expect(await s.stop('SIGTERM')).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'stopped').map((l) => [l.app, l.code])).toEqual(expect.arrayContaining(apps.map((a) => [a.name, 0])));
    expect(lines.some((l) => l.msg === 'exited; restarting')).toBe(false);
  }, 30_000);

  it('kills an app that does not stop within the deadline and answers 1', async () => {
    const lines: Record<string, unknown>[] = [];
    const marker = path.join(dir, 'stubborn.ready');
    const s = new Supervisor([{ name: 'stubborn', command: process.execPath, args: [stubborn, marker], env: {} }], options(lines, 300));
    s.start();
    await until(() => ready(marker, s.pids().stubborn), 'the app');
    const pid = s.pids().stubborn;
    expect(await s.stop()).toBe(1);
    expect(alive(pid)).toBe(false);
    expect(lines.some((l) => l.msg === 'did not stop in time; killing')).toBe(true);
  }, 30_000);
});
