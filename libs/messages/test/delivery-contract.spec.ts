import { randomUUID } from 'node:crypto';
import { AgentUnavailableError, createEvent, createTask, currentTraceScope, MeshError } from '@mt/messages';
import { eventually, MeshHarness, type OpenMeshNode, sleep, TRANSPORTS } from './harness';

describe.each(TRANSPORTS)('delivery contract on the %s transport', (kind) => {
  let h: MeshHarness;

  beforeEach(async () => {
    h = await MeshHarness.create(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  const deadLetters = (node: OpenMeshNode) => node.deadLetters.list({ includeReplayed: true });

  it('retries a throwing handler with growing delays, then dead-letters it with the error', async () => {
    const worker = await h.node('worker');
    const calls: number[] = [];
    worker.handlers.add({
      kind: 'task',
      type: 'test.explode',
      options: {},
      handle: async () => {
        calls.push(Date.now());
        throw new Error('the printer is on fire');
      },
    });
    await worker.start();
    const sender = await h.node('sender', { routes: { 'test.explode': 'worker' } });
    await sender.startSender();

    const sent = await sender.client.dispatch('test.explode', { n: 1 }, { maxRetries: 3 });

    const [dl] = await eventually(async () => {
      const rows = await deadLetters(worker);
      return rows.length > 0 ? rows : null;
    }, 'a dead letter');
    expect(calls).toHaveLength(4);
    expect(dl.messageId).toBe(sent.message_id);
    expect(dl.messageType).toBe('test.explode');
    expect(dl.errorCode).toBe('HANDLER_FAILED');
    expect(dl.reason).toContain('failed 4 times: the printer is on fire');
    expect(dl.attempts).toBe(4);
    // backoff 40, 80, 160 ms: each wait at least its delay, and growing
    const gaps = calls.slice(1).map((t, i) => t - calls[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
  });

  it('retries a dispatched task of a manualTransaction handler too, until it succeeds', async () => {
    const worker = await h.node('worker');
    let calls = 0;
    worker.handlers.add({
      kind: 'task',
      type: 'test.flaky-manual',
      options: { manualTransaction: true },
      handle: async () => {
        calls++;
        if (calls < 3) throw new Error('the model is busy');
        return { ok: true };
      },
    });
    await worker.start();
    const sender = await h.node('sender', { routes: { 'test.flaky-manual': 'worker' } });
    await sender.startSender();
    await sender.client.dispatch('test.flaky-manual', {}, { maxRetries: 3 });
    await eventually(() => calls === 3, 'the third delivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(3);
    expect(await deadLetters(worker)).toEqual([]);
  });

  it('dead-letters a permanent error at once, without retrying', async () => {
    const worker = await h.node('worker');
    let calls = 0;
    worker.handlers.add({
      kind: 'task',
      type: 'test.refuse',
      options: {},
      handle: async () => {
        calls++;
        throw new MeshError('BRAND_NOT_FOUND', 'brand 42 does not exist', { retryable: false });
      },
    });
    await worker.start();
    const sender = await h.node('sender', { routes: { 'test.refuse': 'worker' } });
    await sender.startSender();
    await sender.client.dispatch('test.refuse', {}, { maxRetries: 5 });
    const [dl] = await eventually(async () => ((await deadLetters(worker)).length ? deadLetters(worker) : null), 'dead letter');
    expect(calls).toBe(1);
    expect(dl.errorCode).toBe('BRAND_NOT_FOUND');
    expect(dl.reason).toContain('permanent error: brand 42 does not exist');
  });

  it('gives a message killed before its ack to the next consumer, and its effect happens once', async () => {
    let killed = false;
    const first = await h.node('worker', {
      hooks: {
        afterCommit: async () => {
          if (killed) return;
          killed = true;
          await first.kill(); // committed, never acknowledged
          await new Promise(() => undefined); // this consumer is gone
        },
      },
    });
    first.handlers.add({ kind: 'task', type: 'test.work', options: {}, handle: async (env) => MeshHarness.recordEffect(first, env) });
    await first.start();
    const sender = await h.node('sender', { routes: { 'test.work': 'worker' } });
    await sender.startSender();
    const sent = await sender.client.dispatch('test.work', { job: 1 });
    await eventually(() => killed, 'the first consumer to commit and die');

    const second = await h.node('worker', { broker: await h.extraBroker() });
    let redelivered = 0;
    second.handlers.add({
      kind: 'task',
      type: 'test.work',
      options: {},
      handle: async (env) => {
        redelivered++;
        await MeshHarness.recordEffect(second, env);
      },
    });
    await second.start();

    await eventually(async () => (await second.store.dataSource.query(`SELECT 1 FROM worker.inbox`)).length === 1, 'inbox row');
    await sleep(300);
    const effects = await MeshHarness.effects(second);
    expect(effects.map((e) => e.message_id)).toEqual([sent.message_id]);
    expect(redelivered).toBe(0); // the redelivery was recognised as handled, not run again
  });

  it('has one effect for a message delivered twice, and for a retry under a new id with the same idempotency key', async () => {
    const worker = await h.node('worker');
    worker.handlers.add({ kind: 'task', type: 'test.charge', options: {}, handle: async (env) => MeshHarness.recordEffect(worker, env) });
    await worker.start();
    const producer = await h.node('producer', { routes: { 'test.charge': 'worker' } });
    await producer.startSender();

    const original = createTask({ sender: 'producer', taskType: 'test.charge', payload: { amount: 5 }, idempotencyKey: 'order-17' });
    const body = Buffer.from(JSON.stringify(original));
    const send = (b: Buffer, id: string) => h.broker.publish(h.topology.tasksExchange, 'worker', { body: b, messageId: id });
    await send(body, original.message_id);
    await send(body, original.message_id);
    const sameKey = { ...original, message_id: randomUUID() };
    await send(Buffer.from(JSON.stringify(sameKey)), sameKey.message_id);
    const otherKey = createTask({ sender: 'producer', taskType: 'test.charge', payload: { amount: 5 }, idempotencyKey: 'order-18' });
    await send(Buffer.from(JSON.stringify(otherKey)), otherKey.message_id);

    await eventually(async () => (await MeshHarness.effects(worker)).length >= 2, 'two effects');
    await sleep(300);
    const effects = await MeshHarness.effects(worker);
    expect(effects.map((e) => e.message_id).sort()).toEqual([original.message_id, otherKey.message_id].sort());
  });

  it('has one effect for a message delivered twice into the same batch', async () => {
    // One transaction at a time: the copies queue up behind a held message and are taken together.
    const worker = await h.node('worker', { concurrency: 1, batchSize: 32 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    worker.handlers.add({ kind: 'task', type: 'test.hold', options: {}, handle: () => held });
    worker.handlers.add({ kind: 'task', type: 'test.charge', options: {}, handle: async (env) => MeshHarness.recordEffect(worker, env) });
    await worker.start();
    const producer = await h.node('producer', { routes: { 'test.hold': 'worker', 'test.charge': 'worker' } });
    await producer.startSender();

    await producer.client.dispatch('test.hold', {});
    const charge = createTask({ sender: 'producer', taskType: 'test.charge', payload: { amount: 5 } });
    for (let i = 0; i < 3; i++) {
      await h.broker.publish(h.topology.tasksExchange, 'worker', { body: Buffer.from(JSON.stringify(charge)), messageId: charge.message_id });
    }
    await sleep(300); // the copies wait behind the held transaction
    release();

    await eventually(async () => (await MeshHarness.effects(worker)).length >= 1, 'the charge');
    await sleep(300);
    expect((await MeshHarness.effects(worker)).map((e) => e.message_id)).toEqual([charge.message_id]);
  });

  it('never publishes the event of a rolled-back transaction', async () => {
    const listener = await h.node('listener');
    const heard: string[] = [];
    listener.handlers.add({ kind: 'event', type: 'test.happened', options: {}, handle: async (env) => void heard.push(env.message_id) });
    await listener.start();
    const producer = await h.node('producer');
    await producer.startSender();

    await expect(
      producer.uow.transaction(async () => {
        producer.uow.publishEvent('test.happened', { what: 'rolled back' });
        throw new Error('validation failed after the event was written');
      }),
    ).rejects.toThrow('validation failed');
    await producer.uow.transaction(async () => {
      producer.uow.publishEvent('test.happened', { what: 'committed' });
    });

    await eventually(() => heard.length === 1, 'the committed event');
    await sleep(300);
    expect(heard).toHaveLength(1);
    const rows = await producer.store.dataSource.query(`SELECT envelope FROM producer.outbox`);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].envelope).payload).toEqual({ what: 'committed' });
  });

  it('writes the messages of a step that only announces in one statement with no transaction around it, and publishes them; inside a transaction it joins it (ADR 228)', async () => {
    const listener = await h.node('listener');
    const heard: unknown[] = [];
    listener.handlers.add({ kind: 'event', type: 'test.happened', options: {}, handle: async (env) => void heard.push(env.payload) });
    await listener.start();
    const producer = await h.node('producer');
    await producer.startSender();

    const transactions = jest.spyOn(producer.store.dataSource, 'transaction');
    const env = await producer.uow.publishOnly(() => producer.uow.publishEvent('test.happened', { what: 'progress 1 of 3' }));
    expect(transactions).not.toHaveBeenCalled();
    await eventually(() => heard.length === 1, 'the announced event');
    expect(heard).toEqual([{ what: 'progress 1 of 3' }]);
    expect(await producer.store.dataSource.query(`SELECT message_id FROM producer.outbox`)).toEqual([{ message_id: env.message_id }]);

    // Inside a transaction it is that transaction's: rolled back with it, never sent.
    await expect(
      producer.uow.transaction(async () => {
        await producer.uow.publishOnly(() => producer.uow.publishEvent('test.happened', { what: 'rolled back' }));
        throw new Error('the step failed after announcing');
      }),
    ).rejects.toThrow('the step failed');
    await sleep(300);
    expect(heard).toEqual([{ what: 'progress 1 of 3' }]);
    expect(await producer.store.dataSource.query(`SELECT count(*)::int AS n FROM producer.outbox`)).toEqual([{ n: 1 }]);
    transactions.mockRestore();
  });

  it("runs afterCommit callbacks once the handler's batch or the transaction has committed, its rows visible, and never after a rollback", async () => {
    const worker = await h.node('worker');
    // What each callback saw when it ran: the effects visible outside the transaction.
    const seen: Promise<string[]>[] = [];
    const visible = async () => (await MeshHarness.effects(worker)).map((e) => e.note);
    worker.handlers.add({
      kind: 'event',
      type: 'test.recorded',
      options: {},
      handle: async (env) => {
        await MeshHarness.recordEffect(worker, env, 'from a handler');
        worker.uow.afterCommit(() => seen.push(visible()));
      },
    });
    await worker.start();

    await expect(
      worker.uow.transaction(async () => {
        await worker.uow.manager().query(`INSERT INTO worker.effects (message_id, note) VALUES (gen_random_uuid(), 'rolled back')`);
        worker.uow.afterCommit(() => seen.push(visible()));
        throw new Error('validation failed');
      }),
    ).rejects.toThrow('validation failed');
    await worker.uow.transaction(async () => {
      await worker.uow.manager().query(`INSERT INTO worker.effects (message_id, note) VALUES (gen_random_uuid(), 'committed')`);
      worker.uow.afterCommit(() => seen.push(visible()));
    });
    expect(seen).toHaveLength(1);
    expect(await seen[0]).toEqual(['committed']);

    const producer = await h.node('producer');
    await producer.startSender();
    await producer.uow.transaction(async () => void producer.uow.publishEvent('test.recorded', { n: 1 }));
    await eventually(() => seen.length === 2, "the handler's callback");
    expect(await seen[1]).toEqual(['committed', 'from a handler']);
    // Outside a transaction there is nothing to wait for.
    let ran = false;
    worker.uow.afterCommit(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('publishes an event committed while it could not be sent, once sending is possible again', async () => {
    const listener = await h.node('listener');
    const heard: unknown[] = [];
    listener.handlers.add({ kind: 'event', type: 'test.saved', options: {}, handle: async (env) => void heard.push(env.payload) });
    await listener.start();

    const producer = await h.node('producer');
    // Not started: nothing relays yet, as when the process died right after its commit.
    await producer.uow.transaction(async () => {
      await producer.uow.manager().query(`INSERT INTO producer.effects (message_id, note) VALUES ($1, 'saved')`, [randomUUID()]);
      producer.uow.publishEvent('test.saved', { id: 7 });
    });
    await sleep(200);
    expect(heard).toEqual([]);
    expect(await producer.store.countUnpublished()).toBe(1);

    await producer.startSender();
    await eventually(() => heard.length === 1, 'the event after restart');
    expect(heard).toEqual([{ id: 7 }]);
    // The row is marked sent after the broker's confirm, which can come after the delivery itself.
    await eventually(async () => (await producer.store.countUnpublished()) === 0, 'the outbox row marked sent');
  });

  it('dead-letters a malformed envelope and an unknown task type with the reason, without calling a handler', async () => {
    const worker = await h.node('worker');
    let called = 0;
    worker.handlers.add({ kind: 'task', type: 'test.known', options: {}, handle: async () => void called++ });
    await worker.start();
    const q = h.topology.agentQueue('worker');
    await h.broker.publish('', q, { body: Buffer.from('{"message_type": "task", oops'), messageId: 'm1' });
    const missingFields = { ...createTask({ sender: 'x', taskType: 'test.known', payload: {} }), trace_id: 'not-hex' };
    await h.broker.publish('', q, { body: Buffer.from(JSON.stringify(missingFields)), messageId: 'm2' });
    const unknown = createTask({ sender: 'x', taskType: 'test.unknown', payload: {} });
    await h.broker.publish('', q, { body: Buffer.from(JSON.stringify(unknown)), messageId: unknown.message_id });

    const rows = await eventually(async () => {
      const r = await deadLetters(worker);
      return r.length === 3 ? r : null;
    }, 'three dead letters');
    const byCode = (code: string) => rows.filter((r) => r.errorCode === code).map((r) => r.reason);
    expect(byCode('INVALID_ENVELOPE')).toEqual(expect.arrayContaining([expect.stringContaining('body is not JSON'), expect.stringContaining('trace_id')]));
    expect(byCode('NO_HANDLER')).toEqual([expect.stringContaining('no handler for task test.unknown')]);
    expect(called).toBe(0);
  });

  it('answers AGENT_UNAVAILABLE within the timeout when the agent is down', async () => {
    const gateway = await h.node('gateway', { routes: { 'test.ping': 'sleeping-agent' } });
    await gateway.startSender();
    const started = Date.now();
    const err = (await gateway.client.request('test.ping', {}, { timeoutMs: 300 }).catch((e: unknown) => e)) as Error & { code?: string };
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(AgentUnavailableError);
    expect(err.code).toBe('AGENT_UNAVAILABLE');
    expect(err.message).toBe('sleeping-agent did not answer test.ping within 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('answers RPCs with the result, the remote error code, and the stored answer for a repeated idempotency key', async () => {
    const worker = await h.node('worker');
    let creates = 0;
    worker.handlers.add({
      kind: 'task',
      type: 'test.create',
      options: {},
      handle: async (env) => {
        creates++;
        await MeshHarness.recordEffect(worker, env);
        return { id: `thing-${creates}`, name: (env.payload as { name: string }).name };
      },
    });
    worker.handlers.add({
      kind: 'task',
      type: 'test.get',
      options: { query: true },
      handle: async (env) => {
        throw new MeshError('NOT_FOUND', `no thing ${(env.payload as { id: string }).id}`, { status: 404 });
      },
    });
    await worker.start();
    const gateway = await h.node('gateway', { routes: { 'test.create': 'worker', 'test.get': 'worker' } });
    await gateway.startSender();

    const a = await gateway.client.request('test.create', { name: 'A' }, { idempotencyKey: 'k1' });
    const again = await gateway.client.request('test.create', { name: 'A' }, { idempotencyKey: 'k1' });
    expect(a).toEqual({ id: 'thing-1', name: 'A' });
    expect(again).toEqual(a);
    expect(creates).toBe(1);
    const err = await gateway.client.request('test.get', { id: 'x9' }).catch((e: Error & { code?: string }) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'no thing x9', status: 404 });
  });

  it('answers a repeated idempotency key from the inbox for a manualTransaction RPC too, without running it again', async () => {
    const worker = await h.node('worker');
    let places = 0;
    worker.handlers.add({
      kind: 'task',
      type: 'test.place',
      options: { manualTransaction: true },
      handle: async (env) => {
        places++;
        return { item: `item-${places}`, content: (env.payload as { content: string }).content };
      },
    });
    await worker.start();
    const gateway = await h.node('gateway', { routes: { 'test.place': 'worker' } });
    await gateway.startSender();

    const first = await gateway.client.request('test.place', { content: 'c1' }, { idempotencyKey: 'http:p1' });
    const again = await gateway.client.request('test.place', { content: 'c1' }, { idempotencyKey: 'http:p1' });
    const other = await gateway.client.request('test.place', { content: 'c1' }, { idempotencyKey: 'http:p2' });
    const unkeyed = await gateway.client.request('test.place', { content: 'c1' });
    expect(first).toEqual({ item: 'item-1', content: 'c1' });
    expect(again).toEqual(first);
    expect([other, unkeyed]).toEqual([
      { item: 'item-2', content: 'c1' },
      { item: 'item-3', content: 'c1' },
    ]);
    expect(places).toBe(3);
  });

  it('fans an event out to every subscribed agent and to no other', async () => {
    const got: Record<string, string[]> = { billing: [], shipping: [], support: [] };
    const subscribe = async (agent: string, type: string) => {
      const n = await h.node(agent);
      n.handlers.add({ kind: 'event', type, options: {}, handle: async (env) => void got[agent].push('event_type' in env ? env.event_type : '') });
      await n.start();
    };
    await subscribe('billing', 'order.placed');
    await subscribe('shipping', 'order.placed');
    await subscribe('support', 'ticket.opened');
    const shop = await h.node('shop');
    await shop.startSender();
    await shop.uow.transaction(async () => {
      shop.uow.publishEvent('order.placed', { orderId: 1 });
    });
    await eventually(() => got.billing.length === 1 && got.shipping.length === 1, 'both subscribers');
    await sleep(300);
    expect(got).toEqual({ billing: ['order.placed'], shipping: ['order.placed'], support: [] });
  });

  it('lets an operator replay a dead letter once its cause is fixed', async () => {
    const worker = await h.node('worker');
    let broken = true;
    worker.handlers.add({
      kind: 'event',
      type: 'test.fragile',
      options: {},
      handle: async (env) => {
        if (broken) throw new Error('downstream is down');
        await MeshHarness.recordEffect(worker, env, 'replayed');
      },
    });
    await worker.start();
    const producer = await h.node('producer');
    await producer.startSender();
    await producer.uow.transaction(async () => {
      producer.uow.publishEvent('test.fragile', {}, { maxRetries: 1 });
    });
    const [dl] = await eventually(async () => ((await deadLetters(worker)).length ? deadLetters(worker) : null), 'dead letter');
    expect(dl.attempts).toBe(2);

    broken = false;
    await worker.deadLetters.replay(dl.id);
    await eventually(async () => (await MeshHarness.effects(worker)).length === 1, 'replayed effect');
    const after = await worker.deadLetters.get(dl.id);
    expect(after?.replayCount).toBe(1);
    expect(after?.replayedAt).toBeInstanceOf(Date);
    expect(await worker.deadLetters.list()).toEqual([]); // replayed ones are hidden by default
  });

  it('carries trace and correlation from a handled message into the events it causes', async () => {
    const relay = await h.node('relay-agent');
    relay.handlers.add({
      kind: 'event',
      type: 'step.one',
      options: {},
      handle: async () => void relay.uow.publishEvent('step.two', {}),
    });
    await relay.start();
    const end = await h.node('end-agent');
    const seen: { trace: string; corr: string }[] = [];
    end.handlers.add({
      kind: 'event',
      type: 'step.two',
      options: {},
      handle: async (env) => void seen.push({ trace: env.trace_id, corr: env.correlation_id }),
    });
    await end.start();
    const start = await h.node('start-agent');
    await start.startSender();
    let first = createEvent({ sender: 'x', eventType: 'step.one', payload: {} });
    await start.uow.transaction(async () => {
      first = start.uow.publishEvent('step.one', {});
    });
    await eventually(() => seen.length === 1, 'second step');
    expect(seen[0]).toEqual({ trace: first.trace_id, corr: first.correlation_id });
  });

  it("runs each handler in a log scope naming the agent that handles the message (the one-process mode's log lines)", async () => {
    const apps: Record<string, string | undefined> = {};
    for (const agent of ['left-agent', 'right-agent']) {
      const node = await h.node(agent);
      node.handlers.add({
        kind: 'event',
        type: 'test.both',
        options: {},
        handle: async () => void (apps[agent] = currentTraceScope()?.app),
      });
      await node.start();
    }
    const start = await h.node('start-agent');
    await start.startSender();
    await start.uow.transaction(async () => void start.uow.publishEvent('test.both', {}));
    await eventually(() => Object.keys(apps).length === 2, 'both handlers');
    expect(apps).toEqual({ 'left-agent': 'left-agent', 'right-agent': 'right-agent' });
  });
});

describe('asking another agent while holding a transaction', () => {
  let h: MeshHarness;
  beforeEach(async () => {
    h = await MeshHarness.create('memory');
  });
  afterEach(async () => {
    await h.close();
  });

  it('is refused at once with a clear error, and allowed before the transaction with manualTransaction', async () => {
    const directory = await h.node('directory');
    directory.handlers.add({ kind: 'task', type: 'dir.lookup', options: { query: true }, handle: async () => ({ id: 'u1' }) });
    await directory.start();
    const worker = await h.node('worker', { routes: { 'dir.lookup': 'directory' } });
    worker.handlers.add({
      kind: 'task',
      type: 'work.inside',
      options: {},
      handle: async () => worker.client.request('dir.lookup', {}),
    });
    worker.handlers.add({
      kind: 'task',
      type: 'work.before',
      options: { manualTransaction: true },
      handle: async (env) => {
        const found = await worker.client.request('dir.lookup', {});
        await worker.uow.transaction(() => MeshHarness.recordEffect(worker, env, found.id));
        return found;
      },
    });
    await worker.start();
    const gateway = await h.node('gateway', { routes: { 'work.inside': 'worker', 'work.before': 'worker' } });
    await gateway.startSender();

    const err = (await gateway.client.request('work.inside', {}).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('dir.lookup was requested inside a database transaction; ask before opening it');
    expect(await gateway.client.request('work.before', {})).toEqual({ id: 'u1' });
    expect((await MeshHarness.effects(worker)).map((e) => e.note)).toEqual(['u1']);
  });
});

describe('housekeeping', () => {
  it('prunes published outbox rows and old inbox rows, and keeps unpublished ones', async () => {
    const h = await MeshHarness.create('memory');
    try {
      const worker = await h.node('worker');
      worker.handlers.add({ kind: 'event', type: 'x.done', options: {}, handle: async () => undefined });
      await worker.start();
      const producer = await h.node('producer');
      await producer.startSender();
      await producer.uow.transaction(async () => void producer.uow.publishEvent('x.done', {}));
      await eventually(async () => (await producer.store.countUnpublished()) === 0, 'published');
      await producer.relay.stop(); // the next one stays unpublished
      await producer.uow.transaction(async () => void producer.uow.publishEvent('x.done', {}));
      await eventually(async () => (await worker.store.dataSource.query('SELECT 1 FROM worker.inbox')).length === 1, 'inbox row');

      const future = new Date(Date.now() + 60_000);
      expect(await producer.store.prune(future)).toEqual({ outbox: 1, inbox: 0 });
      expect(await worker.store.prune(future)).toEqual({ outbox: 0, inbox: 1 });
      expect(await producer.store.countUnpublished()).toBe(1);
    } finally {
      await h.close();
    }
  });
});
