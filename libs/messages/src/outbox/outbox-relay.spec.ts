import type { BrokerPort } from '../broker/broker.port';
import type { MessageStore, OutboxRow } from '../store/message.store';
import { OutboxRelay } from './outbox-relay';

/** Time passes on Jest's clock: the intervals are what these tests are about, so a loaded machine must not stretch them. */
const sleep = (ms: number) => jest.advanceTimersByTimeAsync(ms);

/** An outbox in memory: what the relay claims, and when it asked. */
function fakeOutbox() {
  const rows: OutboxRow[] = [];
  const polls: number[] = [];
  const published: string[] = [];
  let brokerUp = true;
  const store = {
    dataSource: { transaction: (fn: (em: unknown) => Promise<unknown>) => fn({}) },
    claimUnpublished: async () => {
      polls.push(Date.now());
      return rows.splice(0, rows.length);
    },
    markPublished: async () => undefined,
    markPublishedByMessageId: async () => undefined,
  } as unknown as MessageStore;
  const broker = {
    publish: async (_x: string, _k: string, m: { messageId: string }) => {
      if (!brokerUp) throw new Error('broker down');
      published.push(m.messageId);
    },
  } as unknown as BrokerPort;
  const row = (id: string) => ({ id, messageId: id, exchange: 'x', routingKey: 'k', envelope: '{}', headers: {} }) as unknown as OutboxRow;
  return { rows, polls, published, store, broker, row, setBroker: (up: boolean) => (brokerUp = up) };
}

describe('OutboxRelay polling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls less and less often while the outbox stays empty, up to idleMaxMs, and at the short interval again once a poll finds rows', async () => {
    const o = fakeOutbox();
    const relay = new OutboxRelay(o.store, o.broker, { batchSize: 10, pollIntervalMs: 10, idleMaxMs: 80 });
    relay.start();
    await sleep(500);
    const idlePolls = o.polls.length;
    // 10, 20, 40, 80, 80 … ms apart: about 8 polls in 500 ms where a fixed 10 ms interval makes 50.
    expect(idlePolls).toBeGreaterThanOrEqual(4);
    expect(idlePolls).toBeLessThanOrEqual(12);
    const gaps = o.polls.slice(1).map((t, i) => t - o.polls[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(80);

    // A row left by another process: found within idleMaxMs, then polling is quick again.
    o.rows.push(o.row('left-behind'));
    const pushedAt = Date.now();
    while (o.published.length === 0 && Date.now() - pushedAt < 1_000) await sleep(2);
    expect(o.published).toEqual(['left-behind']);
    expect(Date.now() - pushedAt).toBeLessThanOrEqual(80);
    const found = o.polls.length;
    await sleep(70);
    // 10 and 20 ms after the poll that found it: the interval is short again.
    expect(o.polls.length - found).toBeGreaterThanOrEqual(2);
    await relay.stop();
  });

  it('goes back to the short interval when the fast path fails (the rows now wait for the poller)', async () => {
    const o = fakeOutbox();
    const relay = new OutboxRelay(o.store, o.broker, { batchSize: 10, pollIntervalMs: 10, idleMaxMs: 1_000, onError: () => undefined });
    relay.start();
    await sleep(400); // backed off to hundreds of ms
    o.setBroker(false);
    const before = o.polls.length;
    relay.publishCommitted([o.row('fast')]);
    await sleep(60);
    // Polls at the short interval while the broker is down (each fails and stays short).
    expect(o.polls.length - before).toBeGreaterThanOrEqual(2);
    o.setBroker(true);
    o.rows.push(o.row('fast'));
    await sleep(60);
    expect(o.published).toContain('fast');
    await relay.stop();
  });

  it('keeps a fixed interval when no idleMaxMs is given', async () => {
    const o = fakeOutbox();
    const relay = new OutboxRelay(o.store, o.broker, { batchSize: 10, pollIntervalMs: 20 });
    relay.start();
    await sleep(300);
    expect(o.polls.length).toBeGreaterThanOrEqual(8);
    await relay.stop();
  });
});

describe('OutboxRelay fast path', () => {
  it('marks the commits published while a mark runs with one UPDATE, and a failed mark leaves each of its rows to the poller', async () => {
    const o = fakeOutbox();
    const marks: string[][] = [];
    let release: (() => void) | undefined;
    let failNext = false;
    o.store.markPublishedByMessageId = async (ids: string[]) => {
      marks.push(ids);
      // The first mark is held until released: the commits published meanwhile wait for the next.
      if (marks.length === 1) await new Promise<void>((r) => (release = r));
      if (failNext) throw new Error('database gone');
    };
    const errors: unknown[] = [];
    const relay = new OutboxRelay(o.store, o.broker, { batchSize: 10, pollIntervalMs: 60_000, onError: (e) => errors.push(e) });
    relay.start();
    relay.publishCommitted([o.row('a')]);
    while (!release) await new Promise((r) => setImmediate(r));
    relay.publishCommitted([o.row('b'), o.row('c')]);
    relay.publishCommitted([o.row('d')]);
    await new Promise((r) => setImmediate(r));
    release();
    await relay.flush();
    expect(marks).toEqual([['a'], ['b', 'c', 'd']]);
    expect(o.published).toEqual(expect.arrayContaining(['a', 'b', 'c', 'd']));
    expect(errors).toEqual([]);

    failNext = true;
    relay.publishCommitted([o.row('e')]);
    relay.publishCommitted([o.row('f')]);
    await relay.flush();
    // Each commit whose mark failed reports it (its rows wait for the poller).
    expect(errors).toHaveLength(2);
    await relay.stop();
  });
});
