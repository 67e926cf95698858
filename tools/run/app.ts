/**
 * The container's entry point: runs the app named by APP (gateway, one of the agents, or migrate)
 * in this very process, so `node` is PID 1 and receives SIGTERM itself (no shell in between).
 *   node -r ./dist/tools/run/dist-paths.js dist/tools/run/app.js
 */
const ENTRY_POINTS: Record<string, string> = {
  gateway: '../../apps/gateway/src/main',
  'auth-agent': '../../apps/auth-agent/src/main',
  'brand-agent': '../../apps/brand-agent/src/main',
  'strategy-agent': '../../apps/strategy-agent/src/main',
  'creation-agent': '../../apps/creation-agent/src/main',
  'publishing-agent': '../../apps/publishing-agent/src/main',
  migrate: '../cli/migrate',
};

const app = process.env.APP || 'gateway';
const entry = ENTRY_POINTS[app];
if (!entry) {
  process.stderr.write(`setting APP: must be one of ${Object.keys(ENTRY_POINTS).join(', ')} (got ${app})\n`);
  process.exit(64);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(entry);
