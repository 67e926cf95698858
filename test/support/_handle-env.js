const { TestEnvironment } = require('jest-environment-node');
const { appendFileSync } = require('node:fs');
const path = require('node:path');

/**
 * A Jest environment that reports, per test file, the kinds of active handles (sockets, timers,
 * child processes, …) left after the file's teardown that were not there before it: what keeps a
 * worker from exiting. Timers made by the file's own code (the apps it starts included) are listed
 * with where they were made. Use:
 * `HANDLE_REPORT_FILE=/tmp/handles.txt npx jest --testEnvironment ./test/support/_handle-env.js <files>`.
 */
class HandleReportEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = context.testPath;
  }
  async setup() {
    await super.setup();
    this.before = count(process.getActiveResourcesInfo());
    this.timers = trackTimers(this.global);
  }
  async teardown() {
    await super.teardown();
    await new Promise((r) => setTimeout(r, 1000));
    const after = count(process.getActiveResourcesInfo());
    const leaked = Object.entries(after)
      .filter(([k, n]) => n > (this.before[k] || 0))
      .map(([k, n]) => `${k}+${n - (this.before[k] || 0)}`);
    const timers = [...this.timers.values()].filter((t) => t.timer.hasRef?.() !== false).map((t) => `  ${t.kind} ${t.ms} ms, made ${t.where}`);
    if (leaked.length || timers.length) {
      appendFileSync(
        process.env.HANDLE_REPORT_FILE ?? 'handles-report.txt',
        `${path.relative(process.cwd(), this.file)}: ${leaked.join(' ')}\n${timers.join('\n')}${timers.length ? '\n' : ''}`,
      );
    }
  }
}

/** Wraps the test realm's timer functions: the timers still pending and holding the process, with their origin. */
function trackTimers(g) {
  const live = new Map();
  for (const kind of ['setTimeout', 'setInterval']) {
    const original = g[kind];
    g[kind] = function (fn, ms, ...args) {
      const where = (new Error().stack ?? '')
        .split('\n')
        .slice(2, 5)
        .map((l) => l.trim())
        .join(' < ');
      const timer = original.call(this, typeof fn === 'function' ? (...a) => (kind === 'setTimeout' && live.delete(timer), fn(...a)) : fn, ms, ...args);
      live.set(timer, { kind, ms, where, timer });
      return timer;
    };
  }
  for (const kind of ['clearTimeout', 'clearInterval']) {
    const original = g[kind];
    g[kind] = function (timer) {
      live.delete(timer);
      return original.call(this, timer);
    };
  }
  return live;
}

function count(list) {
  const c = {};
  for (const k of list) c[k] = (c[k] || 0) + 1;
  return c;
}
module.exports = HandleReportEnvironment;
