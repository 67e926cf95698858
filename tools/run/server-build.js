'use strict';
/**
 * The compiled server build (`npm run build`: tsconfig.build.json → dist/) that `npm start`,
 * `npm run start:all` and `npm run start:<app>` run (ADR 192), and the test harness's check that it
 * is current (test/support/compiled-build.ts). Plain JavaScript: it runs before any TypeScript hook.
 */
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

/** The newest (or oldest) mtime of the files under `dir` that `keep` accepts, skipping node_modules. */
function mtimeOf(dir, keep, pick, start) {
  let at = start;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) at = mtimeOf(full, keep, pick, at);
    else if (keep(entry.name)) at = pick(at, statSync(full).mtimeMs);
  }
  return at;
}

/**
 * Whether dist/ is newer than every source it compiles (and than the compiler settings). A checkout
 * with no build, or with a source changed since, is not fresh.
 */
function compiledBuildIsFresh() {
  try {
    const oldestBuilt = mtimeOf(DIST, (n) => n.endsWith('.js'), Math.min, Infinity);
    const isSource = (n) => n.endsWith('.ts') && !n.endsWith('.spec.ts') && !n.endsWith('.d.ts');
    const settings = ['tsconfig.base.json', 'tsconfig.build.json'].map((f) => statSync(path.join(ROOT, f)).mtimeMs);
    const newestSource = ['apps', 'libs', 'tools'].reduce((at, dir) => mtimeOf(path.join(ROOT, dir), isSource, Math.max, at), Math.max(...settings));
    return Number.isFinite(oldestBuilt) && oldestBuilt >= newestSource;
  } catch {
    return false; // no dist/
  }
}

/**
 * Compiles the server into a scratch directory and swaps it in for dist/, so no process ever
 * starts from half-written files and files of deleted sources do not linger (they would keep the
 * build stale forever). Returns whether the compiler succeeded.
 */
function buildServer(log = (line) => process.stderr.write(`${line}\n`)) {
  // Beside node_modules' other caches: on the same file system as dist/ (a rename), and out of the
  // way of the tools that walk the checkout (Jest, ESLint, the freshness check).
  const cache = path.join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const scratch = path.join(cache, `mt-server-build-${process.pid}`);
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const started = Date.now();
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', scratch], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    return false;
  }
  const old = path.join(cache, `mt-server-build-old-${process.pid}`);
  // Two starts may build at once (each its own scratch): whichever swaps in last wins, both complete.
  for (let attempt = 0; ; attempt++) {
    try {
      if (existsSync(DIST)) renameSync(DIST, old);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err; // the other build moved it away first
    }
    try {
      renameSync(scratch, DIST);
      break;
    } catch (err) {
      if (attempt >= 3 || (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST')) throw err; // the other build swapped its own in
      rmSync(old, { recursive: true, force: true });
    }
  }
  rmSync(old, { recursive: true, force: true });
  log(`server: compiled into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** Builds dist/ unless it is fresh; true when a current build is there afterwards. */
function ensureServerBuild(log = (line) => process.stderr.write(`${line}\n`)) {
  if (compiledBuildIsFresh()) return true;
  log(existsSync(DIST) ? 'server: sources changed since the last build, compiling (npm run build)…' : 'server: no build yet, compiling (npm run build)…');
  return buildServer(log);
}

module.exports = { compiledBuildIsFresh, buildServer, ensureServerBuild };
