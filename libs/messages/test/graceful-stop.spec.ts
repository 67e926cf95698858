import type { InboundEnvelope } from '@mt/messages';
import { eventually, MeshHarness, type OpenMeshNode, sleep } from './harness';

/**
 * What SIGTERM does to an agent's mesh seat (GracefulShutdown → app.close → MeshNode.stop), in the
 * middle of a burst on RabbitMQ: it stops taking messages, finishes and acknowledges the batch in
 * hand, publishes what those handlers committed, and leaves the rest on the queue for the next
 * replica. Every task has exactly one effect and exactly one follow-up event.
 */
describe('an agent stopped gracefully in the middle of a batch (amqp)', () => {
  let h: MeshHarness;
  beforeEach(async () => {
    h = await MeshHarness.create('amqp');
  });
  afterEach(async () => {
    await h.close();
  });

  const work = (node: OpenMeshNode) => async (env: InboundEnvelope) => {
    await MeshHarness.recordEffect(node, env);
    node.uow.publishEvent('work.done', { job: (env.payload as { job: number }).job });
    await sleep(2); // long enough that the stop lands inside a batch
  };

  it('loses nothing and does nothing twice', async () => {
    const total = 600;
    const sink = await h.node('sink-agent');
    // The sink's effect is committed with its inbox row: a handler run again after a failed batch
    // (retried one by one) leaves one row, as the delivery contract promises, where an in-memory
    // list would count the run twice.
    sink.handlers.add({
      kind: 'event',
      type: 'work.done',
      options: {},
      handle: (env) => MeshHarness.recordEffect(sink, env, String((env.payload as { job: number }).job)),
    });
    const done = async () => (await MeshHarness.effects(sink)).map((e) => Number(e.note));
    await sink.start();

    const first = await h.node('worker', { batchSize: 32, concurrency: 2, prefetch: 128 });
    first.handlers.add({ kind: 'task', type: 'test.work', options: {}, handle: work(first) });
    await first.start();
    const sender = await h.node('sender', { routes: { 'test.work': 'worker' } });
    await sender.startSender();
    await Promise.all(Array.from({ length: total }, (_, job) => sender.client.dispatch('test.work', { job })));

    await eventually(async () => (await MeshHarness.effects(first)).length >= 60, 'the first replica to be busy', 30_000);
    await first.stop();
    const byFirst = (await MeshHarness.effects(first)).length;
    expect(byFirst).toBeLessThan(total); // it really stopped mid-burst
    // What its handlers committed was published before it let go (the outbox relay flushed).
    const unpublished = await first.options.dataSource.query('SELECT count(*)::int AS n FROM worker.outbox WHERE published_at IS NULL');
    expect(unpublished[0].n).toBe(0);

    const second = await h.node('worker', { broker: await h.extraBroker(), batchSize: 32 });
    second.handlers.add({ kind: 'task', type: 'test.work', options: {}, handle: work(second) });
    await second.start();

    try {
      await eventually(
        async () => (await MeshHarness.effects(second)).length === total && (await done()).length >= total,
        'every task handled and its event received',
        60_000,
      );
    } catch (err) {
      const effects = await MeshHarness.effects(second);
      const dead = await second.deadLetters.list({ includeReplayed: true });
      throw new Error(
        `${(err as Error).message}: ${effects.length} effects (${byFirst} by the first), ${(await done()).length} events, ${dead.length} dead letters ${JSON.stringify(dead.slice(0, 2))}`,
      );
    }
    await sleep(500);
    const effects = await MeshHarness.effects(second);
    expect(new Set(effects.map((e) => e.message_id)).size).toBe(total);
    expect(effects).toHaveLength(total);
    // A job whose event reached the sink twice, with the message ids it arrived under.
    const twice = Object.entries(
      (await MeshHarness.effects(sink)).reduce<Record<string, string[]>>((by, e) => ({ ...by, [e.note]: [...(by[e.note] ?? []), e.message_id] }), {}),
    ).filter(([, ids]) => ids.length > 1);
    expect(twice.slice(0, 3)).toEqual([]);
    expect((await done()).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(await first.deadLetters.list({ includeReplayed: true })).toEqual([]);
  }, 120_000);
});
