/** One Jest run for the whole workspace: unit specs beside the code, medium and e2e specs against real services. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  // Jest's node environment; its worker processes leave without tearing their heap down (test/environment.ts).
  testEnvironment: '<rootDir>/test/environment.ts',
  // Jest's runtime with each module compiled once per worker, not once per test file (ADR 226).
  runtime: process.env.JEST_PLAIN_RUNTIME ? undefined : '<rootDir>/test/runtime.js',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@mt/messages$': '<rootDir>/libs/messages/src/index.ts',
    '^@mt/ai$': '<rootDir>/libs/ai/src/index.ts',
    '^@mt/platforms$': '<rootDir>/libs/ai/src/platforms.ts',
    '^@mt/runtime$': '<rootDir>/libs/runtime/src/index.ts',
    '^@mt/replicas$': '<rootDir>/libs/replicas/src/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  // Every module runs in Jest's vm context, whose global object answers each lookup of a global name
  // through an interceptor: on Node 20 each lookup there costs 120–190 ns instead of ~4. Passing
  // these builtins to each module as parameters makes them local names (ADR 224). Left out: what
  // fake timers replace (Date, timers, performance), what tests stub (fetch), and names modules
  // declare themselves with const (Buffer, process, URL: a parameter of that name is a SyntaxError).
  sandboxInjectedGlobals: [
    'Math',
    'JSON',
    'Object',
    'Array',
    'String',
    'Number',
    'Boolean',
    'Symbol',
    'Promise',
    'Error',
    'TypeError',
    'RangeError',
    'Reflect',
    'Map',
    'Set',
    'WeakMap',
    'WeakSet',
    'RegExp',
    'BigInt',
    'ArrayBuffer',
    'Uint8Array',
    'DataView',
    'parseInt',
    'parseFloat',
    'isNaN',
    'encodeURIComponent',
    'decodeURIComponent',
  ],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // A catch-all for a hang, not a speed check: a loaded machine (two workers, the system under test,
  // a CPU hog) runs a whole flow many times slower than an idle one. bench:* measures speed.
  testTimeout: 120_000,
  // Pools and broker connections of a failed test must never keep CI waiting.
  forceExit: true,
  // How long Jest waits for a worker to leave once told to, before killing it with "A worker process
  // has failed to exit gracefully" (Jest's default, 500 ms, counts from the moment it sends the end
  // message). On a loaded machine a worker that has nothing open took longer than that to receive
  // the message and leave (ADR 215's addendum); a worker that really leaks still reports what keeps
  // it alive, one second after its end (test/environment.ts), and is killed after this.
  workerGracefulExitTimeout: 3_000,
};
