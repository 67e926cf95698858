import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm ci` (the image build, CI) installs exactly the lockfile and refuses one that does not match
 * package.json; on another OS or CPU it also needs that platform's optional builds (@swc/core-*,
 * @node-rs/argon2-*, …) to be in the lockfile. A lockfile written from a registry that lacked some
 * of them breaks `npm ci` on macOS and ARM only — this catches it on Linux.
 */
const ROOT = path.resolve(__dirname, '../..');
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, { version?: string; optionalDependencies?: Record<string, string>; dev?: boolean }>;
};
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('package-lock.json', () => {
  it('records every optional platform build of every package, for every platform', () => {
    const installed = new Set(Object.keys(lock.packages).map((k) => k.replace(/^.*node_modules\//, '')));
    const missing = Object.entries(lock.packages).flatMap(([where, p]) =>
      Object.keys(p.optionalDependencies ?? {})
        .filter((name) => !installed.has(name))
        .map((name) => `${where || 'root'} → ${name}`),
    );
    expect(lock.lockfileVersion).toBe(3);
    expect(missing).toEqual([]);
  });

  it('matches package.json: every direct dependency locked at its pinned version, runtime ones not as dev', () => {
    const root = lock.packages[''] as unknown as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect([name, lock.packages[`node_modules/${name}`]?.version]).toEqual([name, version]);
    }
    for (const name of Object.keys(pkg.dependencies)) expect([name, lock.packages[`node_modules/${name}`].dev]).toEqual([name, undefined]);
  });
});
