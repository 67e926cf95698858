import { MeshTopology, topicMatches } from './topology';

describe('topology', () => {
  it.each([
    ['content.created', 'content.created', true],
    ['content.*', 'content.created', true],
    ['content.*', 'content.publish.failed', false],
    ['content.#', 'content.publish.failed', true],
    ['#', 'anything.at.all', true],
    ['*.created', 'brand.created', true],
    ['brand.created', 'brand.updated', false],
  ])('topic %s matches %s: %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  it('backs off exponentially up to the cap, with one delay queue per distinct delay', () => {
    const t = new MeshTopology('mt', { baseDelayMs: 1000, factor: 2, maxDelayMs: 10_000 });
    expect([0, 1, 2, 3, 4, 20].map((n) => t.retryDelayMs(n))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(t.retryDelays()).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });

  it("declares an agent's queue as a quorum queue with a delivery limit and its dead-letter route", () => {
    const t = new MeshTopology('mt');
    const spec = t.forAgent('brand-agent', ['content.approved']);
    expect(spec.queues[0]).toMatchObject({
      name: 'mt.brand-agent',
      quorum: true,
      deliveryLimit: 10,
      deadLetterExchange: 'mt.dead',
      deadLetterRoutingKey: 'brand-agent',
    });
    expect(spec.bindings).toEqual(
      expect.arrayContaining([
        { queue: 'mt.brand-agent', exchange: 'mt.tasks', routingKey: 'brand-agent' },
        { queue: 'mt.brand-agent', exchange: 'mt.events', routingKey: 'content.approved' },
        { queue: 'mt.brand-agent.dead', exchange: 'mt.dead', routingKey: 'brand-agent' },
      ]),
    );
  });
});
