import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The browser tests' Debian Chromium (playwright-core never downloads one) and its flags. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * How long a browser test waits for what it expects to appear (Playwright's default timeout). These
 * tests check what a page shows, not how fast it shows it: the whole suite on two cores beside a CPU
 * hog has taken over 20 s to reload the web app. TEST_BROWSER_WAIT_MS raises or lowers it.
 */
export const BROWSER_WAIT_MS = Number(process.env.TEST_BROWSER_WAIT_MS ?? 60_000);

/**
 * How long a browser test waits for an agent's job to finish and show (a voice learned, a calendar
 * planned, posts written, a reply drafted). Not a speed check either: at the start of a whole run on
 * two cores beside a CPU hog, the shared platforms are still starting and a first voice job took over
 * a minute. TEST_JOB_WAIT_MS raises or lowers it.
 */
export const JOB_WAIT_MS = Number(process.env.TEST_JOB_WAIT_MS ?? 3 * BROWSER_WAIT_MS);

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'apps/web');
const DIST_INDEX = path.join(WEB, 'dist/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : st.mtimeMs);
  }
  return newest;
}

/** Builds the web app when there is no build, or when its sources changed after the last one. */
export function ensureBuild(): void {
  const stale = !existsSync(DIST_INDEX) || newestMtime(path.join(WEB, 'src')) > statSync(DIST_INDEX).mtimeMs;
  if (!stale) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}
