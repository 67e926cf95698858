/**
 * npm run bench:mesh — the mesh's delivery contract against raw amqplib on the same broker.
 * Prints one JSON line last:
 * {"eventsPerSec","rpcP50Ms","rpcP99Ms","baselineEventsPerSec","baselineRpcP50Ms", ...}
 * Needs the local RabbitMQ (rabbitmqctl) and PostgreSQL; uses its own vhost and database.
 * Then the same run again in a child process with tracing on (OTEL_TRACES_SAMPLER always_on, or
 * BENCH_TRACES_SAMPLER / _ARG), exporting to an OTLP receiver in this process, and adds
 * "tracedEventsPerSec", "tracedRpcP50Ms" and "tracingOverheadPct" (events/s lost to tracing).
 */
import './bench-telemetry';
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { telemetryStarted } from '@mt/runtime/telemetry';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AmqpBroker, createEvent, enableMeshTracing, MeshNode, MeshTopology, messagingMigration } from '@mt/messages';

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

async function measure(): Promise<Record<string, number>> {
  if (telemetryStarted()) enableMeshTracing();
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
    cleanup.push(() => consumerDs.destroy(), () => callerDs.destroy());
    await consumerDs.query(`CREATE TABLE consumer.effects (message_id uuid PRIMARY KEY, n int NOT NULL)`);

    let handled = 0;
    let allHandled: () => void = () => undefined;
    const finished = new Promise<void>((r) => (allHandled = r));
    const consumer = new MeshNode({
      agent: 'consumer',
      schema: 'consumer',
      broker,
      topology,
      dataSource: consumerDs,
      routes: {},
      prefetch: Number(process.env.BENCH_PREFETCH ?? 1024),
      batchSize: Number(process.env.BENCH_BATCH ?? 256),
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 2),
      hooks: {
        // counted after commit: a message is handled once its transaction is durable
        afterCommit: (envs) => {
          handled += envs.filter((e) => e.message_type === 'event').length;
          if (handled >= EVENTS) allHandled();
        },
      },
    });
    consumer.handlers.add({
      kind: 'event',
      type: 'bench.ordered',
      options: {},
      handle: async (env) => {
        // the effect, and the event announcing it, in the message's transaction
        if (!process.env.NO_EFFECT) await consumer.uow.manager().query(`INSERT INTO consumer.effects (message_id, n) VALUES ($1, $2)`, [
          env.message_id,
          (env.payload as { n: number }).n,
        ]);
        if (!process.env.NO_OUTBOX) consumer.uow.publishEvent('bench.processed', { n: (env.payload as { n: number }).n });
      },
    });
    consumer.handlers.add({
      kind: 'task',
      type: 'bench.ping',
      options: { query: true },
      handle: async (env) => env.payload,
    });
    await consumer.start();
    cleanup.push(() => consumer.stop());
    await consumer.stop(); // declared; now preload the queue and measure consumption alone

    for (let i = 0; i < EVENTS; i += 1000) {
      const batch: Promise<void>[] = [];
      for (let n = i; n < Math.min(EVENTS, i + 1000); n++) {
        const e = createEvent({ sender: 'bench', eventType: 'bench.ordered', payload: { n } });
        batch.push(broker.publish(topology.eventsExchange, 'bench.ordered', { body: Buffer.from(JSON.stringify(e)), messageId: e.message_id }));
      }
      await Promise.all(batch);
    }
    const t0 = process.hrtime.bigint();
    await consumer.start();
    await finished;
    await consumer.relay.flush();
    const eventsSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    const eventsPerSec = EVENTS / eventsSecs;
    const [{ n: effects }] = await consumerDs.query(`SELECT count(*)::int AS n FROM consumer.effects`);
    const unpublished = await consumer.store.countUnpublished();

    const caller = new MeshNode({
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
      ratioToBaseline: round(eventsPerSec / baselineEventsPerSec),
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
  let exports = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exports++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const sampler = process.env.BENCH_TRACES_SAMPLER ?? 'always_on';
  try {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.relative(process.cwd(), __filename)], {
      env: {
        ...process.env,
        BENCH_TRACED_CHILD: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
        OTEL_TRACES_SAMPLER: sampler,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`the traced run exited with ${code}`);
    const last = out.trim().split('\n').pop() ?? '{}';
    return { result: JSON.parse(last) as Record<string, number>, exports, sampler };
  } finally {
    receiver.close();
  }
}

async function main() {
  const result = await measure();
  if (process.env.BENCH_TRACED_CHILD) {
    console.log(JSON.stringify(result));
    return;
  }
  console.error('the same run with tracing on …');
  const traced = await tracedRun();
  console.error(`traced: ${traced.result.eventsPerSec} events/s (${traced.sampler}), ${traced.exports} OTLP exports received`);
  console.log(
    JSON.stringify({
      ...result,
      tracedEventsPerSec: traced.result.eventsPerSec,
      tracedRpcP50Ms: traced.result.rpcP50Ms,
      tracingOverheadPct: round((1 - traced.result.eventsPerSec / result.eventsPerSec) * 100, 1),
      tracesSampler: traced.sampler,
    }),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
