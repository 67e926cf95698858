const { TestEnvironment } = require('jest-environment-node');
const { appendFileSync } = require('node:fs');
const path = require('node:path');

/**
 * A Jest environment that reports, per test file, the kinds of active handles (sockets, timers,
 * child processes, …) left after the file's teardown that were not there before it: what keeps a
 * worker from exiting. Use: `HANDLE_REPORT_FILE=/tmp/handles.txt npx jest --testEnvironment ./test/support/_handle-env.js <files>`.
 */
class HandleReportEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = context.testPath;
  }
  async setup() {
    await super.setup();
    this.before = count(process.getActiveResourcesInfo());
  }
  async teardown() {
    await super.teardown();
    await new Promise((r) => setTimeout(r, 1000));
    const after = count(process.getActiveResourcesInfo());
    const leaked = Object.entries(after)
      .filter(([k, n]) => n > (this.before[k] || 0))
      .map(([k, n]) => `${k}+${n - (this.before[k] || 0)}`);
    if (leaked.length) appendFileSync(process.env.HANDLE_REPORT_FILE ?? 'handles-report.txt', `${path.relative(process.cwd(), this.file)}: ${leaked.join(' ')}\n`);
  }
}
function count(list) {
  const c = {};
  for (const k of list) c[k] = (c[k] || 0) + 1;
  return c;
}
module.exports = HandleReportEnvironment;
