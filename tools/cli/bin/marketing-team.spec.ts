import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The `marketing-team` bin in an install without dev dependencies (a production install, the
 * container image): no TypeScript hook to resolve, so it runs the compiled build, or says how to get one.
 */
describe('the marketing-team bin without dev dependencies', () => {
  let root: string;
  const bin = () => path.join(root, 'tools/cli/bin/marketing-team.js');
  const run = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin(), '--version'], { cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'mt-bin-'));
    mkdirSync(path.join(root, 'tools/cli/bin'), { recursive: true });
    copyFileSync(path.join(__dirname, 'marketing-team.js'), bin());
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the compiled build, with the workspace aliases mapped first', () => {
    mkdirSync(path.join(root, 'dist/tools/run'), { recursive: true });
    mkdirSync(path.join(root, 'dist/tools/cli'), { recursive: true });
    writeFileSync(path.join(root, 'dist/tools/run/dist-paths.js'), 'globalThis.aliasesMapped = true;\n');
    writeFileSync(
      path.join(root, 'dist/tools/cli/marketing-team.js'),
      "process.stdout.write(globalThis.aliasesMapped ? 'compiled CLI, aliases mapped ' + process.argv.slice(2).join(' ') : 'aliases missing');\n",
    );
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('compiled CLI, aliases mapped --version');
    expect(r.status).toBe(0);
  });

  it('says to build when there is neither a compiled build nor the TypeScript hook', () => {
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('run `npm run build`');
  });
});
