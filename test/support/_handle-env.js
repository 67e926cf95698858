const { TestEnvironment } = require('jest-environment-node');
const { appendFileSync } = require('node:fs');
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
    if (leaked.length) appendFileSync('/tmp/runs/handles-report.txt', `${this.file.replace('/work/main/', '')}: ${leaked.join(' ')}\n`);
  }
}
function count(list) {
  const c = {};
  for (const k of list) c[k] = (c[k] || 0) + 1;
  return c;
}
module.exports = HandleReportEnvironment;
