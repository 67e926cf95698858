import { createEvent, createResponse, createTask, parseEnvelope, toCloudEvent, traceparentOf } from './envelope';

describe('envelope', () => {
  it('writes every header field of the contract and reads it back', () => {
    const task = createTask({ sender: 'gateway', taskType: 'campaign.plan', payload: { id: 1 }, idempotencyKey: 'k' });
    const parsed = parseEnvelope(JSON.stringify(task));
    expect(parsed).toEqual({ ok: true, envelope: task });
    expect(Object.keys(task).sort()).toEqual(
      [
        'message_id',
        'message_type',
        'sender_id',
        'timestamp',
        'version',
        'correlation_id',
        'reply_to',
        'priority',
        'trace_id',
        'span_id',
        'specversion',
        'task_type',
        'payload',
        'timeout_seconds',
        'retry_count',
        'max_retries',
        'idempotency_key',
      ].sort(),
    );
  });

  it('starts a new correlation and trace for a root message and joins the parent for a caused one', () => {
    const root = createEvent({ sender: 'brand-agent', eventType: 'brand.created', payload: {} });
    expect(root.correlation_id).toBe(root.message_id);
    const child = createTask({ sender: 'strategy-agent', taskType: 'x', payload: {}, parent: root });
    expect(child.trace_id).toBe(root.trace_id);
    expect(child.correlation_id).toBe(root.correlation_id);
    expect(child.span_id).not.toBe(root.span_id);
    expect(traceparentOf(child)).toBe(`00-${root.trace_id}-${child.span_id}-01`);
  });

  it.each([
    ['not JSON', '{oops', 'body is not JSON'],
    ['an unknown message type', JSON.stringify({ message_type: 'gossip' }), 'message_type'],
    ['a bad id', JSON.stringify({ ...createTask({ sender: 's', taskType: 't', payload: 1 }), message_id: 'x' }), 'message_id'],
    ['a negative retry count', JSON.stringify({ ...createTask({ sender: 's', taskType: 't', payload: 1 }), retry_count: -1 }), 'retry_count'],
    ['an unsupported version', JSON.stringify({ ...createTask({ sender: 's', taskType: 't', payload: 1 }), version: '2.0' }), 'version'],
  ])('rejects %s with the reason', (_label, raw, mention) => {
    const r = parseEnvelope(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(mention);
  });

  it('maps to CloudEvents attributes', () => {
    const e = createEvent({ sender: 'creation-agent', eventType: 'content.created', payload: { contentId: 'c1' } });
    expect(toCloudEvent(e)).toMatchObject({
      specversion: '1.0',
      id: e.message_id,
      source: 'creation-agent',
      type: 'content.created',
      time: e.timestamp,
      data: { contentId: 'c1' },
    });
  });

  it('answers a task in its correlation', () => {
    const t = createTask({ sender: 'gateway', taskType: 'brand.get', payload: {} });
    const r = createResponse('brand-agent', t, { error: { code: 'NOT_FOUND', message: 'no brand', retryable: false } });
    expect(r).toMatchObject({ in_reply_to: t.message_id, correlation_id: t.correlation_id, status: 'error' });
    expect(parseEnvelope(JSON.stringify(r)).ok).toBe(true);
  });
});
