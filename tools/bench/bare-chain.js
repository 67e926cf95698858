/**
 * The bare chain (bench:gateway's floor for an authenticated read): the same hops as the
 * gateway's `GET /api/v1/brands`, written with the bare components and nothing else —
 * `node:http`, one ioredis EVALSHA (revocation check and rate-limit count in one script, as the
 * gateway's store does), one raw amqplib RPC over direct reply-to to a consumer in this process
 * (as in the one-process topology), and the brand-agent's own list query through a raw `pg` pool.
 * The access token is looked up in a map: the gateway also remembers verified tokens (ADR 178).
 *
 * Started by tools/bench/gateway.bench.ts as a child process, on the system's own database,
 * vhost and Redis, after the system has answered its loads (so the rows read are the same):
 *   BARE_DATABASE_URL, BARE_AMQP_URL, BARE_REDIS_URL, BARE_USER_ID, BARE_TOKEN
 * BARE_PROCESSES=1 runs the agent's side in a child process (as `start:all` runs brand-agent).
 * BARE_DIRECT=1 leaves the broker out: the server runs the list query on its own pool, the floor
 * of a design where the gateway answers the read from the database itself (a replica of its own).
 * Prints its port on stdout when ready.
 */
'use strict';
const { spawn } = require('node:child_process');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const amqp = require('amqplib');
const Redis = require('ioredis');
const { Pool } = require('pg');

const GATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {1} end
local n = redis.call('INCR', KEYS[2])
if n == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return {0, n, redis.call('PTTL', KEYS[2])}`;

const LIST = `SELECT b.id, b.name, b.industry, b.description, b.website, b.audience, b.tone,
  b."values", b.banned_words, b.pillars, b.competitors, b.timezone, b.created_at, b.updated_at, m.role
  FROM "brand".membership m JOIN "brand".brand b ON b.id = m.brand_id
  WHERE m.user_id = $1 AND b.deleted_at IS NULL
  ORDER BY b.created_at DESC, b.id DESC LIMIT $2`;

/** The brand-agent's list: the query, and the page as it answers it. */
async function listPage(pool, task) {
  const { rows } = await pool.query(LIST, [task.userId, task.limit + 1]);
  const items = rows.slice(0, task.limit).map((r) => ({ ...r, values: r.values ?? [], bannedWords: r.banned_words ?? [] }));
  return Buffer.from(JSON.stringify({ items, nextCursor: null }));
}

/** The agent's side: consume the task, run the query, answer on the reply-to. */
async function startAgent(connection, queue) {
  const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
  const agent = await connection.createChannel();
  await agent.assertQueue(queue, { autoDelete: true });
  await agent.prefetch(16);
  await agent.consume(queue, (msg) => {
    const task = JSON.parse(msg.content.toString());
    listPage(pool, task).then(
      (body) => {
        agent.sendToQueue(msg.properties.replyTo, body, {
          correlationId: msg.properties.correlationId,
          contentType: 'application/json',
        });
        agent.ack(msg);
      },
      () => agent.nack(msg, false, false),
    );
  });
}

/** The gateway's side answering from the database itself: no broker, no agent. */
function directRequest() {
  const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
  return (task) => listPage(pool, task);
}

/** The gateway's side asking the agent over RabbitMQ (in this process, or in a child with BARE_PROCESSES=1). */
async function rpcRequest() {
  // noDelay as the mesh sets it (amqplib leaves Nagle's algorithm on by default).
  const connection = await amqp.connect(process.env.BARE_AMQP_URL, { noDelay: true });
  const queue = `bare-chain.${randomUUID()}`;
  // BARE_PROCESSES=1: the agent's side in a process of its own (the six-process layout).
  if (process.env.BARE_PROCESSES === '1') {
    const agent = spawn(process.execPath, [__filename], {
      env: { ...process.env, BARE_ROLE: 'agent', BARE_QUEUE: queue },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.on('exit', () => agent.kill('SIGKILL'));
    await new Promise((resolve, reject) => {
      agent.stdout.once('data', resolve);
      agent.once('exit', (code) => reject(new Error(`the bare agent exited (${code})`)));
    });
  } else {
    await startAgent(connection, queue);
  }
  // One channel consuming direct reply-to, answers matched by correlation id.
  const client = await connection.createChannel();
  const waiting = new Map();
  await client.consume(
    'amq.rabbitmq.reply-to',
    (msg) => {
      const done = waiting.get(msg.properties.correlationId);
      if (!done) return;
      waiting.delete(msg.properties.correlationId);
      done(msg.content);
    },
    { noAck: true },
  );
  return (task) =>
    new Promise((resolve) => {
      const correlationId = randomUUID();
      waiting.set(correlationId, resolve);
      client.sendToQueue(queue, Buffer.from(JSON.stringify(task)), {
        replyTo: 'amq.rabbitmq.reply-to',
        correlationId,
        contentType: 'application/json',
        persistent: false,
      });
    });
}

async function main() {
  if (process.env.BARE_ROLE === 'agent') {
    const connection = await amqp.connect(process.env.BARE_AMQP_URL, { noDelay: true });
    await startAgent(connection, process.env.BARE_QUEUE);
    process.stdout.write('ready\n');
    return;
  }
  const request = process.env.BARE_DIRECT === '1' ? directRequest() : await rpcRequest();
  const userId = process.env.BARE_USER_ID;
  const tokens = new Map([[process.env.BARE_TOKEN, { userId, sessionId: randomUUID() }]]);
  const redis = new Redis(process.env.BARE_REDIS_URL);
  redis.defineCommand('gate', { numberOfKeys: 2, lua: GATE });

  const server = http.createServer((req, res) => {
    const claims = tokens.get((req.headers.authorization ?? '').slice('Bearer '.length));
    if (!claims) {
      res.writeHead(401).end();
      return;
    }
    const minute = Math.floor(Date.now() / 60_000);
    redis
      .gate(`bare:revoked:${claims.sessionId}`, `bare:rl:${claims.userId}:${minute}`, '60000')
      .then((gate) => {
        if (gate[0] === 1) throw new Error('revoked');
        return request({ userId: claims.userId, limit: 50 });
      })
      .then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
          res.end(body);
        },
        () => res.writeHead(500).end(),
      );
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
}

main().catch((err) => {
  process.stderr.write(`bare chain failed: ${err.stack}\n`);
  process.exit(1);
});
