/**
 * npm run bench:mesh — the mesh's delivery contract against raw amqplib on the same broker.
 * Prints one JSON line last:
 * {"eventsPerSec","rpcP50Ms","rpcP99Ms","baselineEventsPerSec","baselineRpcP50Ms", ...}
 * Needs the local RabbitMQ (rabbitmqctl) and PostgreSQL; uses its own vhost and database.
 * Then the same run again in a child process with tracing on (OTEL_TRACES_SAMPLER always_on, or
 * BENCH_TRACES_SAMPLER / _ARG), exporting to an OTLP receiver in this process, and adds
 * "tracedEventsPerSec", "tracedRpcP50Ms" and "tracingOverheadPct" (events/s lost to tracing).
 * BENCH_CPU_PROFILE=/tmp/mesh.cpuprofile writes the consumption phase's CPU profile of each run
 * (the traced one as /tmp/mesh.traced.cpuprofile).
 * BENCH_AB_ROUNDS=n measures tracing's cost instead, in one run: an untraced and a traced agent in
 * two warm processes consume the same blocks at the same time, CPU per event from /proc, and the
 * line gives the median, quartiles and range of the per-round overheads (abRun below, ADR 166),
 * with each arm's CPU split into kernel time and threads other than the main one (V8's GC helpers),
 * and each arm's GC pauses per block (scavenges, full collections, pause time; ADR 237).
 * BENCH_AB_ON_FIRST=1 starts the traced arm first; BENCH_HEAP_PROFILE=<file> writes each block's
 * sampling heap profile, for heapprofile-diff.ts (ADR 234). BENCH_AB_BASE_SAMPLER=<sampler> and
 * BENCH_AB_BASE_ENV='NAME=value …' trace the baseline arm too, with that sampler or those settings,
 * so the figure is what the difference costs (ADR 236); BENCH_AB_NODE_ARGS passes node flags to both arms.
 * BENCH_AB_INSITU=owned|sdk|batched replaces the traced arm with the in-situ floor: an untraced agent
 * whose handler makes, for each message the run's sampler records, the three bare spans of the floor
 * below where its work happens, or (batched) 64 messages' spans at a time in a loop
 * (message-spans.ts); BENCH_AB_BASE_INSITU=owned|sdk|batched makes the baseline arm
 * that floor, so the figure is what the apps' tracing costs beyond it (ADR 244). The line also gives
 * the ratio of the run's summed CPU and each arm's full collections (tracingOverheadPctOfTotals,
 * fullGcsOff/On, tracingOverheadPctSameFullGcs): a round whose blocks ran different numbers of
 * full collections moves by five to ten points (ADR 244).
 * The A/B line's floor is measured twice in the traced arm: with the SDK's tracer
 * (sdkCpuUsPerRecordedEvent, tracingFloorPct) and with the owned-span starter the apps make the
 * mesh's and pg's spans with (ownedSpansCpuUsPerRecordedEvent, tracingOwnedFloorPct; ADR 238).
 */
import './bench-telemetry';
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import inspector from 'node:inspector';
import { constants as perfConstants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { trace } from '@opentelemetry/api';
import { ownedSpans, telemetryStarted } from '@mt/runtime/telemetry';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { median, startOtlpDropReceiver } from './bench-system';
import type { InSituMaker, InSituSpans, SpanMaker } from './message-spans';
import {
  AmqpBroker,
  createEvent,
  enableMeshTracing,
  MESH_TRACER,
  endSpan,
  MeshNode,
  MeshTopology,
  messagingMigration,
  type OpenEventMap,
  type OpenTaskMap,
  startProducerSpan,
  traceparentHeader,
} from '@mt/messages';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const RPCS = Number(process.env.BENCH_RPCS ?? 3_000);
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function baselineEvents(url: string): Promise<number> {
  const conn = await connect(url, { noDelay: true });
  const ch = await conn.createConfirmChannel();
  const q = 'baseline.events';
  await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  const body = Buffer.from(JSON.stringify(createEvent({ sender: 'bench', eventType: 'bench.baseline', payload: { n: 1 } })));
  const consumer = await conn.createChannel();
  await consumer.prefetch(128);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.consume(q, (m) => {
      if (!m) return;
      consumer.ack(m);
      if (++received === EVENTS) resolve();
    });
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i += 500) {
    for (let j = i; j < Math.min(EVENTS, i + 500); j++) ch.publish('', q, body, { persistent: true });
    await ch.waitForConfirms();
  }
  await done;
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  await conn.close();
  return EVENTS / secs;
}

async function baselineRpc(url: string): Promise<number[]> {
  const conn = await connect(url, { noDelay: true });
  const server = await conn.createChannel();
  await server.assertQueue('baseline.rpc', { durable: false });
  await server.consume('baseline.rpc', (m) => {
    if (!m) return;
    server.sendToQueue(m.properties.replyTo, m.content, { correlationId: m.properties.correlationId });
    server.ack(m);
  });
  const client = await conn.createChannel();
  const waiting = new Map<string, () => void>();
  await client.consume('amq.rabbitmq.reply-to', (m) => m && waiting.get(m.properties.correlationId)?.(), { noAck: true });
  const times: number[] = [];
  for (let i = 0; i < RPCS; i++) {
    const id = randomUUID();
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      waiting.set(id, resolve);
      client.sendToQueue('baseline.rpc', Buffer.from('{"ping":1}'), { replyTo: 'amq.rabbitmq.reply-to', correlationId: id });
    });
    waiting.delete(id);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await conn.close();
  return times;
}

async function openDs(url: string, schema: string): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrationsTableName: 'migrations',
    migrations: [messagingMigration(schema)],
    extra: { max: 8 },
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await ds.runMigrations();
  return ds;
}

/** An inspector session on this process, its commands as promises. */
function inspectorSession(): { session: inspector.Session; post: (method: string, params?: object) => Promise<unknown> } {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  return { session, post };
}

/**
 * BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the consumption phase alone (what the figures
 * measure), without start-up, broker set-up and preloading; open it in Chrome DevTools.
 */
async function startPhaseProfile(to?: string): Promise<{ stop(): Promise<void> }> {
  const file = to ?? process.env.BENCH_CPU_PROFILE;
  if (!file) return { stop: async () => undefined };
  const { session, post } = inspectorSession();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(
        !to && process.env.BENCH_TRACED_CHILD && process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? file.replace(/(\.cpuprofile)?$/, '.traced.cpuprofile') : file,
        JSON.stringify(profile),
      );
      session.disconnect();
    },
  };
}

/**
 * BENCH_HEAP_PROFILE=<file>: a sampling heap profile of each measured A/B block, objects the GC has
 * since collected included (<file>.untraced.<n>.heapprofile, <file>.traced.<n>.heapprofile):
 * what each arm allocates, by function, for heapprofile-diff.ts (BENCH_HEAP_SURVIVORS=1: only what
 * outlived the young generation).
 */
async function startHeapProfile(file: string): Promise<{ stop(): Promise<void> }> {
  const { session, post } = inspectorSession();
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_SURVIVORS !== '1',
  });
  return {
    stop: async () => {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Statements sent to PostgreSQL (by any client of this process) until stop(). */
function countQueries(): { stop(): number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const proto = (require('pg') as typeof import('pg')).Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return query.apply(this, args);
  };
  return {
    stop: () => {
      proto.query = query;
      return n;
    },
  };
}

/** Spans ended during the consumption phase, by kind of work (traced run only): what tracing costs is per span. */
const spansByName = new Map<string, number>();
let countSpans = false;
let spansEnded = 0;
function countEndedSpans(): void {
  // The apps' batch processor (ADR 243), which never calls the SDK's onEnd.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { QueueingBatchSpanProcessor } = require('../../libs/runtime/src/telemetry/sdk') as typeof import('../../libs/runtime/src/telemetry/sdk');
  const onEnd = QueueingBatchSpanProcessor.prototype.onEnd;
  // Counted by raw name only (one map update), grouped when printed: the count is not to cost what it measures.
  // The A/B run counts only (one addition per span: its traced arm is the figure being measured).
  QueueingBatchSpanProcessor.prototype.onEnd = process.env.BENCH_AB_CHILD
    ? function (this: InstanceType<typeof QueueingBatchSpanProcessor>, span: Parameters<typeof onEnd>[0]) {
        if (countSpans) spansEnded++;
        return onEnd.call(this, span);
      }
    : function (this: InstanceType<typeof QueueingBatchSpanProcessor>, span: Parameters<typeof onEnd>[0]) {
        if (countSpans) spansByName.set(span.name, (spansByName.get(span.name) ?? 0) + 1);
        return onEnd.call(this, span);
      };
}

/** Mesh spans by their full name ("process bench.ordered"); pg spans by operation ("pg.query:INSERT"). */
function spansByKind(): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const [name, n] of spansByName) {
    const kind = /^(process|send|create) /.test(name) ? name : name.split(' ')[0];
    kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  }
  return kinds;
}

/**
 * Preloads n bench.ordered events on the consumer's queue, each with the traceparent its
 * producer's sampler decided, as every mesh message carries (without one the consumer could only
 * assume "sampled", and a ratio sampler would never apply).
 */
async function preload(broker: AmqpBroker, topology: MeshTopology, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i += 1000) {
    const batch: Promise<void>[] = [];
    for (let k = i; k < Math.min(from + n, i + 1000); k++) {
      const e = createEvent({ sender: 'bench', eventType: 'bench.ordered', payload: { n: k } });
      const where = { system: 'rabbitmq' as const, exchange: topology.eventsExchange, routingKey: 'bench.ordered' };
      const span = startProducerSpan(e, 'send', where);
      endSpan(span);
      batch.push(
        broker.publish(topology.eventsExchange, 'bench.ordered', {
          body: Buffer.from(JSON.stringify(e)),
          messageId: e.message_id,
          headers: { traceparent: traceparentHeader(e, span) },
        }),
      );
    }
    await Promise.all(batch);
  }
}

/**
 * The consuming agent: per event, the effect (one INSERT) and an event announcing it, in the
 * message's transaction; and a query handler for the RPC loop. afterCommit gets the events committed.
 * `inSitu`: the in-situ floor's spans, made around the handler's work (ADR 244).
 */
function benchConsumer(broker: AmqpBroker, topology: MeshTopology, ds: DataSource, afterCommit: (events: number) => void, inSitu?: InSituSpans) {
  const consumer = new MeshNode<OpenTaskMap, OpenEventMap>({
    agent: 'consumer',
    schema: 'consumer',
    broker,
    topology,
    dataSource: ds,
    routes: {},
    prefetch: Number(process.env.BENCH_PREFETCH ?? 1024),
    batchSize: Number(process.env.BENCH_BATCH ?? 256),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 2),
    hooks: {
      // counted after commit: a message is handled once its transaction is durable
      afterCommit: (envs) => afterCommit(envs.filter((e) => e.message_type === 'event').length),
    },
  });
  consumer.handlers.add({
    kind: 'event',
    type: 'bench.ordered',
    options: {},
    handle: async (env) => {
      const spans = inSitu?.begin(env);
      if (!process.env.NO_EFFECT)
        await consumer.uow.manager().query(`INSERT INTO consumer.effects (message_id, n) VALUES ($1, $2)`, [env.message_id, (env.payload as { n: number }).n]);
      if (!process.env.NO_OUTBOX) {
        const announced = consumer.uow.publishEvent('bench.processed', { n: (env.payload as { n: number }).n });
        inSitu?.finish(spans, announced.message_id);
      }
    },
  });
  consumer.handlers.add({
    kind: 'task',
    type: 'bench.ping',
    options: { query: true },
    handle: async (env) => env.payload,
  });
  return consumer;
}

async function measure(): Promise<Record<string, number>> {
  if (telemetryStarted()) {
    enableMeshTracing(true, { startSpan: ownedSpans(MESH_TRACER) });
    countEndedSpans();
  }
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const vhost = `mt-bench-${id}`;
  const dbName = `mt_bench_${id}`;
  execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
  execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const amqpUrl = `${AMQP_BASE}/${encodeURIComponent(vhost)}`;
  const dbUrl = Object.assign(new URL(PG_ADMIN), { pathname: `/${dbName}` }).toString();
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const baselineEventsPerSec = await baselineEvents(amqpUrl);
    const baseRpc = await baselineRpc(amqpUrl);

    const topology = new MeshTopology('bench');
    const broker = new AmqpBroker({ url: amqpUrl, connectionName: 'bench' });
    await broker.waitForConnect();
    cleanup.push(() => broker.close());
    const consumerDs = await openDs(dbUrl, 'consumer');
    const callerDs = await openDs(dbUrl, 'caller');
    cleanup.push(
      () => consumerDs.destroy(),
      () => callerDs.destroy(),
    );
    await consumerDs.query(`CREATE TABLE consumer.effects (message_id uuid PRIMARY KEY, n int NOT NULL)`);

    let handled = 0;
    let commits = 0;
    let allHandled: () => void = () => undefined;
    const finished = new Promise<void>((r) => (allHandled = r));
    const consumer = benchConsumer(broker, topology, consumerDs, (events) => {
      commits++;
      handled += events;
      if (handled >= EVENTS) allHandled();
    });
    await consumer.start();
    cleanup.push(() => consumer.stop());
    await consumer.stop(); // declared; now preload the queue and measure consumption alone

    await preload(broker, topology, EVENTS);
    const queries = countQueries();
    const profile = await startPhaseProfile();
    countSpans = true;
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    await consumer.start();
    await finished;
    await consumer.relay.flush();
    const eventsSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    await profile.stop();
    const pgQueries = queries.stop();
    countSpans = false;
    const spans = [...spansByName.values()].reduce((a, b) => a + b, 0);
    if (spans) console.error(`spans per 1,000 events: ${[...spansByKind()].map(([k, v]) => `${k} ${Math.round((v / EVENTS) * 1000)}`).join(', ')}`);
    // This process's CPU for the consumption phase (user + system): what tracing adds, whatever
    // else the shared machine runs meanwhile (wall-clock throughput is at the mercy of that).
    const cpu = process.cpuUsage(cpu0);
    const cpuMsPer1kEvents = ((cpu.user + cpu.system) / 1000 / EVENTS) * 1000;
    const eventsPerSec = EVENTS / eventsSecs;
    const [{ n: effects }] = await consumerDs.query(`SELECT count(*)::int AS n FROM consumer.effects`);
    const unpublished = await consumer.store.countUnpublished();

    const caller = new MeshNode<OpenTaskMap, OpenEventMap>({
      agent: 'caller',
      schema: 'caller',
      broker,
      topology,
      dataSource: callerDs,
      routes: { 'bench.ping': 'consumer' },
    });
    await caller.startSender();
    cleanup.push(() => caller.stop());
    for (let i = 0; i < 200; i++) await caller.client.request('bench.ping', { i }); // warm-up
    const rpcTimes: number[] = [];
    for (let i = 0; i < RPCS; i++) {
      const t = process.hrtime.bigint();
      await caller.client.request('bench.ping', { i });
      rpcTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    }

    const result = {
      eventsPerSec: round(eventsPerSec, 0),
      rpcP50Ms: round(pct(rpcTimes, 50)),
      rpcP99Ms: round(pct(rpcTimes, 99)),
      baselineEventsPerSec: round(baselineEventsPerSec, 0),
      baselineRpcP50Ms: round(pct(baseRpc, 50)),
      baselineRpcP99Ms: round(pct(baseRpc, 99)),
      ratioToBaseline: round(eventsPerSec / baselineEventsPerSec, 3),
      cpuMsPer1kEvents: round(cpuMsPer1kEvents, 1),
      // The kernel's share of it (socket writes, mostly).
      systemCpuMsPer1kEvents: round((cpu.system / 1000 / EVENTS) * 1000, 1),
      // Messages per consumer transaction: a run that batches less pays more per message.
      eventsPerCommit: round(EVENTS / Math.max(1, commits), 1),
      pgQueriesPerEvent: round(pgQueries / EVENTS, 2),
      ...(spans ? { spansPerEvent: round(spans / EVENTS, 2) } : {}),
      events: EVENTS,
      effects,
      unpublishedAfter: unpublished,
      rpcs: RPCS,
    };
    return result;
  } finally {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
  }
}

/** The traced run: this benchmark again, in a child whose first import starts the SDK. */
async function tracedRun(): Promise<{ result: Record<string, number>; exports: number; sampler: string }> {
  const receiver = await startOtlpDropReceiver();
  const sampler = process.env.BENCH_TRACES_SAMPLER ?? 'always_on';
  try {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.relative(process.cwd(), __filename)], {
      env: {
        ...process.env,
        BENCH_TRACED_CHILD: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_TRACES_SAMPLER: sampler,
        ...(process.env.BENCH_TRACES_SAMPLER_ARG ? { OTEL_TRACES_SAMPLER_ARG: process.env.BENCH_TRACES_SAMPLER_ARG } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`the traced run exited with ${code}`);
    const last = out.trim().split('\n').pop() ?? '{}';
    return { result: JSON.parse(last) as Record<string, number>, exports: receiver.exports(), sampler };
  } finally {
    receiver.close();
  }
}

/**
 * The bare component of the traced run: the SDK alone (a tracer provider with the batch processor
 * and the OTLP exporter, whose protobuf body the app's own serializer writes, ADR 170), making a
 * consumed message's three spans as the mesh makes them (ADR 191) — the CONSUMER `process` span
 * with its `create` event for the outbox row, the handler's INSERT, the relay's PRODUCER `send`
 * span — with the mesh's own attributes, and six on the query span as the pg instrumentation
 * writes, and exporting them; no mesh, no broker, no database, no context manager. Answers its CPU per message in µs: the least tracing can add per recorded message.
 * The batch processor has the apps' batch and queue sizes, and the loop lets the event loop turn
 * every 64 messages, so exports complete as they would in an agent: every span made is exported
 * (on a host where the export falls behind, it waits for it before the queue could overflow).
 * (Before ADR 235 the loop never yielded: the queue filled and all but 2,560 of its 30,000 spans
 * were dropped unexported, so the floor left most of the export out.) A dropped span fails the run.
 */
async function sdkBaseline(n = 10_000, starter: SpanMaker = 'sdk'): Promise<number> {
  // Loaded here: the untraced arm never loads the SDK.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { barePipeline } = require('./message-spans') as typeof import('./message-spans');
  const { loadTelemetrySettings } =
    require('../../libs/runtime/src/telemetry/config/telemetry.config') as typeof import('../../libs/runtime/src/telemetry/config/telemetry.config');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // The in-situ arm has no OTLP endpoint of its own: its floors export to the receiver its spans go to.
  const pipeline = barePipeline(starter, process.env.BENCH_AB_INSITU_URL);
  const { spans } = pipeline;
  // Spans made and not yet handed to the exporter may fill at most half the processor's queue: on a
  // slow host the export falls behind the loop, and a full queue drops spans (the loop then waits,
  // which costs no CPU).
  const queueLimit = (loadTelemetrySettings().spanBatching.maxQueueSize ?? Number(process.env.OTEL_BSP_MAX_QUEUE_SIZE ?? 2048)) / 2;
  let made = 0;
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) {
      // The event loop turns, so the exporter's requests complete and nothing waits beyond its batch.
      if (i % 64 === 63) {
        await new Promise((r) => setImmediate(r));
        while (made - pipeline.exported() > queueLimit) await new Promise((r) => setTimeout(r, 1));
      }
      made += 3;
      spans.make(randomUUID(), randomUUID(), randomUUID());
    }
    await pipeline.forceFlush();
  };
  await run(2_000); // warm-up
  const cpu0 = procCpuUs();
  await run(n);
  const us = (procCpuUs() - cpu0) / n;
  await pipeline.shutdown();
  const exported = pipeline.exported();
  if (exported !== 3 * (2_000 + n))
    throw new Error(`the SDK's floor exported ${exported} of ${3 * (2_000 + n)} spans: a dropped span would understate its cost`);
  return round(us, 1);
}

/** The share of traces a sampler records: 1 for always_on, the ratio for the ratio samplers. */
function sampledShare(sampler: string): number {
  if (sampler.includes('traceidratio')) return Math.min(1, Math.max(0, Number(process.env.BENCH_TRACES_SAMPLER_ARG ?? 1)));
  return sampler.includes('always_off') ? 0 : 1;
}

/**
 * CPU time of this process since it started, in µs: the sum over its threads (the main thread,
 * libuv's pool, V8's GC and compiler threads) of the time the kernel ran them, read from
 * /proc/self/task/<tid>/schedstat (nanoseconds, unlike the 10 ms ticks of /proc/self/stat).
 * Wall time is not used: on a shared machine it is mostly other people's work.
 */
function procCpuUs(): number {
  let ns = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1000;
}

/** The first and third quartiles (the medians of the lower and upper halves). */
function quartiles(xs: number[]): [number, number] {
  const sorted = [...xs].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return [median(sorted.slice(0, half)), median(sorted.slice(sorted.length - half))];
}

/** The main thread's CPU time since it started, in µs (its schedstat, as procCpuUs reads). */
function mainThreadCpuUs(): number {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
}

/** Exports every span ended so far (the traced arm's export work belongs to the block that made the spans). */
async function flushSpans(): Promise<void> {
  const provider = trace.getTracerProvider() as unknown as { getDelegate?(): { forceFlush?(): Promise<void> } };
  await provider.getDelegate?.().forceFlush?.();
}

interface BlockResult {
  cpuUs: number;
  wallMs: number;
  spans: number;
  /** write system calls of the process (all threads, /proc/self/io `syscw`) and bytes written (`wchar`) */
  writes?: number;
  writeBytes?: number;
  /** of cpuUs, the part spent in the kernel (getrusage's system time: system calls, sockets) */
  systemUs?: number;
  /** of cpuUs, the part of threads other than the main one (V8's GC and compiler helpers, libuv's pool) */
  otherThreadsUs?: number;
  /** the main thread's GC pauses during the block (perf_hooks 'gc' entries): scavenges, full collections, their time */
  gc?: GcPauses;
}

interface GcPauses {
  scavenges: number;
  fullGcs: number;
  pauseMs: number;
}

/**
 * Counts the main thread's GC pauses from perf_hooks 'gc' entries (one per collection, delivered
 * after it): `take()` answers those since the last call, the entries not yet delivered included.
 */
function gcPauseCounter(): { take(): GcPauses } {
  let counted: GcPauses = { scavenges: 0, fullGcs: 0, pauseMs: 0 };
  const count = (entries: PerformanceEntry[]) => {
    for (const e of entries) {
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | null | undefined)?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) counted.scavenges++;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) counted.fullGcs++;
      counted.pauseMs += e.duration;
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    take() {
      count(observer.takeRecords());
      const taken = counted;
      counted = { scavenges: 0, fullGcs: 0, pauseMs: 0 };
      return taken;
    },
  };
}

/** The process's write system calls and bytes so far (sockets included), from /proc/self/io. */
function writeCounters(): { calls: number; bytes: number } {
  const io = readFileSync('/proc/self/io', 'utf8');
  return { calls: Number(/syscw: (\d+)/.exec(io)?.[1] ?? 0), bytes: Number(/wchar: (\d+)/.exec(io)?.[1] ?? 0) };
}

/**
 * One arm of the A/B run (BENCH_AB_CHILD): its own vhost, database and consuming agent, kept
 * warm; on each {block: n} from the parent it preloads n events (not measured), then measures the
 * CPU of consuming them, committing, relaying the outbox and exporting the spans.
 */
async function abChild(): Promise<void> {
  if (telemetryStarted()) {
    enableMeshTracing(true, { startSpan: ownedSpans(MESH_TRACER) });
    countEndedSpans();
  }
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const vhost = `mt-bench-${id}`;
  const dbName = `mt_bench_${id}`;
  execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'pipe' });
  execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'pipe' });
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const amqpUrl = `${AMQP_BASE}/${encodeURIComponent(vhost)}`;
  const dbUrl = Object.assign(new URL(PG_ADMIN), { pathname: `/${dbName}` }).toString();
  const topology = new MeshTopology('bench');
  const broker = new AmqpBroker({ url: amqpUrl, connectionName: 'bench' });
  await broker.waitForConnect();
  const ds = await openDs(dbUrl, 'consumer');
  await ds.query(`CREATE TABLE consumer.effects (message_id uuid PRIMARY KEY, n int NOT NULL)`);
  let handled = 0;
  let target = Infinity;
  let reached: () => void = () => undefined;
  // BENCH_AB_INSITU / BENCH_AB_BASE_INSITU: this arm is untraced, and its handler makes the bare
  // spans of each message the run's sampler records (ADR 244); loaded here, so other arms never load them.
  const inSitu = process.env.BENCH_AB_INSITU_CHILD
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./message-spans') as typeof import('./message-spans')).inSituSpans(
        process.env.BENCH_AB_INSITU_CHILD as InSituMaker,
        process.env.BENCH_AB_INSITU_URL ?? '',
        process.env.BENCH_AB_INSITU_SAMPLER ?? 'always_on',
        Number(process.env.BENCH_AB_INSITU_RATIO ?? 1),
      )
    : undefined;
  const consumer = benchConsumer(
    broker,
    topology,
    ds,
    (events) => {
      handled += events;
      if (handled >= target) reached();
    },
    inSitu,
  );
  await consumer.start();
  await consumer.stop(); // declared

  let sent = 0;
  let blocks = 0;
  let loaded = 0;
  const arm = process.env.BENCH_AB_ARM ?? (telemetryStarted() ? 'traced' : 'untraced');
  const gcPauses = gcPauseCounter();
  const preloadBlock = async (n: number): Promise<void> => {
    await preload(broker, topology, n, sent);
    sent += n;
    loaded = n;
    await flushSpans();
    await inSitu?.flush();
  };
  const block = async (): Promise<BlockResult> => {
    // BENCH_CPU_PROFILE=<file>: each measured block's V8 profile (the warm-up block, 0, is not kept),
    // <file>.untraced.<n>.cpuprofile / <file>.traced.<n>.cpuprofile, for cpuprofile-diff.ts.
    const n = blocks++;
    const profileFile =
      process.env.BENCH_CPU_PROFILE && n > 0 ? `${process.env.BENCH_CPU_PROFILE.replace(/\.cpuprofile$/, '')}.${arm}.${n}.cpuprofile` : undefined;
    handled = 0;
    target = loaded;
    const done = new Promise<void>((r) => (reached = r));
    spansEnded = 0;
    const profile = profileFile ? await startPhaseProfile(profileFile) : undefined;
    const heapFile =
      process.env.BENCH_HEAP_PROFILE && n > 0 ? `${process.env.BENCH_HEAP_PROFILE.replace(/\.heapprofile$/, '')}.${arm}.${n}.heapprofile` : undefined;
    const heapProfile = heapFile ? await startHeapProfile(heapFile) : undefined;
    countSpans = true;
    gcPauses.take();
    const t0 = process.hrtime.bigint();
    const cpu0 = procCpuUs();
    const sys0 = process.cpuUsage().system;
    const main0 = mainThreadCpuUs();
    const io0 = writeCounters();
    await consumer.start();
    await done;
    await consumer.relay.flush();
    await flushSpans();
    await inSitu?.flush();
    const cpuUs = procCpuUs() - cpu0;
    const gc = gcPauses.take();
    const systemUs = process.cpuUsage().system - sys0;
    const otherThreadsUs = cpuUs - (mainThreadCpuUs() - main0);
    const io1 = writeCounters();
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    countSpans = false;
    await profile?.stop();
    await heapProfile?.stop();
    await consumer.stop();
    return { cpuUs, wallMs, spans: spansEnded, writes: io1.calls - io0.calls, writeBytes: io1.bytes - io0.bytes, systemUs, otherThreadsUs, gc };
  };

  const send = (m: object) => new Promise<void>((r) => process.send!(m, () => r()));
  process.on('message', (m: { preload?: number; measure?: boolean; floor?: 'sdk' | 'owned'; end?: boolean }) => {
    if (m.floor) {
      // The bare component, in this warm process: the SDK alone making one recorded message's spans.
      sdkBaseline(10_000, m.floor).then(
        (us) => send({ result: { cpuUs: us, wallMs: 0, spans: 0 } }),
        (err: Error) => send({ error: err.stack ?? err.message }),
      );
      return;
    }
    if (m.preload) {
      preloadBlock(m.preload).then(
        () => send({ result: { cpuUs: 0, wallMs: 0, spans: 0 } }),
        (err: Error) => send({ error: err.stack ?? err.message }),
      );
      return;
    }
    if (m.measure) {
      block().then(
        (r) => send({ result: r }),
        (err: Error) => send({ error: err.stack ?? err.message }),
      );
      return;
    }
    void (async () => {
      await consumer.stop().catch(() => undefined);
      await broker.close().catch(() => undefined);
      await ds.destroy().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'pipe' });
      process.exit(0);
    })();
  });
  await send({ ready: true });
}

/**
 * BENCH_AB_ROUNDS=n: the untraced and the traced agent side by side in two warm child processes,
 * each round given a block of BENCH_AB_EVENTS events each and consuming them at the same time
 * (whatever else the shared machine runs weighs on both arms alike), each block's CPU per event
 * read from /proc. Every round gives one overhead (the traced block's CPU per event against the
 * untraced block beside it); the line reports their median and spread. BENCH_AB_SEQUENTIAL=1
 * runs the two blocks of a round one after the other instead (off-on, on-off, …). BENCH_AB_NULL=1
 * runs two untraced arms: the spread the method reads when tracing costs nothing.
 */
async function abRun(rounds: number): Promise<void> {
  const perBlock = Number(process.env.BENCH_AB_EVENTS ?? 3_000);
  const nullTest = process.env.BENCH_AB_NULL === '1';
  const sequential = process.env.BENCH_AB_SEQUENTIAL === '1';
  const sampler = process.env.BENCH_TRACES_SAMPLER ?? 'always_on';
  const receiver = await startOtlpDropReceiver();
  const load0 = os.loadavg()[0];
  // BENCH_AB_BASE_SAMPLER=<sampler>: the baseline arm is traced too, with this sampler (always_off:
  // every message on the unsampled path), so the figure is what the sampled share alone adds.
  // BENCH_AB_BASE_ENV='NAME=value …': the baseline arm is traced too (with the run's sampler unless
  // BENCH_AB_BASE_SAMPLER says otherwise) and has these settings: the figure is what they save.
  const baseEnv = Object.fromEntries(
    (process.env.BENCH_AB_BASE_ENV ?? '')
      .split(' ')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const baseSampler = process.env.BENCH_AB_BASE_SAMPLER ?? (process.env.BENCH_AB_BASE_ENV ? sampler : undefined);
  // BENCH_AB_INSITU=owned|sdk|batched: the traced arm is the in-situ floor instead (an untraced agent whose
  // handler makes the bare spans of each message the sampler records), so the figure is what those
  // spans cost where an agent makes them; BENCH_AB_BASE_INSITU: the baseline arm is, so the figure is
  // what the apps' tracing costs beyond them (ADR 244).
  const inSituOf = (traced: boolean) =>
    nullTest ? undefined : traced ? process.env.BENCH_AB_INSITU : baseSampler ? undefined : process.env.BENCH_AB_BASE_INSITU;
  const arm = (traced: boolean) => {
    const inSitu = inSituOf(traced);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BENCH_AB_CHILD: '1',
      BENCH_AB_ARM: inSitu ? 'in-situ' : traced ? 'traced' : baseSampler && !nullTest ? 'base' : 'untraced',
    };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    delete env.OTEL_TRACES_SAMPLER_ARG;
    if (inSitu) {
      Object.assign(env, {
        BENCH_AB_INSITU_CHILD: inSitu,
        BENCH_AB_INSITU_URL: receiver.url,
        BENCH_AB_INSITU_SAMPLER: sampler,
        BENCH_AB_INSITU_RATIO: String(sampledShare(sampler)),
      });
    } else if (traced) {
      env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
      env.OTEL_TRACES_SAMPLER = sampler;
      if (process.env.BENCH_TRACES_SAMPLER_ARG) env.OTEL_TRACES_SAMPLER_ARG = process.env.BENCH_TRACES_SAMPLER_ARG;
    } else if (baseSampler && !nullTest) {
      env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
      env.OTEL_TRACES_SAMPLER = baseSampler;
      if (!process.env.BENCH_AB_BASE_SAMPLER && process.env.BENCH_TRACES_SAMPLER_ARG) env.OTEL_TRACES_SAMPLER_ARG = process.env.BENCH_TRACES_SAMPLER_ARG;
      Object.assign(env, baseEnv);
    }
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_AB_NODE_ARGS ?? '').split(' ').filter(Boolean), '-r', '@swc-node/register', path.relative(process.cwd(), __filename)],
      {
        env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const replies: ((m: { result?: BlockResult; error?: string; ready?: boolean }) => void)[] = [];
    child.on('message', (m: { result?: BlockResult; error?: string; ready?: boolean }) => replies.shift()?.(m));
    const next = () => new Promise<{ result?: BlockResult; error?: string; ready?: boolean }>((r) => replies.push(r));
    const ready = next();
    return {
      ready,
      ask: async (what: { preload: number } | { measure: true } | { floor: 'sdk' | 'owned' }): Promise<BlockResult> => {
        const reply = next();
        child.send(what);
        const m = await reply;
        if (!m.result) throw new Error(`an A/B arm failed: ${m.error}`);
        return m.result;
      },
      end: async () => {
        const exited = new Promise((r) => child.once('exit', r));
        child.send({ end: true });
        await exited;
      },
    };
  };
  // BENCH_AB_ON_FIRST=1 starts the traced arm first (its vhost, database and process made first, its
  // blocks asked for first): the null test reads the arm started second a few per cent cheaper, so
  // a figure is the mean of one run in each order (docs/benchmarks.md).
  const onFirst = process.env.BENCH_AB_ON_FIRST === '1';
  const on0 = onFirst ? arm(!nullTest) : undefined;
  await on0?.ready;
  const off = arm(false);
  await off.ready;
  const on = on0 ?? arm(!nullTest);
  await on.ready;
  try {
    const offUs: number[] = [];
    const onUs: number[] = [];
    const offWall: number[] = [];
    const onWall: number[] = [];
    const spans: number[] = [];
    const writes = { off: [] as number[], on: [] as number[], offBytes: [] as number[], onBytes: [] as number[] };
    const system = { off: [] as number[], on: [] as number[] };
    const others = { off: [] as number[], on: [] as number[] };
    const gcs = { off: [] as GcPauses[], on: [] as GcPauses[] };
    const fullGcs: [number, number][] = [];
    // Round 0 warms up (JIT, pools, the broker's queues) and is not counted.
    for (let r = 0; r <= rounds; r++) {
      await Promise.all([off.ask({ preload: perBlock }), on.ask({ preload: perBlock })]);
      let offRes: BlockResult;
      let onRes: BlockResult;
      if (sequential) {
        // alternately off-on and on-off, so a drift of the machine's load falls on both
        if (r % 2 === 0) {
          offRes = await off.ask({ measure: true });
          onRes = await on.ask({ measure: true });
        } else {
          onRes = await on.ask({ measure: true });
          offRes = await off.ask({ measure: true });
        }
      } else {
        // both at once: whatever else the machine runs meanwhile weighs on both arms alike
        [offRes, onRes] = onFirst
          ? await Promise.all([on.ask({ measure: true }), off.ask({ measure: true })]).then(([a, b]) => [b, a])
          : await Promise.all([off.ask({ measure: true }), on.ask({ measure: true })]);
      }
      if (r === 0) continue;
      offUs.push(offRes.cpuUs / perBlock);
      onUs.push(onRes.cpuUs / perBlock);
      offWall.push(offRes.wallMs);
      onWall.push(onRes.wallMs);
      spans.push(onRes.spans / perBlock);
      writes.off.push((offRes.writes ?? 0) / perBlock);
      writes.on.push((onRes.writes ?? 0) / perBlock);
      writes.offBytes.push((offRes.writeBytes ?? 0) / perBlock);
      writes.onBytes.push((onRes.writeBytes ?? 0) / perBlock);
      system.off.push((offRes.systemUs ?? 0) / perBlock);
      system.on.push((onRes.systemUs ?? 0) / perBlock);
      others.off.push((offRes.otherThreadsUs ?? 0) / perBlock);
      others.on.push((onRes.otherThreadsUs ?? 0) / perBlock);
      if (offRes.gc) gcs.off.push(offRes.gc);
      if (onRes.gc) gcs.on.push(onRes.gc);
      fullGcs.push([offRes.gc?.fullGcs ?? 0, onRes.gc?.fullGcs ?? 0]);
      console.error(`round ${r}/${rounds}: ${round(offUs[r - 1], 0)} → ${round(onUs[r - 1], 0)} µs CPU per event`);
    }
    const cpuOverhead = offUs.map((o, i) => (onUs[i] / o - 1) * 100);
    const lost = offUs.map((o, i) => (1 - o / onUs[i]) * 100);
    // A round whose two blocks ran different numbers of full collections moves by five to ten
    // points (ADR 244): those rounds are most of the spread.
    const sameFullGcs = lost.filter((_, i) => fullGcs[i][0] === fullGcs[i][1]);
    // The same run's bare component: the SDK alone in the traced arm (three runs, the median), times
    // the share the sampler records, as throughput lost against the untraced arm's CPU per event.
    // Then the same with the spans made by the owned-span starter the apps use (ADR 238).
    const floors: number[] = [];
    const ownedFloors: number[] = [];
    if (!nullTest) for (let i = 0; i < 3; i++) floors.push((await on.ask({ floor: 'sdk' })).cpuUs);
    if (!nullTest) for (let i = 0; i < 3; i++) ownedFloors.push((await on.ask({ floor: 'owned' })).cpuUs);
    const floorUs = floors.length > 0 ? median(floors) : undefined;
    const ownedFloorUs = ownedFloors.length > 0 ? median(ownedFloors) : undefined;
    const share = sampledShare(sampler);
    const offMedian = median(offUs);
    console.log(
      JSON.stringify({
        mode: sequential ? 'ab-alternating' : 'ab-concurrent',
        // The runtime both arms ran on: tracing's share differs by Node.js line (ADR 246).
        node: process.version,
        startedFirst: onFirst ? 'traced' : 'untraced',
        tracesSampler: nullTest ? 'none (null test: both arms untraced)' : sampler,
        ...(baseSampler && !nullTest
          ? { baselineArm: `traced, sampler ${baseSampler}${process.env.BENCH_AB_BASE_ENV ? `, ${process.env.BENCH_AB_BASE_ENV}` : ''}` }
          : {}),
        ...(inSituOf(true) ? { tracedArm: `in-situ floor: untraced, its handler making the bare spans (${inSituOf(true)})` } : {}),
        ...(inSituOf(false) ? { baselineArm: `in-situ floor: untraced, its handler making the bare spans (${inSituOf(false)})` } : {}),
        ...(process.env.BENCH_TRACES_SAMPLER_ARG && !nullTest ? { tracesSamplerArg: Number(process.env.BENCH_TRACES_SAMPLER_ARG) } : {}),
        rounds,
        eventsPerBlock: perBlock,
        cpuUsPerEventOff: round(median(offUs), 1),
        cpuUsPerEventOn: round(median(onUs), 1),
        cpuUsPerEventOffMinMax: [round(Math.min(...offUs), 1), round(Math.max(...offUs), 1)],
        cpuUsPerEventOnMinMax: [round(Math.min(...onUs), 1), round(Math.max(...onUs), 1)],
        // Per round: the traced block's CPU per event against the untraced block beside it.
        tracingCpuOverheadPct: round(median(cpuOverhead), 1),
        tracingCpuOverheadPctMinMax: [round(Math.min(...cpuOverhead), 1), round(Math.max(...cpuOverhead), 1)],
        // The issue's figure, throughput lost, for a CPU-bound agent: events per CPU-second, traced against untraced.
        tracingOverheadPct: round(median(lost), 1),
        tracingOverheadPctMinMax: [round(Math.min(...lost), 1), round(Math.max(...lost), 1)],
        // The middle half of the rounds: what a run of this many rounds can tell apart.
        tracingOverheadPctQuartiles: quartiles(lost).map((x) => round(x, 1)),
        tracingOverheadPctPerRound: lost.map((x) => round(x, 1)),
        // The run's CPU, all rounds summed, traced against untraced: each arm's full collections at
        // the rate they ran. And the median of the rounds whose blocks ran as many full collections.
        tracingOverheadPctOfTotals: round((1 - offUs.reduce((a, b) => a + b, 0) / onUs.reduce((a, b) => a + b, 0)) * 100, 1),
        fullGcsOff: fullGcs.reduce((a, [off]) => a + off, 0),
        fullGcsOn: fullGcs.reduce((a, [, on]) => a + on, 0),
        ...(sameFullGcs.length > 0 ? { tracingOverheadPctSameFullGcs: round(median(sameFullGcs), 1), roundsSameFullGcs: sameFullGcs.length } : {}),
        wallMsPerBlockOff: round(median(offWall), 0),
        wallMsPerBlockOn: round(median(onWall), 0),
        spansPerEvent: round(median(spans), 2),
        // Write system calls (sockets to PostgreSQL, RabbitMQ and the OTLP receiver) and bytes per
        // event, medians: does tracing change how the same work reaches the sockets?
        writeCallsPerEventOff: round(median(writes.off), 2),
        writeCallsPerEventOn: round(median(writes.on), 2),
        writeBytesPerEventOff: round(median(writes.offBytes), 0),
        writeBytesPerEventOn: round(median(writes.onBytes), 0),
        // Of the CPU per event, the kernel's part (system time), medians: what the sockets cost.
        systemCpuUsPerEventOff: round(median(system.off), 1),
        systemCpuUsPerEventOn: round(median(system.on), 1),
        // Of the CPU per event, threads other than the main one (V8's concurrent GC and compilers, libuv), medians.
        otherThreadsCpuUsPerEventOff: round(median(others.off), 1),
        otherThreadsCpuUsPerEventOn: round(median(others.on), 1),
        // The main thread's GC pauses, medians per block: scavenges, full collections, and the
        // pauses' time per event (the collections' own work, on the main thread and its helpers).
        ...(gcs.off.length > 0 && gcs.on.length > 0
          ? {
              scavengesPerBlockOff: median(gcs.off.map((g) => g.scavenges)),
              scavengesPerBlockOn: median(gcs.on.map((g) => g.scavenges)),
              fullGcsPerBlockOff: median(gcs.off.map((g) => g.fullGcs)),
              fullGcsPerBlockOn: median(gcs.on.map((g) => g.fullGcs)),
              gcPauseUsPerEventOff: round((median(gcs.off.map((g) => g.pauseMs)) * 1000) / perBlock, 1),
              gcPauseUsPerEventOn: round((median(gcs.on.map((g) => g.pauseMs)) * 1000) / perBlock, 1),
            }
          : {}),
        // The SDK alone, µs of CPU a recorded message (its three spans made and exported), and
        // what that alone would cost this agent at the sampler's share: the least tracing can.
        ...(floorUs !== undefined
          ? {
              sdkCpuUsPerRecordedEvent: round(floorUs, 1),
              tracingFloorPct: round((1 - offMedian / (offMedian + floorUs * share)) * 100, 1),
            }
          : {}),
        // The same floor with the spans made as the apps make them (owned spans, ADR 233): the SDK's
        // processors, exporter and our serializer, without the SDK tracer's per-span checks (ADR 238).
        ...(ownedFloorUs !== undefined
          ? {
              ownedSpansCpuUsPerRecordedEvent: round(ownedFloorUs, 1),
              tracingOwnedFloorPct: round((1 - offMedian / (offMedian + ownedFloorUs * share)) * 100, 1),
            }
          : {}),
        otlpExports: receiver.exports(),
        loadAvg1: [round(load0, 1), round(os.loadavg()[0], 1)],
        cpuSource: '/proc/self/task/*/schedstat',
      }),
    );
  } finally {
    await Promise.allSettled([off.end(), on.end()]);
    receiver.close();
  }
}

async function main() {
  if (process.env.BENCH_AB_CHILD) return abChild();
  if (Number(process.env.BENCH_AB_ROUNDS ?? 0) > 0) return abRun(Number(process.env.BENCH_AB_ROUNDS));
  const result = await measure();
  if (process.env.BENCH_TRACED_CHILD) {
    console.log(JSON.stringify({ ...result, ...(telemetryStarted() ? { sdkCpuMsPer1kEvents: await sdkBaseline() } : {}) }));
    return;
  }
  console.error('the same run with tracing on …');
  const traced = await tracedRun();
  console.error(`traced: ${traced.result.eventsPerSec} events/s (${traced.sampler}), ${traced.exports} OTLP exports received`);
  console.log(
    JSON.stringify({
      ...result,
      node: process.version,
      tracedEventsPerSec: traced.result.eventsPerSec,
      tracedRpcP50Ms: traced.result.rpcP50Ms,
      tracingOverheadPct: round((1 - traced.result.eventsPerSec / result.eventsPerSec) * 100, 1),
      // Each run against its own raw-amqplib baseline, measured minutes apart on a shared machine.
      tracedRatioToBaseline: traced.result.ratioToBaseline,
      tracingOverheadVsBaselinePct: round((1 - traced.result.ratioToBaseline / result.ratioToBaseline) * 100, 1),
      tracedCpuMsPer1kEvents: traced.result.cpuMsPer1kEvents,
      tracedSystemCpuMsPer1kEvents: traced.result.systemCpuMsPer1kEvents,
      tracingCpuOverheadPct: round((traced.result.cpuMsPer1kEvents / result.cpuMsPer1kEvents - 1) * 100, 1),
      tracedSpansPerEvent: traced.result.spansPerEvent,
      // The SDK alone making and exporting a message's three spans, recorded (sdkCpuMsPer1kEvents, µs a message);
      // times the share of traces the sampler keeps, against the untraced run's CPU per message:
      // the least tracing can cost on this benchmark (ADR 094).
      sdkCpuMsPer1kEvents: traced.result.sdkCpuMsPer1kEvents,
      tracingFloorPct: round(((traced.result.sdkCpuMsPer1kEvents * sampledShare(traced.sampler)) / result.cpuMsPer1kEvents) * 100, 1),
      tracesSampler: traced.sampler,
    }),
  );
}

main().then(
  () => {
    if (!process.env.BENCH_AB_CHILD) process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
