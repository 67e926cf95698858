/**
 * node -r @swc-node/register tools/bench/pg-span-cost.ts — what the pg instrumentation's span of one
 * recorded query costs, against the SDK's own span, in one process (CPU per query from
 * process.cpuUsage, 20,000 queries an arm, four rounds). The arms, each round in turn:
 *   unrecordedQuery   an INSERT under a non-recording parent (the instrumentation steps aside, ADR 094);
 *   recordedQuery     the same INSERT under a recorded parent span (the instrumentation makes its span);
 *   recordedNoQuery   the recorded parent span alone, started, entered and ended;
 *   unrecordedNoQuery the non-recording parent alone.
 * pgInstrumentedSpanUs = (recordedQuery − unrecordedQuery) − (recordedNoQuery − unrecordedNoQuery): the
 * instrumentation's span, its attributes and its export; bareSpanUs: the parent span's own cost.
 * Starts an OTLP receiver that drops what it gets and runs itself again with the SDK pointed at it
 * (always_on). Needs the local PostgreSQL (TEST_PG_URL). Prints one JSON line per round.
 */
import { spawn } from 'node:child_process';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = 20_000;

async function parent(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startOtlpDropReceiver } = require('./bench-system') as typeof import('./bench-system');
  const receiver = await startOtlpDropReceiver();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', __filename], {
    env: { ...process.env, PG_SPAN_COST_CHILD: '1', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'always_on' },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  receiver.close();
  process.exit(code ?? 1);
}

async function measure(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  // The SDK first, so that its instrumentation patches pg before pg loads.
  (require('../../libs/runtime/src/telemetry') as typeof import('../../libs/runtime/src/telemetry')).startTelemetry({ service: 'pg-span-cost' });
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { Client } = require('pg') as typeof import('pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  await c.query('CREATE TEMP TABLE t (id int)');
  const tracer = api.trace.getTracer('pg-span-cost');
  const provider = api.trace.getTracerProvider() as unknown as { getDelegate(): { forceFlush(): Promise<void> } };
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const arm = async (recorded: boolean, query: boolean): Promise<number> => {
    const t0 = cpu();
    for (let i = 0; i < N; i++) {
      const span = recorded ? tracer.startSpan('parent') : api.trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 0 });
      const ctx = api.trace.setSpan(api.ROOT_CONTEXT, span);
      await api.context.with(ctx, () => (query ? c.query('INSERT INTO t VALUES ($1)', [i]) : Promise.resolve()));
      span.end();
    }
    await provider.getDelegate().forceFlush();
    return (cpu() - t0) / N;
  };
  const r1 = (n: number) => Math.round(n * 10) / 10;
  for (let round = 0; round < 4; round++) {
    const unrecordedQuery = await arm(false, true);
    const recordedQuery = await arm(true, true);
    const recordedNoQuery = await arm(true, false);
    const unrecordedNoQuery = await arm(false, false);
    const bareSpan = recordedNoQuery - unrecordedNoQuery;
    console.log(
      JSON.stringify({
        round,
        unrecordedQuery: r1(unrecordedQuery),
        recordedQuery: r1(recordedQuery),
        recordedNoQuery: r1(recordedNoQuery),
        unrecordedNoQuery: r1(unrecordedNoQuery),
        pgInstrumentedSpanUs: r1(recordedQuery - unrecordedQuery - bareSpan),
        bareSpanUs: r1(bareSpan),
      }),
    );
  }
  await c.end();
}

if (process.env.PG_SPAN_COST_CHILD) {
  measure().then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`${err.stack}\n`);
      process.exit(1);
    },
  );
} else void parent();
