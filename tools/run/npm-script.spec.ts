import { readFileSync } from 'node:fs';
import path from 'node:path';
import { npmScriptLaunch } from './npm-script';

const ROOT = path.resolve(__dirname, '../..');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const START_SCRIPTS = Object.keys(scripts).filter((name) => name === 'start' || name.startsWith('start:'));

/** The ENV of the Dockerfile's runtime stage, as NAME → value. */
function dockerfileEnv(): Record<string, string> {
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  const block = /\nENV ((?:[^\n]*\\\n)*[^\n]*)/.exec(runtime)![1].replace(/\\\n/g, ' ');
  return Object.fromEntries(
    block
      .trim()
      .split(/\s+/)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

describe('the npm start scripts', () => {
  it('start the one-process system with the gateway heap flag and the compiled entry point', () => {
    const { nodeArgs } = npmScriptLaunch('start');
    expect(nodeArgs).toEqual(['--max-semi-space-size=32', '-r', './dist/tools/run/dist-paths.js', 'dist/tools/run/start.js']);
  });

  it('set the allocator default, and keep a value the user set', () => {
    const tuned = npmScriptLaunch('start').env.GLIBC_TUNABLES;
    expect(tuned).toBe('glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072');
    expect(npmScriptLaunch('start', { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' }).env.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=4');
    // `${NAME:-default}`: an empty value takes the default, as sh does.
    expect(npmScriptLaunch('start', { GLIBC_TUNABLES: '' }).env.GLIBC_TUNABLES).toBe(tuned);
  });

  it.each(START_SCRIPTS)('%s sets the same allocator settings as the container image', (name) => {
    expect(npmScriptLaunch(name).env.GLIBC_TUNABLES).toBe(dockerfileEnv().GLIBC_TUNABLES);
  });

  it('refuses a script that does not end in exec node', () => {
    expect(() => npmScriptLaunch('test')).toThrow(/does not end in "\[NAME=value …\] exec node …"/);
    expect(() => npmScriptLaunch('no-such-script')).toThrow(/no script "no-such-script"/);
  });
});
