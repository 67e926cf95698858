/**
 * Where the traced run's extra CPU goes: two V8 CPU profiles of the same phase (bench:mesh with
 * BENCH_CPU_PROFILE writes /tmp/mesh.cpuprofile and /tmp/mesh.traced.cpuprofile), compared.
 *
 *   node -r @swc-node/register tools/bench/cpuprofile-diff.ts /tmp/mesh.cpuprofile /tmp/mesh.traced.cpuprofile
 *
 * Either argument may list several files separated by commas (the blocks of BENCH_AB_ROUNDS with
 * BENCH_CPU_PROFILE: /tmp/ab.untraced.1.cpuprofile,/tmp/ab.untraced.2.cpuprofile,…); they are summed.
 *
 * Counts samples, not the time between them: on a busy machine a descheduled thread's next sample
 * carries tens of milliseconds, and whatever function it lands in looks expensive (ADR 158).
 * Prints each profile's non-idle samples by kind of work, then the functions that grew most.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const TRACING = /@opentelemetry\/|tracing\/mesh-tracing|runtime\/src\/telemetry\//;

function kindOf({ functionName: fn, url }: ProfileNode['callFrame']): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'gc';
  if (fn === 'writev' || fn === 'writeBuffer' || fn === 'writeUtf8String') return 'socket writes';
  if (fn === 'dispatch' || fn === '(program)') return 'runtime';
  if (TRACING.test(url)) return `tracing: ${/@opentelemetry\/[^/]+|mesh-tracing|telemetry\/\w+(-\w+)?/.exec(url)?.[0]}`;
  return 'other code';
}

/**
 * What a sample's work is for, charged to the nearest frame of a JavaScript file on its stack:
 * Node's internals (AsyncLocalStorage, Buffer, sockets) count for the package that called them,
 * so context propagation shows under the context manager and the exporter's Buffer and HTTP work
 * under the exporter. Tracing work is split by step (ADR 166).
 */
const STEPS: [RegExp, string][] = [
  [/otlp-transformer|telemetry\/otlp-span-serializer/, 'export: OTLP/protobuf serialisation'],
  [/otlp-exporter-base|exporter-trace-otlp/, 'export: HTTP send'],
  [/@opentelemetry\/sdk-trace[^/]*\/build\/src\/export\//, 'batch span processor (queue, timer)'],
  [/context-async-hooks/, 'context propagation (AsyncLocalStorage)'],
  [/@opentelemetry\/(sdk-trace[^/]*|api|core|resources)\/|telemetry\/owned-spans/, 'span start/end (SDK, API, owned spans)'],
  [/instrumentation-pg|runtime\/src\/telemetry\/sdk/, 'pg instrumentation'],
  [/instrumentation-(http|undici|ioredis|express|nestjs-core)|@opentelemetry\/instrumentation\//, 'http/undici/ioredis/express instrumentations'],
  [/tracing\/mesh-tracing/, 'mesh span code (mesh-tracing)'],
  [/telemetry\/app-attribution/, 'app attribution processor'],
];

function stepOf(stack: ProfileNode['callFrame'][]): string {
  const leaf = stack[0];
  if (leaf.functionName === '(idle)') return 'idle';
  if (leaf.functionName === '(garbage collector)') return 'gc';
  if (leaf.functionName === '(program)') return 'runtime';
  const owner = stack.find((f) => f.url && !f.url.startsWith('node:'));
  if (!owner) return 'node internals (no package frame)';
  for (const [re, step] of STEPS) if (re.test(owner.url)) return `tracing: ${step}`;
  return 'not tracing';
}

/** Several profiles (comma-separated: the blocks of an A/B run) are summed. */
function summarise(files: string): { kinds: Map<string, number>; steps: Map<string, number>; fns: Map<string, number>; busy: number } {
  const sums = files.split(',').map(summariseOne);
  const add = (maps: Map<string, number>[]) => {
    const m = new Map<string, number>();
    for (const x of maps) for (const [k, v] of x) m.set(k, (m.get(k) ?? 0) + v);
    return m;
  };
  return {
    kinds: add(sums.map((x) => x.kinds)),
    steps: add(sums.map((x) => x.steps)),
    fns: add(sums.map((x) => x.fns)),
    busy: sums.reduce((a, x) => a + x.busy, 0),
  };
}

function summariseOne(file: string): { kinds: Map<string, number>; steps: Map<string, number>; fns: Map<string, number>; busy: number } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kinds = new Map<string, number>();
  const steps = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const id of p.samples) {
    const frame = byId.get(id)!;
    const kind = kindOf(frame);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (kind === 'idle') continue;
    busy++;
    const stack: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    const step = stepOf(stack);
    steps.set(step, (steps.get(step) ?? 0) + 1);
    const where = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(libs|tools)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + 1);
  }
  return { kinds, steps, fns, busy };
}

const [untracedFile, tracedFile] = process.argv.slice(2);
if (!untracedFile || !tracedFile) {
  console.error('usage: cpuprofile-diff.ts <untraced.cpuprofile> <traced.cpuprofile>');
  process.exit(2);
}
const a = summarise(untracedFile);
const b = summarise(tracedFile);
const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(1)} %`;
console.log(`busy samples: untraced ${a.busy}, traced ${b.busy} (+${pct(b.busy - a.busy, a.busy)})`);
console.log('kind of work                          untraced   traced   growth (share of the untraced run)');
for (const kind of [...new Set([...a.kinds.keys(), ...b.kinds.keys()])].filter((k) => k !== 'idle').sort()) {
  const x = a.kinds.get(kind) ?? 0;
  const y = b.kinds.get(kind) ?? 0;
  console.log(`${kind.padEnd(36)} ${String(x).padStart(9)} ${String(y).padStart(8)}   ${pct(y - x, a.busy)}`);
}
console.log('\nby step, each sample charged to the nearest package frame on its stack (untraced → traced, growth as a share of the untraced run)');
for (const step of [...new Set([...a.steps.keys(), ...b.steps.keys()])].sort()) {
  const x = a.steps.get(step) ?? 0;
  const y = b.steps.get(step) ?? 0;
  console.log(`${step.padEnd(58)} ${String(x).padStart(7)} ${String(y).padStart(7)}   ${pct(y - x, a.busy)}`);
}
console.log('\nfunctions that grew most (samples, untraced → traced)');
const growth = [...new Set([...a.fns.keys(), ...b.fns.keys()])].map((k) => [k, a.fns.get(k) ?? 0, b.fns.get(k) ?? 0] as const);
for (const [k, x, y] of growth.sort((p, q) => q[2] - q[1] - (p[2] - p[1])).slice(0, Number(process.env.TOP ?? 25))) {
  console.log(`${String(x).padStart(6)} → ${String(y).padStart(5)}  ${k}`);
}
