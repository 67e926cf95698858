import type { InboundEnvelope } from '@mt/messages';
import { eventually, MeshHarness, sleep, TRANSPORTS } from './harness';

/**
 * HandlerOptions.lockKey: a batch takes an advisory lock per key, sorted, before its handlers run,
 * so two transactions in flight that touch the same rows wait for each other at the start instead
 * of deadlocking half-way (the gateway's job rows, ADR 223).
 */
describe.each(TRANSPORTS)('lock keys on the %s transport', (kind) => {
  let h: MeshHarness;

  beforeEach(async () => {
    h = await MeshHarness.create(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  const rowOf = (env: InboundEnvelope) => (env.payload as { row: string }).row;

  /** A worker with three transactions at once, one message each; a `hold` message waits until released. */
  async function worker(lockKey: ((env: InboundEnvelope) => string | undefined) | undefined) {
    const node = await h.node('worker', { concurrency: 3, batchSize: 1 });
    const started: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    node.handlers.add({
      kind: 'event',
      type: 'test.touched',
      options: lockKey ? { lockKey } : {},
      handle: async (env) => {
        const payload = env.payload as { row: string; hold?: boolean };
        started.push(`${payload.row}${payload.hold ? ' (held)' : ''}`);
        if (payload.hold) await held;
        await MeshHarness.recordEffect(node, env, payload.row);
      },
    });
    await node.start();
    const producer = await h.node('producer');
    await producer.startSender();
    const send = (row: string, hold = false) =>
      producer.uow.transaction(async () => {
        producer.uow.publishEvent('test.touched', { row, hold });
      });
    return { node, started, release, send };
  }

  it('starts a message whose key a transaction in flight holds only once that transaction has committed', async () => {
    const w = await worker((env) => `row:${rowOf(env)}`);
    await w.send('a', true);
    await eventually(async () => (w.started.length === 1 ? true : null), 'the held message to start');
    await w.send('a');
    await w.send('b');
    // b's key is free: it runs beside the held transaction; the second a waits for it.
    try {
      await eventually(async () => (w.started.includes('b') ? true : null), 'the message of the other key to start');
      await sleep(300);
      expect(w.started).toEqual(['a (held)', 'b']);
    } finally {
      w.release();
    }
    await eventually(async () => ((await MeshHarness.effects(w.node)).length === 3 ? true : null), 'all three effects');
    expect(w.started).toEqual(['a (held)', 'b', 'a']);
  });

  it('without a key, runs the second message of a row beside the first (the case a key is for)', async () => {
    const w = await worker(undefined);
    await w.send('a', true);
    await eventually(async () => (w.started.length === 1 ? true : null), 'the held message to start');
    await w.send('a');
    try {
      await eventually(async () => (w.started.length === 2 ? true : null), 'the second message to start while the first is held');
      expect(w.started).toEqual(['a (held)', 'a']);
    } finally {
      w.release();
    }
    await eventually(async () => ((await MeshHarness.effects(w.node)).length === 2 ? true : null), 'both effects');
  });
});
