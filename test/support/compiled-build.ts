/**
 * Whether `npm run build` (dist/) is newer than every source it compiles, as in CI, which builds
 * just before the tests, and as `npm start` leaves it (it builds first, ADR 192). Then the processes
 * the tests start (the CLI, the apps as an operator runs them) run the compiled build — the
 * container image's path (ADR 139) — instead of each compiling the TypeScript sources at start-up
 * again. A checkout with no build, or with a source changed since, runs the sources through the hook.
 */
export { compiledBuildIsFresh } from '../../tools/run/server-build';
