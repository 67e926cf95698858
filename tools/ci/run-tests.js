#!/usr/bin/env node
/**
 * `npm test`: every Jest test (unit, medium, e2e) and then every Vitest test (the web app), both run
 * even when the first fails, then the slowest files and one closing line in the plain form
 * `N passed, N failed` with both runners' counts together. Exits non-zero if anything failed or a
 * runner could not report. Extra arguments go to Jest (e.g. a path pattern), except `--resilience`:
 * with it the resilience trials (`npm run test:resilience`, test/resilience/) run last, one worker,
 * and their counts join the closing line. `.ci/run` passes it (ADR 196).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const out = mkdtempSync(path.join(os.tmpdir(), 'mt-test-results-'));
const jestJson = path.join(out, 'jest.json');
const vitestJson = path.join(out, 'vitest.json');
const resilienceJson = path.join(out, 'resilience.json');
const withResilience = process.argv.includes('--resilience');
const jestArgs = process.argv.slice(2).filter((a) => a !== '--resilience');
const bin = (name) => path.join(root, 'node_modules', name);

function run(label, args) {
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return { label, status: r.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

function read(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const runs = [
  // --trace-deprecation: a deprecation met anywhere in the run (a pg client given a second query
  // while busy, say) prints the stack that caused it, so it can be found and fixed.
  run('jest', [
    '--experimental-vm-modules',
    '--trace-deprecation',
    bin('jest/bin/jest.js'),
    '--maxWorkers=2',
    '--json',
    `--outputFile=${jestJson}`,
    ...jestArgs,
  ]),
  run('vitest', [
    bin('vitest/vitest.mjs'),
    'run',
    '--config',
    'apps/web/vite.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${vitestJson}`,
  ]),
];
if (withResilience) {
  runs.push(
    run('resilience', [
      '--experimental-vm-modules',
      bin('jest/bin/jest.js'),
      '--maxWorkers=1',
      '--testMatch',
      '<rootDir>/test/resilience/**/*.trial.ts',
      '--testTimeout=600000',
      '--json',
      `--outputFile=${resilienceJson}`,
    ]),
  );
}

let passed = 0;
let failed = 0;
let skipped = 0;
const files = [];
for (const [label, file] of [['jest', jestJson], ['vitest', vitestJson], ...(withResilience ? [['resilience', resilienceJson]] : [])]) {
  const report = read(file);
  const runInfo = runs.find((r) => r.label === label);
  if (!report) {
    console.error(`${label}: no results were written (exit ${runInfo.status})`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const t of report.testResults ?? []) {
    const ms = (t.endTime ?? 0) - (t.startTime ?? 0);
    if (ms > 0) files.push({ ms, name: path.relative(root, t.name) });
  }
  if (runInfo.status !== 0 && report.numFailedTests === 0 && !report.numRuntimeErrorTestSuites) failed += 1;
}
rmSync(out, { recursive: true, force: true });

files.sort((a, b) => b.ms - a.ms);
// Every file's duration, for whoever wants the whole picture (`TEST_TIMINGS_FILE=/tmp/t.tsv npm test`).
if (process.env.TEST_TIMINGS_FILE) {
  require('node:fs').writeFileSync(process.env.TEST_TIMINGS_FILE, files.map((f) => `${f.ms}\t${f.name}`).join('\n') + '\n');
}
console.log('\nSlowest test files:');
for (const f of files.slice(0, 10)) console.log(`  ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${f.name}`);
console.log(`Runners: ${runs.map((r) => `${r.label} ${r.seconds.toFixed(0)} s`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || runs.some((r) => r.status !== 0) ? 1 : 0);
